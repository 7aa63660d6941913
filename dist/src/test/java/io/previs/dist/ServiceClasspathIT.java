package io.previs.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The service images are built from target/lib (after the package phase, hence an IT): it must hold
 * the five services and none of the local-only tools.
 */
class ServiceClasspathIT {

  private static List<String> jars() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("target", "lib"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void holdsTheSevenServices() throws IOException {
    assertThat(jars())
        .anyMatch(j -> j.startsWith("gateway-service-"))
        .anyMatch(j -> j.startsWith("encoder-service-"))
        .anyMatch(j -> j.startsWith("diffusion-worker-"))
        .anyMatch(j -> j.startsWith("postprocess-service-"))
        .anyMatch(j -> j.startsWith("qc-service-"))
        .anyMatch(j -> j.startsWith("scheduler-service-"))
        .anyMatch(j -> j.startsWith("autoscaler-service-"))
        .anyMatch(j -> j.startsWith("kubernetes-client-"))
        .anyMatch(j -> j.startsWith("kafka-streams-"))
        .anyMatch(j -> j.startsWith("onnxruntime-"));
  }

  @Test
  void holdsNoModelGeneratorsNoEmbeddedBrokerAndNoS3Server() throws IOException {
    assertThat(jars())
        .noneMatch(j -> j.startsWith("model-tools-"))
        .noneMatch(j -> j.startsWith("local-stack-"))
        .noneMatch(j -> j.startsWith("launcher-") || j.startsWith("previs-launcher"))
        .noneMatch(j -> j.startsWith("s3proxy-"))
        .noneMatch(j -> j.startsWith("kafka_2.13-"))
        .noneMatch(j -> j.startsWith("spring-kafka-test-"))
        .noneMatch(j -> j.startsWith("kubernetes-server-mock-"));
  }
}
