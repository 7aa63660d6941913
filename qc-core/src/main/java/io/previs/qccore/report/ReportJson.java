package io.previs.qccore.report;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report's JSON form: camelCase fields, lower-case enum values ({@code "fail"}), NaN as null.
 * Readers ignore fields they do not know, so the schema can grow without breaking consumers.
 */
public final class ReportJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(NanAsNull.module())
          .build();

  private ReportJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  public static String write(QcReport report) {
    return MAPPER.writeValueAsString(report);
  }

  public static String writePretty(QcReport report) {
    return MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
  }

  public static QcReport read(String json) throws JacksonException {
    return MAPPER.readValue(json, QcReport.class);
  }
}
