package io.previs.servicekit.storage;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Readiness: the bucket answers. A service cannot store or read frames without it. */
public final class StorageHealthIndicator extends AbstractHealthIndicator {

  private final ObjectStore store;

  public StorageHealthIndicator(ObjectStore store) {
    super("object storage unreachable");
    this.store = store;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    boolean exists = store.bucketExists();
    (exists ? builder.up() : builder.down()).withDetail("bucket", store.bucket());
  }
}
