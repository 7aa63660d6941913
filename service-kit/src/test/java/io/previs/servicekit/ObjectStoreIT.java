package io.previs.servicekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioClient;
import io.previs.localstack.LocalS3;
import io.previs.servicekit.storage.ObjectStore;
import io.previs.servicekit.storage.StorageException;
import io.previs.servicekit.storage.StorageOutageListener;
import io.previs.servicekit.storage.StorageProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object store against a real S3 server, through the MinIO client. */
class ObjectStoreIT {

  static LocalS3 s3;
  static ObjectStore store;

  @TempDir Path tmp;

  @BeforeAll
  static void start(@TempDir Path dir) {
    s3 = LocalS3.start(dir.resolve("s3"), 0, "ak", "sk-secret");
    var props =
        new StorageProperties(
            s3.endpoint(), "ak", "sk-secret", "previs", "us-east-1", Duration.ofSeconds(60), true);
    store =
        new ObjectStore(
            MinioClient.builder().endpoint(s3.endpoint()).credentials("ak", "sk-secret").build(),
            props);
    store.ensureBucket();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @Test
  void aConditionalCreateWinsOnceAndNeverReplacesTheWinnersBytes() throws Exception {
    String key = "jobs/a/j-2/shards/s/rendered.json";
    assertThat(store.putIfAbsent(key, "first".getBytes(), "application/json")).isTrue();
    assertThat(store.putIfAbsent(key, "second".getBytes(), "application/json")).isFalse();
    assertThat(store.get(key)).isEqualTo("first".getBytes());

    // racing writers: exactly one wins
    String raced = "jobs/a/j-2/shards/s/raced.json";
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      var wins = new java.util.concurrent.atomic.AtomicInteger();
      var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int i = 0; i < 16; i++) {
        byte[] body = ("writer-" + i).getBytes();
        futures.add(
            pool.submit(
                () -> {
                  if (store.putIfAbsent(raced, body, "application/json")) {
                    wins.incrementAndGet();
                  }
                }));
      }
      for (var f : futures) {
        f.get();
      }
      assertThat(wins).hasValue(1);
      assertThat(new String(store.get(raced))).startsWith("writer-");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCallWaitsOutAnOutageOfTheServerAndSaysSoOnceAndAnotherGivesUpAtItsTolerance()
      throws Exception {
    var said = new java.util.concurrent.CopyOnWriteArrayList<String>();
    StorageOutageListener listener =
        new StorageOutageListener() {
          @Override
          public void waiting(String operation, String key, Duration since, Throwable cause) {
            said.add("waiting " + operation + " " + key);
          }

          @Override
          public void recovered(String operation, String key, Duration after) {
            said.add("recovered after " + after.toMillis() + " ms");
          }
        };
    var props =
        new StorageProperties(
            s3.endpoint(),
            "ak",
            "sk-secret",
            "previs",
            "us-east-1",
            Duration.ofSeconds(60),
            true,
            Duration.ofSeconds(30),
            Duration.ofMillis(500));
    MinioClient client =
        MinioClient.builder().endpoint(s3.endpoint()).credentials("ak", "sk-secret").build();
    ObjectStore patient = new ObjectStore(client, props, listener);
    ObjectStore impatient =
        new ObjectStore(client, props.withOutageTolerance(Duration.ofSeconds(1)), listener);

    // given: the server goes down
    s3.stop();
    try {
      // when: a put is made while it is down, and the server comes back 3 s later
      var put =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> patient.put("jobs/a/j-3/x.json", "{}".getBytes(), "application/json"));
      assertThatThrownBy(() -> impatient.get("jobs/a/j-1/y.json"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("storage unavailable for 1 s, the tolerance");
      org.awaitility.Awaitility.await().until(() -> patient.waiting() == 1);
      Thread.sleep(2_000);
      assertThat(put).isNotDone();
    } finally {
      s3.restart();
    }

    // then: it got through, told the listener once it waited and once it was through
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> said.size() >= 3);
    assertThat(patient.get("jobs/a/j-3/x.json")).isEqualTo("{}".getBytes());
    assertThat(said)
        .contains("waiting put jobs/a/j-3/x.json")
        .anyMatch(s -> s.startsWith("recovered after "));
    assertThat(patient.waiting()).isZero();
    // and an answer that is an answer is not waited out
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> patient.get("jobs/a/j-3/nope.json"))
        .isInstanceOf(StorageException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void putGetExistsListDelete() {
    store.put("jobs/a/j-1/x.json", "{}".getBytes(), "application/json");
    store.put("jobs/a/j-1/y.json", "[]".getBytes(), "application/json");
    assertThat(store.exists("jobs/a/j-1/x.json")).isTrue();
    assertThat(store.exists("jobs/a/j-1/nope.json")).isFalse();
    assertThat(store.get("jobs/a/j-1/y.json")).isEqualTo("[]".getBytes());
    assertThat(store.list("jobs/a/j-1/")).containsExactly("jobs/a/j-1/x.json", "jobs/a/j-1/y.json");
    store.delete("jobs/a/j-1/x.json");
    assertThat(store.exists("jobs/a/j-1/x.json")).isFalse();
    assertThatThrownBy(() -> store.get("jobs/a/j-1/x.json"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("s3://previs/jobs/a/j-1/x.json");
  }

  @Test
  void mirrorCopiesAPrefixAndSkipsWhatIsAlreadyThere() throws Exception {
    store.put("models/m1/manifest.json", "{\"id\":\"m1\"}".getBytes(), "application/json");
    store.put("models/m1/sub/weights.bin", new byte[300_000], "application/octet-stream");
    Path dir = store.mirror("models/m1/", tmp.resolve("m1"));
    assertThat(Files.readString(dir.resolve("manifest.json"))).isEqualTo("{\"id\":\"m1\"}");
    assertThat(Files.size(dir.resolve("sub/weights.bin"))).isEqualTo(300_000);
    long before = Files.getLastModifiedTime(dir.resolve("sub/weights.bin")).toMillis();
    Thread.sleep(20);
    store.mirror("models/m1/", tmp.resolve("m1"));
    assertThat(Files.getLastModifiedTime(dir.resolve("sub/weights.bin")).toMillis())
        .isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void presignedLinksWorkAndTamperedOnesAreRefused() throws Exception {
    store.put("jobs/a/j-2/clip.mp4", "video".getBytes(), "video/mp4");
    String url = store.presignGet("jobs/a/j-2/clip.mp4");
    assertThat(url).contains("X-Amz-Expires=60");
    HttpClient http = HttpClient.newHttpClient();
    var ok =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ok.body()).isEqualTo("video");
    var bad =
        http.send(
            HttpRequest.newBuilder(URI.create(url.replace("X-Amz-Expires=60", "X-Amz-Expires=600")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(403);
  }
}
