package io.previs.gateway.input;

/** A request body (or submission record) over the configured size limit: HTTP 413. */
public class BodyTooLargeException extends RuntimeException {

  private final long limit;

  public BodyTooLargeException(long size, long limit) {
    super(
        "body: "
            + (size < 0 ? "more than " + limit : Long.toString(size))
            + " bytes exceed the limit of "
            + limit
            + " bytes (previs.gateway.max-request-bytes)");
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
