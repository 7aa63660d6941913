package io.previs.gateway.input;

/** The payload is not a JSON object at all: a poison record on Kafka, a 400 over HTTP. */
public class MalformedJsonException extends RuntimeException {

  public MalformedJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
