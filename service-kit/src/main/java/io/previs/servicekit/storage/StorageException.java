package io.previs.servicekit.storage;

/** An object-storage call failed; the message names the bucket and key. */
public class StorageException extends RuntimeException {

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
