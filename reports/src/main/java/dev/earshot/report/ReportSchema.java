package dev.earshot.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The JSON Schema (draft 2020-12) of {@code report.json}, derived from the result model itself (so it cannot
 * drift from what is written) and documented from {@code report-schema.properties}, a sentence per field.
 */
final class ReportSchema {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final PropertyNamingStrategies.NamingBase SNAKE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
  /** Fields that are never null. Others may be, as the record's documentation says. */
  private static final Set<String> NEVER_NULL = Set.of("RunResult.suite", "RunResult.started", "CallResult.id", "CallResult.status",
      "TurnResult.said", "Failure.layer", "Failure.code", "Failure.message", "BargeInResult.kind");

  private ReportSchema() {}

  /** One schema being built: the descriptions, the records defined so far, the fields found without a description. */
  private record Build(Properties docs, Map<Class<?>, ObjectNode> defs, List<String> missing) {}

  static ObjectNode schema() {
    Properties docs = new Properties();
    try (InputStream in = ReportSchema.class.getResourceAsStream("report-schema.properties")) {
      docs.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(new IOException("report-schema.properties missing from the jar"));
    }
    Build b = new Build(docs, new LinkedHashMap<>(), new java.util.ArrayList<>());
    ObjectNode root = object(RunResult.class, b);
    if (!b.missing().isEmpty()) throw new IllegalStateException("report-schema.properties: no description of " + b.missing());
    ObjectNode schema = F.objectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", "https://earshot.dev/schema/report-" + RunResult.SCHEMA_VERSION + ".json");
    schema.put("title", "Earshot report.json, schema_version " + RunResult.SCHEMA_VERSION);
    schema.put("description", docs.getProperty("RunResult"));
    schema.setAll(root);
    ObjectNode d = schema.putObject("$defs");
    b.defs().forEach((c, node) -> {
      if (c != RunResult.class) d.set(c.getSimpleName(), node);
    });
    return schema;
  }

  private static ObjectNode object(Class<?> type, Build b) {
    Properties docs = b.docs();
    ObjectNode node = F.objectNode();
    b.defs().put(type, node);
    node.put("type", "object");
    if (docs.getProperty(type.getSimpleName()) != null && type != RunResult.class) node.put("description", docs.getProperty(type.getSimpleName()));
    ObjectNode props = node.putObject("properties");
    ArrayNode required = node.putArray("required");
    boolean nonNull = type.isAnnotationPresent(JsonInclude.class) && type.getAnnotation(JsonInclude.class).value() == JsonInclude.Include.NON_NULL;
    Map<String, Type> fields = new LinkedHashMap<>();
    Map<String, Type> derived = new java.util.TreeMap<>(); // fields computed from the others, in a stable order
    for (Method m : type.getMethods()) {
      JsonProperty p = m.getAnnotation(JsonProperty.class);
      if (p != null && m.getParameterCount() == 0 && !m.isAnnotationPresent(JsonIgnore.class)) derived.put(p.value(), m.getGenericReturnType());
    }
    fields.putAll(derived);
    for (RecordComponent c : type.getRecordComponents()) fields.put(SNAKE.translate(c.getName()), c.getGenericType());
    for (Map.Entry<String, Type> f : fields.entrySet()) {
      String key = type.getSimpleName() + "." + f.getKey();
      boolean nullable = !NEVER_NULL.contains(key);
      ObjectNode p = type(f.getValue(), nullable, b);
      String doc = docs.getProperty(key);
      if (doc == null) b.missing().add(key);
      else p.put("description", doc);
      props.set(f.getKey(), p);
      if (!(nonNull && nullable)) required.add(f.getKey());
    }
    node.put("additionalProperties", false);
    return node;
  }

  private static ObjectNode type(Type t, boolean nullable, Build b) {
    ObjectNode n = F.objectNode();
    if (t instanceof ParameterizedType pt && pt.getRawType() == List.class) {
      n.put("type", "array");
      n.set("items", type(pt.getActualTypeArguments()[0], false, b));
      return n;
    }
    if (t instanceof ParameterizedType pt && pt.getRawType() == Map.class) {
      n.put("type", "object");
      n.set("additionalProperties", type(pt.getActualTypeArguments()[1], false, b));
      return n;
    }
    Class<?> c = (Class<?>) t;
    String json = c == int.class || c == long.class ? "integer" : c == double.class ? "number" : c == boolean.class ? "boolean"
        : c == Integer.class || c == Long.class ? "integer" : c == Double.class ? "number" : c == Boolean.class ? "boolean"
        : c == String.class || c == Instant.class || c.isEnum() ? "string" : null;
    if (json != null) {
      if (nullable && !c.isPrimitive()) n.putArray("type").add(json).add("null");
      else n.put("type", json);
      if (c == Instant.class) n.put("format", "date-time");
      if (c == Layer.class) {
        ArrayNode e = n.putArray("enum");
        for (Layer l : Layer.values()) e.add(l.id());
        if (nullable) e.addNull();
      }
      return n;
    }
    if (!c.isRecord()) throw new IllegalStateException("no JSON type for " + c);
    if (!b.defs().containsKey(c)) object(c, b);
    String ref = "#/$defs/" + c.getSimpleName();
    if (!nullable) return n.put("$ref", ref);
    ArrayNode any = n.putArray("anyOf");
    any.addObject().put("$ref", ref);
    any.addObject().put("type", "null");
    return n;
  }
}
