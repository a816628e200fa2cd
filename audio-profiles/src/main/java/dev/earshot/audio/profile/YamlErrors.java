package dev.earshot.audio.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a Jackson failure on a YAML file (a profile, a suite) into one line: {@code file:line:column: path:
 * what was expected}. Shared by every module that reads user YAML.
 */
public final class YamlErrors {
  private YamlErrors() {}

  /**
   * @param source the file name to report
   * @param text the YAML that was parsed, to find where an unknown key really is (Jackson reports keys of
   *     records at the end of their mapping)
   * @param typeIds for a {@code type} property: the accepted values, listed in the message
   */
  public static String describe(String source, String text, JsonProcessingException e, List<String> typeIds) {
    JsonLocation loc = e.getLocation();
    long line = loc == null ? -1 : loc.getLineNr();
    long column = loc == null ? -1 : loc.getColumnNr();
    String what;
    if (e instanceof UnrecognizedPropertyException u) {
      what = "unknown key '" + u.getPropertyName() + "'; expected one of " + u.getKnownPropertyIds();
      long found = lineOfKey(text, u.getPropertyName());
      if (found > 0) {
        line = found;
        column = -1;
      }
    } else if (e instanceof InvalidTypeIdException t) {
      what = "unknown type '" + t.getTypeId() + "'; expected one of " + String.join(", ", typeIds);
    } else if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      what = v.getCause().getMessage();
    } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      what = "expected " + describeType(m.getTargetType()) + " here";
    } else {
      what = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
    }
    String where = line < 0 ? "" : ":" + line + (column < 0 ? "" : ":" + column);
    String path = e instanceof JsonMappingException m ? pathOf(m) : "";
    return source + where + ": " + (path.isEmpty() || what.startsWith(lastField(path) + ":") ? "" : path + ": ") + what;
  }

  private static long lineOfKey(String text, String key) {
    Pattern p = Pattern.compile("^\\s*(- )?\\s*" + Pattern.quote(key) + "\\s*:");
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) if (p.matcher(lines[i]).find()) return i + 1;
    return -1;
  }

  private static String pathOf(JsonMappingException m) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
      else if (r.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
    }
    return sb.toString();
  }

  private static String lastField(String path) {
    String p = path.replaceAll("\\[\\d+]$", "");
    return p.substring(p.lastIndexOf('.') + 1);
  }

  private static String describeType(Class<?> c) {
    if (c == String.class) return "a string";
    if (List.class.isAssignableFrom(c)) return "a list";
    if (Map.class.isAssignableFrom(c) || c.isRecord()) return "a mapping";
    if (c == long.class || c == Long.class || c == int.class || c == Integer.class) return "a whole number";
    if (c == double.class || c == Double.class) return "a number";
    return "a " + c.getSimpleName();
  }
}
