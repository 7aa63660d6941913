package io.previs.gateway.input;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON parser configuration for everything clients send the gateway. */
public final class StrictJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StrictJson() {}

  /**
   * Parses a payload that must be one JSON object.
   *
   * @throws MalformedJsonException naming what is wrong with it
   */
  public static JsonNode object(byte[] payload) {
    try {
      JsonNode n = JSON.readTree(payload);
      if (n == null || !n.isObject()) {
        throw new MalformedJsonException("payload is not a JSON object", null);
      }
      return n;
    } catch (JacksonException e) {
      throw new MalformedJsonException("payload is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
