package dev.earshot.audio;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;

/**
 * Earshot's one Jackson configuration, for every file it writes and every JSON it reads: snake_case keys,
 * ISO-8601 instants, the JDK's time types; and, for what a user or a peer wrote, {@link #strict} types.
 */
public final class Json {
  private Json() {}

  /** Compact JSON: a line per value (JSON lines, wire formats). */
  public static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

  /** The configuration on any mapper builder (JSON or YAML). */
  public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
    return builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .findAndAddModules();
  }

  /**
   * The type rules for anything a user or a peer writes (YAML or JSON): unknown keys, duplicate keys, trailing
   * documents and empty primitives are errors; no scalar is coerced into another type.
   */
  public static ObjectMapper strict(ObjectMapper m) {
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    com.fasterxml.jackson.databind.module.SimpleModule notEmpty = new com.fasterxml.jackson.databind.module.SimpleModule("earshot-not-empty");
    notEmpty.addDeserializer(long.class, new NotEmpty<>(long.class, 0L));
    notEmpty.addDeserializer(int.class, new NotEmpty<>(int.class, 0));
    notEmpty.addDeserializer(double.class, new NotEmpty<>(double.class, 0.0));
    notEmpty.addDeserializer(boolean.class, new NotEmpty<>(boolean.class, false));
    m.registerModule(notEmpty);
    m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    m.disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);
    m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return m;
  }

  /**
   * A primitive that an empty value ({@code seed:}) does not silently make 0, while a key left out still takes the
   * record's default.
   */
  private static final class NotEmpty<T> extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<T> {
    private final com.fasterxml.jackson.databind.JsonDeserializer<?> base;
    private final T absent;

    NotEmpty(Class<T> type, T absent) {
      super(type);
      this.base = com.fasterxml.jackson.databind.deser.std.NumberDeserializers.find(type, type.getName());
      this.absent = absent;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt) throws IOException {
      return (T) base.deserialize(p, ctxt);
    }

    @Override
    public T getNullValue(com.fasterxml.jackson.databind.DeserializationContext ctxt) throws com.fasterxml.jackson.databind.JsonMappingException {
      throw MismatchedInputException.from(ctxt.getParser(), handledType(), "an empty value");
    }

    @Override
    public Object getAbsentValue(com.fasterxml.jackson.databind.DeserializationContext ctxt) {
      return absent;
    }

    @Override
    public LogicalType logicalType() {
      return base.logicalType();
    }
  }
}
