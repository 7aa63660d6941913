package io.previs.gateway;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Gateway settings. Limits protect the farm from requests no previs shot needs; each is named in
 * the error a request breaking it gets.
 *
 * @param defaultModel model id used when a request names none
 * @param maxPromptChars per prompt and negative prompt
 * @param maxFramesPerJob frames over all shots and variants of one job (GPU budget guard)
 * @param maxShotSeconds the longest shot, on any model: past the model's own window a shot is
 *     denoised in overlapping windows (each costing a short shot), up to this
 * @param modelRefresh how often the model catalogue is re-read from object storage
 * @param maxRequestBytes largest request body (REST) or submission record (Kafka); must stay under
 *     the broker's message size limit (1 MiB by default), since a submission is queued whole
 * @param intakeTimeout how long POST /v1/jobs waits for intake's decision before answering 503
 * @param readTimeout how long a read of a job this replica does not know yet waits for the job
 *     event log to catch up before answering 404 (read-your-writes across replicas)
 * @param intakeConcurrency intake consumer threads per replica
 * @param defaultMaxQueuedJobs jobs a studio may have accepted and not finished when ops have set it
 *     no quota (0: no limit); past it intake answers 429
 * @param quotaRetryAfter the Retry-After of a 429 for a studio at its queued-job limit
 */
@Validated
@ConfigurationProperties("previs.gateway")
public record GatewayProperties(
    @DefaultValue("previs-oracle") @NotBlank String defaultModel,
    @DefaultValue("2000") @Min(1) int maxPromptChars,
    @DefaultValue("32") @Min(1) int maxShots,
    @DefaultValue("16") @Min(1) int maxVariants,
    @DefaultValue("20000") @Min(1) int maxFramesPerJob,
    @DefaultValue("200") @Min(1) int maxSteps,
    @DefaultValue("30") double maxGuidance,
    @DefaultValue("60") @Min(1) int maxFps,
    @DefaultValue("1m") Duration modelRefresh,
    @DefaultValue("512KB") DataSize maxRequestBytes,
    @DefaultValue("10s") Duration intakeTimeout,
    @DefaultValue("3s") Duration readTimeout,
    @DefaultValue("3") @Min(1) @Max(64) int intakeConcurrency,
    @DefaultValue("0") @Min(0) int defaultMaxQueuedJobs,
    @DefaultValue("30s") Duration quotaRetryAfter,
    @DefaultValue("60") @Min(1) @Max(600) int maxShotSeconds) {

  public GatewayProperties {
    if (maxRequestBytes.toBytes() < 1024 || maxRequestBytes.toBytes() > 900 * 1024) {
      throw new IllegalArgumentException(
          "previs.gateway.max-request-bytes "
              + maxRequestBytes
              + " is outside 1KB..900KB (a submission is one Kafka record)");
    }
  }

  /** Defaults, for tests and tools. */
  public static GatewayProperties defaults() {
    return new GatewayProperties(
        "previs-oracle",
        2000,
        32,
        16,
        20000,
        200,
        30,
        60,
        Duration.ofMinutes(1),
        DataSize.ofKilobytes(512),
        Duration.ofSeconds(10),
        Duration.ofSeconds(3),
        3,
        0,
        Duration.ofSeconds(30),
        60);
  }
}
