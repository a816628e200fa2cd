package dev.earshot.audio.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * How every file a user writes (a suite, a profile, a persona) is read, and how every way it can be wrong
 * becomes one line: {@code file:line:column: path: what was expected}. Shared by every module that reads user
 * YAML, so each class of mistake is handled once:
 *
 * <ul>
 *   <li>the file itself: missing, a directory, unreadable, not UTF-8 text, binary;
 *   <li>YAML syntax: SnakeYAML's problem (not its context) at the problem's own mark; a tab named as a tab;
 *   <li>types: numbers are not coerced to text or text to numbers, {@code 1.5} is not a whole number, an empty
 *       value is not zero, a key given twice is an error;
 *   <li>the place: every error points at the offending node's own line, found from a map of the document's
 *       paths to their locations — not where the parser happened to be when a record refused its values.
 * </ul>
 */
public final class UserYaml {
  private UserYaml() {}

  /** A YAML mapper with snake_case keys and {@link dev.earshot.audio.Json#strict} types. */
  public static ObjectMapper mapper() {
    return dev.earshot.audio.Json.strict(dev.earshot.audio.Json.configure(com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()).build());
  }

  /** The bytes of a file the user named, or one line saying why not (see {@link dev.earshot.audio.UserFiles#read}). */
  public static byte[] readFile(Path file, String expected, BiFunction<String, Throwable, ? extends RuntimeException> error) {
    return dev.earshot.audio.UserFiles.read(file, expected, error);
  }

