package io.previs.qccore.config;

/** A QC configuration or profile value that cannot be used; names the field. */
public final class InvalidConfigException extends IllegalArgumentException {

  private final String field;

  public InvalidConfigException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
