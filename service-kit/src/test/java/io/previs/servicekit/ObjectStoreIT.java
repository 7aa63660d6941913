package io.previs.servicekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioClient;
import io.previs.localstack.LocalS3;
import io.previs.servicekit.storage.ObjectStore;
import io.previs.servicekit.storage.StorageException;
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
