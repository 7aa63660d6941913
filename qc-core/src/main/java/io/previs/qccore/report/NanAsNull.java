package io.previs.qccore.report;

import java.util.Arrays;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * JSON has no NaN; "no value" (the first frame's SSIM, a score of an empty clip) is written as null
 * and read back as NaN, so dashboards see gaps rather than the string "NaN".
 */
final class NanAsNull {

  private NanAsNull() {}

  static SimpleModule module() {
    SimpleModule m = new SimpleModule("previs-qc-nan-as-null");
    ValueSerializer<Double> number =
        new ValueSerializer<>() {
          @Override
          public void serialize(Double v, JsonGenerator g, SerializationContext c) {
            write(v, g);
          }
        };
    m.addSerializer(Double.class, number);
    m.addSerializer(double.class, number);
    m.addSerializer(
        double[].class,
        new ValueSerializer<>() {
          @Override
          public void serialize(double[] vs, JsonGenerator g, SerializationContext c) {
            g.writeStartArray(vs, vs.length);
            for (double v : vs) {
              write(v, g);
            }
            g.writeEndArray();
          }
        });
    ValueDeserializer<Double> read =
        new ValueDeserializer<>() {
          @Override
          public Double deserialize(JsonParser p, DeserializationContext c) {
            return p.getValueAsDouble(Double.NaN);
          }

          @Override
          public Double getNullValue(DeserializationContext c) {
            return Double.NaN;
          }
        };
    m.addDeserializer(Double.class, read);
    m.addDeserializer(double.class, read);
    m.addDeserializer(
        double[].class,
        new ValueDeserializer<>() {
          @Override
          public double[] deserialize(JsonParser p, DeserializationContext c) {
            double[] out = new double[16];
            int n = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
              }
              out[n++] = t == JsonToken.VALUE_NULL ? Double.NaN : p.getValueAsDouble(Double.NaN);
            }
            return Arrays.copyOf(out, n);
          }
        });
    return m;
  }

  private static void write(double v, JsonGenerator g) {
    if (Double.isFinite(v)) {
      g.writeNumber(v);
    } else {
      g.writeNull();
    }
  }
}
