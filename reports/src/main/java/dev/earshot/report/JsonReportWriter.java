package dev.earshot.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Renders results as JSON with snake_case keys; files are replaced atomically. */
final class JsonReportWriter {
  static final JsonMapper JSON = dev.earshot.audio.Json.configure(JsonMapper.builder())
      .serializationInclusion(JsonInclude.Include.ALWAYS) // a report shows every field, null or not
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  /** For reading a report back: no scalar becomes another type (a suite name of 3 is not "3"). */
  /** One value on one line (JSON lines). */
  static final com.fasterxml.jackson.databind.ObjectWriter LINE = JSON.writer().without(SerializationFeature.INDENT_OUTPUT);

  static final com.fasterxml.jackson.databind.ObjectMapper STRICT = dev.earshot.audio.Json.strict(JSON.copy());

  private JsonReportWriter() {}

  /** What was wrong, in the report's own words: the field's path and the JSON type it needs, no Java names. */
  private static String why(com.fasterxml.jackson.core.JsonProcessingException e) {
    String path = "";
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
      StringBuilder sb = new StringBuilder();
      for (var r : m.getPath()) {
        if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        else if (r.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      }
      path = sb.length() == 0 ? "" : sb + ": ";
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
      Class<?> t = m.getTargetType();
      String want = t == String.class ? "a JSON string" : Number.class.isAssignableFrom(t) || t.isPrimitive() && t != boolean.class ? "a JSON number"
          : t == boolean.class || t == Boolean.class ? "true or false" : java.util.Collection.class.isAssignableFrom(t) ? "a JSON array" : "a JSON object";
      return path + "expected " + want;
    }
    String m = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage().lines().findFirst().orElse("malformed JSON");
    return path + m.replaceAll("`?\\b(java|com\\.fasterxml|dev\\.earshot)\\.[\\w.$]+`?", "a value");
  }

  /** Writes {@code text} (UTF-8) to {@code file}, replacing it atomically. */
  static void writeText(String text, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".report-", ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static void write(Object value, Path file) {
    String json;
    try {
      json = JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    writeText(json, file);
  }


  /** Reads {@code file} as {@code type}; a missing or malformed file is a {@link ReportFormatException}, one line. */
  static <T> T read(Path file, Class<T> type) {
    if (!Files.isRegularFile(file)) throw new ReportFormatException(file + ": no such file (expected an Earshot report.json)", null);
    T value;
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (type == RunResult.class || type == RunPlan.class) {
        var tree = STRICT.readTree(bytes);
        var version = tree == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : tree.path("schema_version");
        if (version.isMissingNode() && !(tree != null && tree.path("calls").isArray() && tree.path("suite").isTextual())) {
          throw new ReportFormatException(file + ": expected an Earshot " + (type == RunPlan.class ? Reports.RUN_JSON : Reports.REPORT_JSON)
              + " (with schema_version, suite, started and calls), found "
              + (tree == null || !tree.isObject() ? "no JSON object" : "another JSON object"), null);
        }
        if (!version.isInt() || version.intValue() != RunResult.SCHEMA_VERSION) {
          throw new ReportFormatException(file + ": report schema " + (version.isMissingNode() ? "1 (it has no schema_version)" : version.toString())
              + "; expected schema_version " + RunResult.SCHEMA_VERSION + " (written by another Earshot version: run it again with this one)", null);
        }
      }
      value = STRICT.readValue(bytes, type);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new ReportFormatException(file + ": permission denied; expected an Earshot report.json this user can read", e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      String why = why(e);
      throw new ReportFormatException(file + where + ": expected an Earshot " + type.getSimpleName() + " report (" + why + ")", e);
    } catch (IOException e) {
      throw new ReportFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (value == null || value instanceof RunResult r && (r.suite() == null || r.started() == null)
        || value instanceof RunPlan p && (p.suite() == null || p.started() == null) || value instanceof CallResult c && c.scenario() == null) {
      throw new ReportFormatException(file + ": expected an Earshot " + type.getSimpleName() + " report (with suite, started and calls), found "
          + (value == null ? "null" : "no suite or started"), null);
    }
    return value;
  }
}