  /**
   * Parses {@code yaml} into {@code type}; {@code null} for a document with no content (the caller says what an
   * empty file should have held).
   *
   * @param typeIds for a polymorphic {@code type} key: the accepted values, listed in the message
   */
  public static <T> T parse(ObjectMapper mapper, byte[] yaml, String source, Class<T> type, List<String> typeIds,
      BiFunction<String, Throwable, ? extends RuntimeException> given) {
    BiFunction<String, Throwable, ? extends RuntimeException> error = (m, e) -> given.apply(dev.earshot.audio.Messages.oneLine(m), e); // whatever the parser quoted
    String text = text(yaml, source, error);
    JsonNode tree = null;
    try {
      tree = mapper.readTree(text);
      if (tree == null || tree.isMissingNode() || tree.isNull()) return null;
      // from the text again, not the tree: only the parser's own exceptions carry the source's line and column
      return mapper.readValue(text, type);
    } catch (ValueInstantiationException e) {
      // Jackson checks a record's keys only after its constructor ran: a misspelt key must not hide behind the
      // error its absence caused
      String unknown = unknownKey(mapper, tree, e);
      throw error.apply(unknown != null ? at(source, text, unknown, "unknown key '" + unknown.substring(unknown.lastIndexOf('.') + 1)
          + "'; expected one of " + knownKeys(mapper, e)) : describe(source, text, e, typeIds), e);
    } catch (JsonProcessingException e) {
      throw error.apply(describe(source, text, e, typeIds), e);
    } catch (IOException e) {
      throw error.apply(source + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** The path of a key of the record that failed which that record does not have, or null. */
  private static String unknownKey(ObjectMapper mapper, JsonNode tree, ValueInstantiationException e) {
    if (tree == null || e.getType() == null) return null;
    String path = pathOf(e);
    JsonNode node = tree.at(pointer(path));
    java.util.Set<String> known = knownKeys(mapper, e);
    if (!node.isObject() || known.isEmpty()) return null;
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) return join(path, key);
    }
    return null;
  }

  private static java.util.Set<String> knownKeys(ObjectMapper mapper, ValueInstantiationException e) {
    java.util.Set<String> known = new java.util.TreeSet<>();
    var props = mapper.getDeserializationConfig().introspect(e.getType()).findProperties();
    boolean creator = props.stream().anyMatch(p -> p.hasConstructorParameter());
    props.stream().filter(p -> !creator || p.hasConstructorParameter()).forEach(p -> known.add(p.getName()));
    for (Class<?> c = e.getType().getRawClass(); c != null && !known.isEmpty(); c = c.getSuperclass()) { // a subtype's type id key
      for (Class<?> i : c.getInterfaces()) {
        var info = i.getAnnotation(com.fasterxml.jackson.annotation.JsonTypeInfo.class);
        if (info != null) known.add(info.property().isEmpty() ? "@type" : info.property());
      }
    }
    return known;
  }

  /** {@code source:line:col: path: what}, the place being {@code path}'s own node (or its closest enclosing one). */
  private static String at(String source, String text, String path, String what) {
    JsonLocation own = nearest(locate(text), path);
    String where = own == null ? "" : ":" + own.getLineNr() + ":" + own.getColumnNr();
    return source + where + ": " + (path.isEmpty() ? "" : path + ": ") + what;
  }

  private static com.fasterxml.jackson.core.JsonPointer pointer(String path) {
    StringBuilder sb = new StringBuilder();
    for (String part : path.split("\\.|(?=\\[)")) {
      if (part.isEmpty()) continue;
      sb.append('/').append(part.startsWith("[") ? part.substring(1, part.length() - 1) : part.replace("~", "~0").replace("/", "~1"));
    }
    return com.fasterxml.jackson.core.JsonPointer.compile(sb.toString());
  }

  /** Strict UTF-8 without NUL bytes, else one line with the first bad byte's line and column. */
  static String text(byte[] bytes, String source, BiFunction<String, Throwable, ? extends RuntimeException> error) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = d.decode(in, out, true);
    if (!r.isError()) r = d.flush(out);
    out.flip();
    String s = out.toString();
    if (r.isError()) {
      throw error.apply(source + ":" + place(s, s.length()) + ": found byte 0x" + String.format("%02x", bytes[in.position()] & 0xff)
          + ", which is not UTF-8 text; expected a YAML text file in UTF-8", null);
    }
    int nul = s.indexOf('\0');
    if (nul >= 0) throw error.apply(source + ":" + place(s, nul) + ": found a NUL byte (binary data); expected a YAML text file", null);
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  private static String place(String s, int offset) {
    int line = 1, col = 1;
    for (int i = 0; i < offset; i++) {
      if (s.charAt(i) == '\n') {
        line++;
        col = 1;
      } else col++;
    }
    return line + ":" + col;
  }

  /** One line for a failure Jackson reported on {@code text}. */
  static String describe(String source, String text, JsonProcessingException e, List<String> typeIds) {
    Map<String, JsonLocation> at = locate(text);
    String path = e instanceof JsonMappingException m ? pathOf(m) : "";
    long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
    long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
    boolean syntax = false;
    String what;
    if (e.getOriginalMessage().startsWith("Trailing token")) {
      what = "found a second document (after '---'); expected one YAML document per file";
      syntax = true;
    } else if (e instanceof ValueInstantiationException && e.getCause() instanceof InvalidField f) {
      path = join(path, f.field());
      what = f.problem();
    } else if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      what = v.getCause().getMessage();
    } else if (e instanceof UnrecognizedPropertyException u) {
      what = "unknown key '" + u.getPropertyName() + "'; expected one of " + u.getKnownPropertyIds();
    } else if (e instanceof InvalidTypeIdException t) {
      what = "unknown type '" + t.getTypeId() + "'; expected one of " + String.join(", ", typeIds);
    } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      what = "expected " + describeType(m.getTargetType()) + found(m);
    } else if (e.getCause() instanceof MarkedYAMLException y) {
      syntax = true;
      what = problem(y);
      Mark mark = y.getProblemMark() != null ? y.getProblemMark() : y.getContextMark();
      if (mark != null) {
        line = mark.getLine() + 1;
        column = mark.getColumn() + 1;
      }
    } else if (e.getOriginalMessage().startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser p) {
      path = pathOf(p.getParsingContext());
      JsonLocation first = at.get(path);
      JsonLocation second = p.currentTokenLocation();
      line = second.getLineNr();
      column = second.getColumnNr();
      what = "key given twice" + (first == null ? "" : " (first on line " + first.getLineNr() + ")") + "; expected each key once";
      syntax = true; // the parser's location is the second one, which is the one to show
    } else {
      what = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
    }
    if (!syntax) {
      JsonLocation own = nearest(at, path);
      if (own != null) {
        line = own.getLineNr();
        column = own.getColumnNr();
      }
    }
    String where = line < 0 ? "" : ":" + line + (column < 0 ? "" : ":" + column);
    return source + where + ": " + (path.isEmpty() ? "" : path + ": ") + what;
  }

  private static String problem(MarkedYAMLException y) {
    String p = y.getProblem() == null ? y.getMessage().lines().findFirst().orElse("malformed YAML") : y.getProblem();
    if (p.contains("\t") || p.contains("TAB")) return "found a tab character; expected spaces (YAML indents with spaces only)";
    if (y.getContext() != null && y.getContextMark() != null && y.getProblemMark() != null
        && y.getContextMark().getLine() != y.getProblemMark().getLine()) {
      return p + ", " + y.getContext() + " that starts at line " + (y.getContextMark().getLine() + 1);
    }
    return p;
  }

  private static String found(MismatchedInputException m) {
    if (m.getProcessor() instanceof JsonParser p && p.currentToken() != null && p.currentToken().isScalarValue()) {
      try {
        String t = p.getText();
        if (p.currentToken() == JsonToken.VALUE_NULL) return ", found an empty value";
        if (t != null) return ", found " + (p.currentToken() == JsonToken.VALUE_STRING ? "'" + t + "' (text)" : t);
      } catch (IOException ignored) {
        // no text to show
      }
    }
    return " here";
  }

  /** The location of {@code path}, or of the closest enclosing node the document has (a missing key's record). */
  private static JsonLocation nearest(Map<String, JsonLocation> at, String path) {
    for (String p = path; ; ) {
      JsonLocation l = at.get(p);
      if (l != null || p.isEmpty()) return l;
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }

  /**
   * Every key and list element's path ({@code scenarios[0].turns[1].say}) mapped to where it starts; for a
   * document that fails to parse, what came before the failure.
   */
  static Map<String, JsonLocation> locate(String text) {
    Map<String, JsonLocation> at = new HashMap<>();
    try (JsonParser p = new YAMLFactory().createParser(text)) {
      for (JsonToken t; (t = p.nextToken()) != null; ) {
        JsonStreamContext c = p.getParsingContext();
        JsonLocation l = p.currentTokenLocation();
        if (t == JsonToken.FIELD_NAME) {
          at.putIfAbsent(pathOf(c), l);
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          JsonStreamContext parent = c.getParent();
          if (parent != null && (parent.inArray() || parent.inRoot())) at.putIfAbsent(pathOf(parent), l);
        } else if (t.isScalarValue() && (c.inArray() || c.inRoot())) {
          at.putIfAbsent(pathOf(c), l);
        }
      }
    } catch (IOException | RuntimeException partial) {
      // the index holds what came before the syntax error
    }
    return at;
  }

  private static String pathOf(JsonStreamContext c) {
    java.util.ArrayDeque<JsonStreamContext> chain = new java.util.ArrayDeque<>();
    for (JsonStreamContext x = c; x != null && !x.inRoot(); x = x.getParent()) chain.push(x);
    StringBuilder sb = new StringBuilder();
    for (JsonStreamContext x : chain) {
      if (x.inArray()) sb.append('[').append(Math.max(0, x.getCurrentIndex())).append(']');
      else if (x.getCurrentName() != null) sb.append(sb.length() == 0 ? "" : ".").append(x.getCurrentName());
    }
    return sb.toString();
  }

  private static String pathOf(JsonMappingException m) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
      else if (r.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
    }
    return sb.toString();
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : field.startsWith("[") ? path + field : path + "." + field;
  }

  private static String describeType(Class<?> c) {
    if (c == String.class) return "text (quote it if it looks like a number)";
    if (List.class.isAssignableFrom(c) || c.isArray()) return "a list";
    if (Map.class.isAssignableFrom(c) || c.isRecord()) return "a mapping";
    if (c == long.class || c == Long.class || c == int.class || c == Integer.class) return "a whole number";
    if (c == double.class || c == Double.class || c == float.class || c == Float.class) return "a number";
    if (c == boolean.class || c == Boolean.class) return "true or false";
    if (c.isEnum()) return "one of " + java.util.Arrays.toString(c.getEnumConstants());
    return "a " + c.getSimpleName();
  }
}
