package io.previs.qccore.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Studio profiles: JSON documents that override any subset of {@link QcConfig#defaults()}. Objects
 * merge key by key, scalars and lists replace; profiles apply in order, so a studio profile can sit
 * on a house profile. Unknown keys are errors (a misspelt threshold must not silently do nothing),
 * and every value is range-checked with a message naming the field.
 *
 * <pre>{@code
 * { "profile": "acme-dark-thriller",
 *   "similarity": { "blackFrameRatio": 0.995 },
 *   "verdict": { "severity": { "flow.jitter": "info" }, "disabled": ["face.geometry"] } }
 * }</pre>
 */
public final class QcProfiles {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private QcProfiles() {}

  /** The defaults with each profile file applied in order. */
  public static QcConfig load(Path... profiles) {
    QcConfig config = QcConfig.defaults();
    for (Path p : profiles) {
      try {
        config = apply(config, Files.readString(p));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read QC profile " + p, e);
      }
    }
    return config;
  }

  /** {@code base} with the overrides in a JSON document applied. */
  public static QcConfig apply(QcConfig base, String json) {
    JsonNode overrides;
    try {
      overrides = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidConfigException("profile", "not valid JSON: " + e.getOriginalMessage());
    }
    if (!overrides.isObject()) {
      throw new InvalidConfigException("profile", "must be a JSON object");
    }
    ObjectNode merged = MAPPER.valueToTree(base);
    merge(merged, (ObjectNode) overrides);
    try {
      return MAPPER.treeToValue(merged, QcConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidConfigException(path(e), "unknown setting '" + e.getPropertyName() + "'");
    } catch (JacksonException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InvalidConfigException ice) {
          throw ice;
        }
      }
      throw new InvalidConfigException(path(e), e.getOriginalMessage());
    }
  }

  /** The effective configuration as JSON (what {@code previs qc --print-config} shows). */
  public static String toJson(QcConfig config) {
    return MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(config);
  }

  private static void merge(ObjectNode target, ObjectNode overrides) {
    for (Map.Entry<String, JsonNode> e : overrides.properties()) {
      JsonNode existing = target.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue() instanceof ObjectNode v) {
        merge(o, v);
      } else {
        target.set(e.getKey(), e.getValue());
      }
    }
  }

  private static String path(JacksonException e) {
    StringBuilder sb = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "profile" : sb.toString();
  }
}
