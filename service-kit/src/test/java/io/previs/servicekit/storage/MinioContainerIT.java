package io.previs.servicekit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The object store against the MinIO image, for users with Docker (skipped without it; every test
 * here runs against s3proxy through the same MinIO client): bucket, put, list, a presigned link
 * that works and one that was tampered with that does not, and the conditional create ({@code
 * If-None-Match: *}) that a shard's commit relies on (MinIO honours it from its mid-2024 releases,
 * hence this image).
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioContainerIT {

  @Container
  static final GenericContainer<?> MINIO =
      new GenericContainer<>("minio/minio:RELEASE.2025-04-22T22-12-26Z")
          .withCommand("server", "/data")
          .withEnv("MINIO_ROOT_USER", "previs")
          .withEnv("MINIO_ROOT_PASSWORD", "previs-secret")
          .withExposedPorts(9000)
          .waitingFor(Wait.forHttp("/minio/health/live").forPort(9000));

  @Test
  void storesListsAndSignsAgainstMinio() throws Exception {
    String endpoint = "http://" + MINIO.getHost() + ":" + MINIO.getMappedPort(9000);
    StorageProperties props =
        new StorageProperties(
            endpoint,
            "previs",
            "previs-secret",
            "previs",
            "us-east-1",
            Duration.ofMinutes(5),
            true);
    ObjectStore store =
        new ObjectStore(
            MinioClient.builder().endpoint(endpoint).credentials("previs", "previs-secret").build(),
            props);
    store.ensureBucket();
    store.put("jobs/j1/a.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
    assertThat(store.exists("jobs/j1/a.txt")).isTrue();
    assertThat(store.list("jobs/j1/")).containsExactly("jobs/j1/a.txt");
    assertThat(store.putIfAbsent("jobs/j1/commit.json", "1".getBytes(), "application/json"))
        .isTrue();
    assertThat(store.putIfAbsent("jobs/j1/commit.json", "2".getBytes(), "application/json"))
        .isFalse();
    assertThat(store.get("jobs/j1/commit.json")).isEqualTo("1".getBytes());
    String url = store.presignGet("jobs/j1/a.txt");
    HttpClient http = HttpClient.newHttpClient();
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .isEqualTo("hello");
    String tampered = url.replace("a.txt", "b.txt");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(tampered)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(403);
  }
}
