package io.previs.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http.Method;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded infrastructure behaves as the services rely on it to. */
class LocalStackIT {

  @TempDir Path tmp;

  @Test
  void aSaslBrokerServesClientsWithCredentialsAndNobodyElse() throws Exception {
    try (LocalKafka kafka = LocalKafka.startSasl(15_000)) {
      assertThat(kafka.sasl()).isTrue();
      Map<String, Object> withCredentials = new java.util.HashMap<>(kafka.clientProperties());
      withCredentials.put("bootstrap.servers", kafka.bootstrapServers());
      try (Admin admin = Admin.create(withCredentials)) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
        assertThat(admin.listTopics().names().get()).contains("t");
      }
      Map<String, Object> anonymous = new java.util.HashMap<>();
      anonymous.put("bootstrap.servers", kafka.bootstrapServers());
      anonymous.put("default.api.timeout.ms", 3000);
      anonymous.put("request.timeout.ms", 2000);
      try (Admin admin = Admin.create(anonymous)) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
            .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
      }
    }
  }

  @Test
  void theBrokerRestartsOnItsPortWithItsRecordsAndClientsCarryOn() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(0, 2000)) {
      String bootstrap = kafka.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin.createTopics(List.of(new NewTopic("restart", 1, (short) 1))).all().get();
      }
      var serde = new org.apache.kafka.common.serialization.StringSerializer();
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of("bootstrap.servers", bootstrap), serde, serde)) {
        producer.send(new ProducerRecord<>("restart", "k", "before")).get();

        // when: the broker goes down; a record sent meanwhile waits in the producer
        kafka.stopBroker();
        // (send itself waits for the broker's metadata, up to max.block.ms)
        var during =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return producer.send(new ProducerRecord<>("restart", "k", "during")).get();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        Thread.sleep(3_000);
        assertThat(during).isNotDone();
        kafka.startBroker();

        // then: same address, the old record kept, the waiting one delivered
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
        during.get(60, TimeUnit.SECONDS);
      }
      var de = new org.apache.kafka.common.serialization.StringDeserializer();
      try (var consumer =
          new org.apache.kafka.clients.consumer.KafkaConsumer<>(
              Map.<String, Object>of(
                  "bootstrap.servers", bootstrap, "group.id", "g", "auto.offset.reset", "earliest"),
              de,
              de)) {
        consumer.subscribe(List.of("restart"));
        List<String> values = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                  return values.size() >= 2;
                });
        assertThat(values).containsExactly("before", "during");
      }
    }
  }

  @Test
  void shareGroupLockRenewalHidesARecordUntilItsHolderGoesAway() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(0, 2000)) {
      String bootstrap = kafka.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin.createTopics(List.of(new NewTopic("shards", 2, (short) 1))).all().get();
        admin
            .incrementalAlterConfigs(
                Map.of(
                    new ConfigResource(ConfigResource.Type.GROUP, "workers"),
                    List.of(
                        new AlterConfigOp(
                            new ConfigEntry("share.auto.offset.reset", "earliest"),
                            AlterConfigOp.OpType.SET))))
            .all()
            .get();
      }
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", bootstrap),
              new StringSerializer(),
              new StringSerializer())) {
        p.send(new ProducerRecord<>("shards", "shard-1", "render me")).get();
      }
      try (KafkaShareConsumer<String, String> a = consumer(bootstrap);
          KafkaShareConsumer<String, String> b = consumer(bootstrap)) {
        ConsumerRecord<String, String> held = pollOne(a, Duration.ofSeconds(20));
        assertThat(held.deliveryCount()).contains((short) 1);
        assertThat(a.acquisitionLockTimeoutMs()).contains(2000);

        // given A renews the 2 s lock for 6 s, B never sees the record
        List<String> seenByB = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < end) {
          a.acknowledge(held, AcknowledgeType.RENEW);
          assertThat(a.commitSync().values()).allMatch(r -> r.isEmpty());
          // The renewed record comes back on a following poll, still on its first delivery.
          held = pollOne(a, Duration.ofSeconds(5));
          assertThat(held.deliveryCount()).contains((short) 1);
          for (ConsumerRecord<String, String> r : b.poll(Duration.ofMillis(500))) {
            seenByB.add(r.value());
          }
        }
        assertThat(seenByB).isEmpty();

        // when A goes away without acknowledging, then B gets it as a second delivery
        a.close(Duration.ofSeconds(5));
        ConsumerRecord<String, String> redelivered = pollOne(b, Duration.ofSeconds(20));
        assertThat(redelivered.value()).isEqualTo("render me");
        assertThat(redelivered.deliveryCount()).contains((short) 2);
        b.acknowledge(redelivered, AcknowledgeType.ACCEPT);
        b.commitSync();
      }
    }
  }

  @Test
  void s3ServerChecksSignaturesOfPresignedUrls() throws Exception {
    try (LocalS3 s3 = LocalS3.start(tmp.resolve("s3"), 0, "previs", "previs-secret")) {
      MinioClient c =
          MinioClient.builder()
              .endpoint(s3.endpoint())
              .credentials(s3.accessKey(), s3.secretKey())
              .build();
      c.makeBucket(MakeBucketArgs.builder().bucket("previs").build());
      assertThat(c.bucketExists(BucketExistsArgs.builder().bucket("previs").build())).isTrue();
      byte[] data = "frames".getBytes();
      c.putObject(
          PutObjectArgs.builder().bucket("previs").object("jobs/a/clip.mp4").stream(
                  new ByteArrayInputStream(data), (long) data.length, -1L)
              .build());
      String url =
          c.getPresignedObjectUrl(
              GetPresignedObjectUrlArgs.builder()
                  .method(Method.GET)
                  .bucket("previs")
                  .object("jobs/a/clip.mp4")
                  .expiry(60, TimeUnit.SECONDS)
                  .build());
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ok =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> tampered =
          http.send(
              HttpRequest.newBuilder(URI.create(url.replace("clip.mp4", "other.mp4"))).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.body()).isEqualTo("frames");
      assertThat(tampered.statusCode()).isEqualTo(403);
      MinioClient wrongKey =
          MinioClient.builder()
              .endpoint(s3.endpoint())
              .credentials(s3.accessKey(), "not-the-secret")
              .build();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  org.assertj.core.api.Assertions.assertThatThrownBy(
                      () ->
                          wrongKey.bucketExists(
                              BucketExistsArgs.builder().bucket("previs").build())));
    }
  }

  private static KafkaShareConsumer<String, String> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "workers");
    p.put("share.acknowledgement.mode", "explicit");
    p.put("share.acquire.mode", "record_limit");
    p.put("max.poll.records", "1");
    KafkaShareConsumer<String, String> c =
        new KafkaShareConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    c.subscribe(List.of("shards"));
    return c;
  }

  private static ConsumerRecord<String, String> pollOne(
      KafkaShareConsumer<String, String> c, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
        return r;
      }
    }
    throw new AssertionError("no record within " + timeout);
  }
}
