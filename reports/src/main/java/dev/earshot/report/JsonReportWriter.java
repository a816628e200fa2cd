package dev.earshot.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Renders results as JSON with snake_case keys; files are replaced atomically. */
final class JsonReportWriter {
  static final JsonMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .serializationInclusion(JsonInclude.Include.ALWAYS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .findAndAddModules()
      .build();

  private JsonReportWriter() {}

  static void write(Object value, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".report-", ".tmp");
      JSON.writeValue(tmp.toFile(), value);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads {@code file} as {@code type}; a missing or malformed file is a {@link ReportFormatException}, one line. */
  static <T> T read(Path file, Class<T> type) {
    if (!Files.isRegularFile(file)) throw new ReportFormatException(file + ": no such file (expected an Earshot report.json)", null);
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage().lines().findFirst().orElse("");
      throw new ReportFormatException(file + where + ": expected an Earshot " + type.getSimpleName() + " report (" + why + ")", e);
    } catch (IOException e) {
      throw new ReportFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }
}
