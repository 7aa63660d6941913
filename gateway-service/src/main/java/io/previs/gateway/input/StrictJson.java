package io.previs.gateway.input;

import io.previs.servicekit.kafka.NonRetryableException;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON parser configuration for everything clients send the gateway, REST bodies and Kafka
 * submissions alike, so that no two readers can disagree about what a payload says (parser
 * differentials are how a request smuggles a second meaning past a check):
 *
 * <ul>
 *   <li>a duplicated property name is an error, at any depth ({@code {"studio":"a","studio":"b"}});
 *   <li>one value only: nothing may follow the object;
 *   <li>standard JSON only: no comments, single quotes, NaN, trailing commas or leading zeros;
 *   <li>every string is valid Unicode: an escaped lone UTF-16 surrogate ({@code "\ud800"}) is
 *       refused, as are invalid UTF-8 bytes; every number is finite ({@code 1e400} is refused, not
 *       read as infinity);
 *   <li>size: the document, nesting depth, property names, numbers and the token count are bounded,
 *       so no payload makes the gateway build a huge tree.
 * </ul>
 */
public final class StrictJson {

  /** Deeper than any request needs (a request is three levels deep). */
  public static final int MAX_DEPTH = 16;

  public static final int MAX_NAME_CHARS = 256;
  public static final int MAX_NUMBER_CHARS = 32;

  /** A full request (32 shots, 36 labels) is a few hundred tokens. */
  public static final long MAX_TOKENS = 10_000;

  private static final StrictJson STANDARD = new StrictJson(512 * 1024);

  private final JsonMapper mapper;
  private final long maxBytes;

  public StrictJson(long maxBytes) {
    this.maxBytes = maxBytes;
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxDocumentLength(maxBytes)
                    .maxNestingDepth(MAX_DEPTH)
                    // A string is bounded by the document; the validator names the field's own
                    // (far lower) limit, which says more than a parse error would.
                    .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes))
                    .maxNameLength(MAX_NAME_CHARS)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .maxTokenCount(MAX_TOKENS)
                    .build())
            .build();
    this.mapper =
        JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  }

  /** The parser with the default 512 KiB document limit (tests, tools). */
  public static StrictJson standard() {
    return STANDARD;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Parses a payload that must be one JSON object.
   *
   * @throws BodyTooLargeException when the payload is larger than the limit
   * @throws MalformedJsonException naming what is wrong with it
   */
  public JsonNode parseObject(byte[] payload) {
    if (payload == null || payload.length == 0) {
      throw new MalformedJsonException("payload is empty; expected a JSON object", null);
    }
    if (payload.length > maxBytes) {
      throw new BodyTooLargeException(payload.length, maxBytes);
    }
    JsonNode n;
    try {
      n = mapper.readTree(payload);
    } catch (JacksonException e) {
      throw new MalformedJsonException("payload is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new MalformedJsonException("payload is not a JSON object", null);
    }
    checkValues(n, "");
    return n;
  }

  /**
   * A Kafka record's value, parsed as {@link #parseObject} does; a value that is no strict JSON
   * object can never become a request, so it is not retried but dead-lettered with the reason.
   */
  public ObjectNode parseRecordValue(byte[] value) {
    if (value == null) {
      throw new NonRetryableException("empty record value");
    }
    try {
      return (ObjectNode) parseObject(value);
    } catch (MalformedJsonException | BodyTooLargeException e) {
      throw new NonRetryableException(e.getMessage(), e);
    }
  }

  /** As {@link #parseObject} with the standard limits. */
  public static JsonNode object(byte[] payload) {
    return STANDARD.parseObject(payload);
  }

  /** Every string valid Unicode, every number finite (1e400 is no duration anyone meant). */
  private static void checkValues(JsonNode n, String pointer) {
    if (n.isFloatingPointNumber() && !Double.isFinite(n.asDouble())) {
      throw new MalformedJsonException(
          "the number at " + (pointer.isEmpty() ? "/" : pointer) + " is out of range", null);
    }
    if (n.isString()) {
      String bad = loneSurrogate(n.asString());
      if (bad != null) {
        throw new MalformedJsonException(
            "the string at "
                + (pointer.isEmpty() ? "/" : pointer)
                + " is not valid Unicode: "
                + bad,
            null);
      }
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String bad = loneSurrogate(e.getKey());
        if (bad != null) {
          throw new MalformedJsonException(
              "a property name in "
                  + (pointer.isEmpty() ? "/" : pointer)
                  + " is not valid Unicode: "
                  + bad,
              null);
        }
        checkValues(e.getValue(), pointer + "/" + escape(e.getKey()));
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        checkValues(n.get(i), pointer + "/" + i);
      }
    }
  }

  /** "lone surrogate U+D800 at character 3", or null when {@code s} is well-formed UTF-16. */
  static String loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format("lone surrogate U+%04X at character %d", (int) c, i + 1);
      }
    }
    return null;
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
