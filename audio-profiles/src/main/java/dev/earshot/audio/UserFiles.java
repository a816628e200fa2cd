package dev.earshot.audio;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.BiFunction;

/** Reading a file the user named (a suite, a profile, a recording), with one line for each way that fails. */
public final class UserFiles {
  private UserFiles() {}

  /**
   * The file's bytes, or {@code error} applied to one line: {@code FILE: is a directory; expected a suite YAML file},
   * {@code FILE: no such file; ...}, {@code FILE: permission denied; ...}.
   *
   * @param expected what the file should be, in words ("a suite YAML file")
   * @param error the module's own exception for that line and its cause (may be null)
   */
  public static byte[] read(Path file, String expected, BiFunction<String, Throwable, ? extends RuntimeException> error) {
    if (Files.isDirectory(file)) throw error.apply(file + ": is a directory; expected " + expected, null);
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw error.apply(file + ": no such file; expected " + expected, e);
    } catch (AccessDeniedException e) {
      throw error.apply(file + ": permission denied; expected " + expected + " this user can read", e);
    } catch (IOException e) {
      throw error.apply(file + ": cannot read (" + e.getMessage() + "); expected " + expected, e);
    } catch (OutOfMemoryError e) {
      throw error.apply(file + ": too large to read (" + size(file) + " bytes); expected " + expected, null);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
