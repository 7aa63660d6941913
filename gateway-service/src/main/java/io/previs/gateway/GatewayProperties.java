package io.previs.gateway;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Gateway settings. Limits protect the farm from requests no previs shot needs; each is named in
 * the error a request breaking it gets.
 *
 * @param defaultModel model id used when a request names none
 * @param maxPromptChars per prompt and negative prompt
 * @param maxFramesPerJob frames over all shots and variants of one job (GPU budget guard)
 * @param modelRefresh how often the model catalogue is re-read from object storage
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
    @DefaultValue("1m") Duration modelRefresh) {}
