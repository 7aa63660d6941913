package io.previs.contracts.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic identifiers. A job id is a hash of (studio, client job id), so every submission of
 * the same client job maps to the same job, whichever gateway instance or Kafka client sends it; a
 * shard id names its job, shot and variant.
 */
public final class JobIds {

  private JobIds() {}

  public static String jobId(String studio, String clientJobId) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(studio.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(clientJobId.getBytes(StandardCharsets.UTF_8));
      return "j-" + HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String shardId(String jobId, int shot, int variant) {
    return jobId + "-s" + shot + "v" + variant;
  }
}
