package io.previs.contracts.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The pipeline stages a job passes through, in order. */
public enum Stage {
  INTAKE,
  ENCODE,
  RENDER,
  POSTPROCESS,
  QC;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Stage parse(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
