package io.previs.diffusion.pipeline;

/** A render setting outside what the bundle allows; the message names the field and the limit. */
public final class InvalidRenderSettingsException extends IllegalArgumentException {

  private final String field;

  public InvalidRenderSettingsException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
