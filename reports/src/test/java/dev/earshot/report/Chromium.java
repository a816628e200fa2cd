package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, for tests of {@code report.html}: loads a page from disk as a user opening the file
 * would (no server), lets its script run, and returns the DOM it left. Skips without Chromium, fails under CI.
 */
public final class Chromium {
  private Chromium() {}

  public static void require() {
    ExternalTools.require("chromium", "--version", "chromium");
  }

  /**
   * The DOM of {@code file} (opened at {@code #fragment} when not null) once its script has run; asserts the page wrote
   * nothing to the browser's console (an uncaught error, a failed script).
   */
  public static String dom(Path file, String fragment) throws IOException, InterruptedException {
    String[] outErr = run(file, fragment, "--dump-dom");
    List<String> console = outErr[1].lines().filter(l -> l.contains(":CONSOLE")).toList();
    assertEquals(List.of(), console, "the page's console");
    return outErr[0];
  }

  /** A screenshot of {@code file} at {@code #fragment}, {@code width} × {@code height}, to {@code png}. */
  public static void screenshot(Path file, String fragment, int width, int height, Path png) throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    run(file, fragment, "--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath());
    assertTrue(Files.size(png) > 0, "a screenshot");
  }

  /** Chromium's standard output and standard error for {@code file} with {@code args}. */
  private static String[] run(Path file, String fragment, String... args) throws IOException, InterruptedException {
    require();
    Path profile = Files.createTempDirectory("earshot-chromium-");
    Path err = profile.resolveSibling(profile.getFileName() + ".log");
    try {
      String url = file.toAbsolutePath().toUri() + (fragment == null ? "" : "#" + fragment);
      List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--enable-logging=stderr", "--v=0"));
      cmd.addAll(List.of(args));
      cmd.add(url);
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
      byte[] out = p.getInputStream().readAllBytes();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not end");
      assertEquals(0, p.exitValue(), "chromium's exit code");
      return new String[] {new String(out, StandardCharsets.UTF_8), Files.readString(err)};
    } finally {
      Files.deleteIfExists(err);
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Asserts the page's script ran to its end without an error, and returns the DOM. */
  public static String loaded(Path file, String fragment) throws IOException, InterruptedException {
    String dom = dom(file, fragment);
    assertTrue(dom.contains("data-ready=\""), "the page's script did not finish: " + dom.substring(0, Math.min(300, dom.length())));
    Matcher errors = Pattern.compile("<div id=\"errors\"[^>]*>([^<]*)<").matcher(dom);
    assertTrue(errors.find(), "the page has its error box");
    assertEquals("", errors.group(1), "the page's script reported errors");
    assertTrue(!dom.contains("data-errors="), "the page's script reported errors");
    return dom;
  }

  /** How many times {@code regex} occurs in {@code dom}. */
  public static int count(String dom, String regex) {
    Matcher m = Pattern.compile(regex).matcher(dom);
    int n = 0;
    while (m.find()) n++;
    return n;
  }

  /** The section of call {@code id} in a DOM: from its start to the next call's. */
  public static String callSection(String dom, String id) {
    int from = dom.indexOf("<section class=\"call\" id=\"call-" + id + "\"");
    if (from < 0) from = dom.indexOf("id=\"call-" + id + "\"");
    assertTrue(from >= 0, "no section for call " + id);
    int to = dom.indexOf("<section class=\"call", from + 10);
    return dom.substring(from, to < 0 ? dom.length() : to);
  }
}
