package io.previs.servicekit.storage;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where objects live: any S3 API (MinIO in production, the embedded s3proxy locally).
 *
 * @param presignExpiry lifetime of presigned download links handed to users (short on purpose)
 * @param createBucket create the bucket at start-up when missing (off where IAM forbids it)
 * @param outageTolerance how long a call waits out storage that does not answer (connection refused
 *     or reset, timeouts, 5xx), retrying with back-off, before it fails; 0 fails at once. Services
 *     then ride out a restart or failover of the S3 server instead of failing jobs
 * @param waitingAfter a call still waiting after this says so: a {@code storage.waiting} event on
 *     the job it works for, and the {@code previs.storage.waiting} gauge
 */
@Validated
@ConfigurationProperties("previs.storage")
public record StorageProperties(
    @DefaultValue("http://127.0.0.1:9000") @NotBlank String endpoint,
    @DefaultValue("previs") @NotBlank String accessKey,
    @DefaultValue("previs-secret") @NotBlank String secretKey,
    @DefaultValue("previs") @NotBlank String bucket,
    @DefaultValue("us-east-1") String region,
    @DefaultValue("15m") Duration presignExpiry,
    @DefaultValue("true") boolean createBucket,
    @DefaultValue("5m") Duration outageTolerance,
    @DefaultValue("2s") Duration waitingAfter) {

  /** The one Boot binds (the others are for code). */
  @org.springframework.boot.context.properties.bind.ConstructorBinding
  public StorageProperties {
    if (outageTolerance == null || outageTolerance.isNegative()) {
      throw new IllegalArgumentException("previs.storage.outage-tolerance must be 0 or more");
    }
    if (waitingAfter == null || waitingAfter.isNegative()) {
      throw new IllegalArgumentException("previs.storage.waiting-after must be 0 or more");
    }
  }

  /** With the default outage handling (tests, tools). */
  public StorageProperties(
      String endpoint,
      String accessKey,
      String secretKey,
      String bucket,
      String region,
      Duration presignExpiry,
      boolean createBucket) {
    this(
        endpoint,
        accessKey,
        secretKey,
        bucket,
        region,
        presignExpiry,
        createBucket,
        Duration.ofMinutes(5),
        Duration.ofSeconds(2));
  }

  /** The same store with another outage tolerance. */
  public StorageProperties withOutageTolerance(Duration tolerance) {
    return new StorageProperties(
        endpoint,
        accessKey,
        secretKey,
        bucket,
        region,
        presignExpiry,
        createBucket,
        tolerance,
        waitingAfter);
  }
}
