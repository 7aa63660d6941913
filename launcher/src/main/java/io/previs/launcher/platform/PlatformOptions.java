package io.previs.launcher.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start the local platform.
 *
 * @param dataDir object storage files, model bundles, logs
 * @param kafkaPort 0 for any free port
 * @param gatewayPort 0 for any free port
 * @param workers in-JVM GPU workers to start (0: none; add them later or run them as processes)
 * @param recordLock share-group acquisition lock (how soon a dead worker's shard moves on)
 * @param internalHttp give the back-end services their HTTP server (actuator probes, Prometheus)
 * @param extra further properties for every service (e.g. previs.worker.checkpoint-every-steps)
 * @param saslKafka run the broker with a SASL listener and authorization, as production runs it;
 *     every service then connects with credentials (spring.kafka.security.protocol, sasl.*)
 * @param studios the local studios, each given an API key (the first one's is {@code api-key})
 */
public record PlatformOptions(
    Path dataDir,
    int kafkaPort,
    int s3Port,
    int gatewayPort,
    int workers,
    Duration recordLock,
    boolean internalHttp,
    Map<String, String> extra,
    boolean saslKafka,
    List<String> studios) {

  public static PlatformOptions defaults(Path dataDir) {
    return new PlatformOptions(
        dataDir, 0, 0, 8080, 1, Duration.ofSeconds(15), true, Map.of(), false, List.of("local"));
  }

  public PlatformOptions withWorkers(int n) {
    return new PlatformOptions(
        dataDir,
        kafkaPort,
        s3Port,
        gatewayPort,
        n,
        recordLock,
        internalHttp,
        extra,
        saslKafka,
        studios);
  }

  public PlatformOptions withPorts(int kafka, int s3, int gateway) {
    return new PlatformOptions(
        dataDir, kafka, s3, gateway, workers, recordLock, internalHttp, extra, saslKafka, studios);
  }

  public PlatformOptions withExtra(Map<String, String> more) {
    var m = new LinkedHashMap<>(extra);
    m.putAll(more);
    return new PlatformOptions(
        dataDir,
        kafkaPort,
        s3Port,
        gatewayPort,
        workers,
        recordLock,
        internalHttp,
        Map.copyOf(m),
        saslKafka,
        studios);
  }

  public PlatformOptions withRecordLock(Duration d) {
    return new PlatformOptions(
        dataDir,
        kafkaPort,
        s3Port,
        gatewayPort,
        workers,
        d,
        internalHttp,
        extra,
        saslKafka,
        studios);
  }

  /** The local studios, each with an API key; the first is what README examples use. */
  public PlatformOptions withStudios(String... names) {
    return new PlatformOptions(
        dataDir,
        kafkaPort,
        s3Port,
        gatewayPort,
        workers,
        recordLock,
        internalHttp,
        extra,
        saslKafka,
        List.of(names));
  }

  public PlatformOptions withSaslKafka(boolean sasl) {
    return new PlatformOptions(
        dataDir,
        kafkaPort,
        s3Port,
        gatewayPort,
        workers,
        recordLock,
        internalHttp,
        extra,
        sasl,
        studios);
  }

  public PlatformOptions withInternalHttp(boolean h) {
    return new PlatformOptions(
        dataDir, kafkaPort, s3Port, gatewayPort, workers, recordLock, h, extra, saslKafka, studios);
  }
}
