package io.previs.servicekit.kafka;

import io.previs.contracts.json.PrevisJson;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Value serializer for contract records (written as Previs JSON) that passes raw bytes through, so
 * the same producer publishes events and forwards undeserializable records to dead-letter topics.
 */
public final class JsonOrBytesSerializer implements Serializer<Object> {

  @Override
  public byte[] serialize(String topic, Object data) {
    if (data == null) {
      return null;
    }
    if (data instanceof byte[] bytes) {
      return bytes;
    }
    if (data instanceof String s) {
      return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return PrevisJson.mapper().writeValueAsBytes(data);
  }
}
