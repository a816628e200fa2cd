package dev.earshot.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The kinds of option value Earshot takes, each checked by picocli while it parses the command line, so a bad
 * value is an error (exit 2, naming the option) before any file is read, any audio rendered or any call placed.
 * An option declares its kind with {@code converter = OptionTypes.X.class}.
 */
final class OptionTypes {
  private OptionTypes() {}

  private static final Pattern SIP_URI = Pattern.compile("sips?:([^@\\s]+@)?(\\[[0-9A-Fa-f:.]+]|[^\\s:;\\[\\]@]+)(:(\\d{1,5}))?(;\\S*)?");

  /** Why {@code uri} is not a SIP URI Earshot can call, or null when it is one. */
  static String sipUriProblem(String uri) {
    Matcher m = SIP_URI.matcher(uri);
    if (!m.matches()) return "expected a SIP URI like sip:agent@127.0.0.1:5080 or sip:agent@pbx.example.com;transport=tcp, found '" + uri + "'";
    if (m.group(4) != null) {
      int port = Integer.parseInt(m.group(4));
      if (port < 1 || port > 65535) return "port " + port + " is out of range; expected 1..65535 in '" + uri + "'";
    }
    return null;
  }

  /** {@code sip:[user@]host[:port][;params]} with a port in 1..65535. */
  static final class SipUri implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String problem = sipUriProblem(value);
      if (problem != null) throw new TypeConversionException(problem);
      return value;
    }
  }

  /** A directory to write into: an existing one this user can write, or a new one whose nearest existing parent is. */
  static final class OutputDir implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path p = Path.of(value);
      if (Files.exists(p) && !Files.isDirectory(p)) throw new TypeConversionException("'" + value + "' is a file; expected a directory (or the name of a new one)");
      Path existing = p.toAbsolutePath();
      while (existing != null && !Files.exists(existing)) existing = existing.getParent();
      if (existing == null) return p;
      if (!Files.isDirectory(existing)) throw new TypeConversionException("'" + existing + "' is a file, so '" + value + "' cannot be created; expected a directory");
      if (!Files.isWritable(existing)) throw new TypeConversionException("permission denied writing in '" + existing + "'; expected a directory this user can write");
      return p;
    }
  }

  /** A file to read: it exists, is not a directory, and this user can read it. */
  static final class InputFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      return readable(value, false);
    }
  }

  /** A directory to read (extra profiles, personas). */
  static final class InputDir implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      return readable(value, true);
    }
  }

  /**
   * {@code earshot run --profiles}: a directory of extra profiles, as everywhere, or, when no directory has that name,
   * the profiles to run by name ({@code --profiles clean,noisy-phone}, as {@code --profile}).
   */
  record ProfilesChoice(Path dir, java.util.List<String> names) {}

  static final class DirOrProfileNames implements ITypeConverter<ProfilesChoice> {
    @Override
    public ProfilesChoice convert(String value) {
      if (!Files.isDirectory(Path.of(value)) && value.matches("[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*")) {
        return new ProfilesChoice(null, java.util.List.of(value.split(",")));
      }
      return new ProfilesChoice(readable(value, true), null);
    }
  }

  private static Path readable(String value, boolean directory) {
    Path p = Path.of(value);
    if (!Files.exists(p)) throw new TypeConversionException(value + ": no such " + (directory ? "directory" : "file"));
    if (Files.isDirectory(p) != directory) {
      throw new TypeConversionException(value + (directory ? ": is a file; expected a directory" : ": is a directory; expected a file"));
    }
    if (!Files.isReadable(p)) throw new TypeConversionException(value + ": permission denied");
    return p;
  }

  /** A file to write (a WAV, a key log): not a directory, in a directory that exists or can be made. */
  static final class OutputFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path p = Path.of(value);
      if (Files.isDirectory(p)) throw new TypeConversionException("'" + value + "' is a directory; expected a file name");
      Path parent = p.toAbsolutePath().getParent();
      if (parent != null) new OutputDir().convert(parent.toString());
      return p;
    }
  }
}
