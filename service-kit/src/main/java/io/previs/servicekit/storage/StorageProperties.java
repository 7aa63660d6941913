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
    @DefaultValue("true") boolean createBucket) {}
