package io.previs.contracts.json;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;

/**
 * Kafka serde for one contract record type in {@link PrevisJson}'s dialect. Deserialization
 * failures raise {@link SerializationException} so that an ErrorHandlingDeserializer can route the
 * poison record to its dead-letter topic with the reason.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return PrevisJson.mapper().writeValueAsBytes(data);
    } catch (JacksonException e) {
      throw new SerializationException(
          "cannot write " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return PrevisJson.mapper().readValue(data, type);
    } catch (JacksonException e) {
      throw new SerializationException(
          "not a valid " + type.getSimpleName() + " on " + topic + ": " + e.getOriginalMessage(),
          e);
    }
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }
}
