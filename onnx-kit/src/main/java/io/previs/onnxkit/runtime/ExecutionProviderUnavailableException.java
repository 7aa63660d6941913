package io.previs.onnxkit.runtime;

/** CUDA was asked for, is not available, and falling back to CPU was not allowed. */
public final class ExecutionProviderUnavailableException extends RuntimeException {

  public ExecutionProviderUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
