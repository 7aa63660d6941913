package io.previs.servicekit.kafka;

/**
 * A record that can never succeed (invalid content, unknown model): it goes straight to the
 * dead-letter topic with this message as the reason, without retries.
 */
public class NonRetryableException extends RuntimeException {

  public NonRetryableException(String message) {
    super(message);
  }

  public NonRetryableException(String message, Throwable cause) {
    super(message, cause);
  }
}
