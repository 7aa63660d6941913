package io.previs.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.GatewayApplication;
import io.previs.gateway.testing.TopicLog;
import io.previs.localstack.LocalKafka;
import io.previs.localstack.LocalS3;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Kafka way in, secured as production runs it: a broker with SASL (SCRAM for the studios) and
 * ACLs, each studio allowed to write only its own previs.jobs.submit.&lt;studio&gt;, the gateway
 * reading the family by pattern with the open shared topic off. Studio alpha's principal cannot
 * write beta's topic; a body on alpha's topic claiming beta is rejected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaTenancyIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path tmp;
  private LocalKafka kafka;
  private LocalS3 s3;
  private ConfigurableApplicationContext gateway;
  private TopicLog events;

  @BeforeAll
  void start() throws Exception {
    kafka = LocalKafka.startSasl(15_000);
    kafka.createScramUser("alpha", "alpha-password");
    kafka.createScramUser("beta", "beta-password");
    s3 = LocalS3.start(tmp.resolve("s3"), 0, "ak", "sk-secret-key");
    MinioClient minio =
        MinioClient.builder().endpoint(s3.endpoint()).credentials("ak", "sk-secret-key").build();
    minio.makeBucket(MakeBucketArgs.builder().bucket("previs").build());
    byte[] manifest =
        """
        {"formatVersion":1,"id":"previs-oracle","vae":{"temporalStride":4},"scheduler":{"steps":40},
         "video":{"sizes":["832x480"],"minFrames":5,"maxFrames":241,"fps":16}}"""
            .getBytes(StandardCharsets.UTF_8);
    minio.putObject(
        PutObjectArgs.builder()
            .bucket("previs")
            .object("models/previs-oracle/manifest.json")
            .stream(new ByteArrayInputStream(manifest), (long) manifest.length, -1L)
            .build());
    // ops onboards two studios: a topic each, writable by its principal alone
    try (Admin admin = Admin.create(superUser())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(Topics.studioSubmit("alpha"), 3, (short) 1),
                  new NewTopic(Topics.studioSubmit("beta"), 3, (short) 1)))
          .all()
          .get();
      List<AclBinding> acls = new ArrayList<>();
      for (String studio : List.of("alpha", "beta")) {
        acls.add(
            new AclBinding(
                new ResourcePattern(
                    ResourceType.TOPIC, Topics.studioSubmit(studio), PatternType.LITERAL),
                new AccessControlEntry(
                    "User:" + studio, "*", AclOperation.WRITE, AclPermissionType.ALLOW)));
      }
      admin.createAcls(acls).all().get();
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.security.protocol=SASL_PLAINTEXT",
                "--previs.storage.endpoint=" + s3.endpoint(),
                "--previs.storage.access-key=ak",
                "--previs.storage.secret-key=sk-secret-key",
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--previs.security.shared-submit-topic=false"));
    kafka
        .clientProperties()
        .forEach(
            (k, v) -> {
              if (!k.equals("security.protocol")) {
                args.add("--spring.kafka.properties." + k + "=" + v);
              }
            });
    gateway = GatewayApplication.builder().run(args.toArray(String[]::new));
    events = new TopicLog(superUser(), Topics.JOBS_EVENTS.name());
  }

  @AfterAll
  void stop() throws Exception {
    events.close();
    gateway.close();
    s3.close();
    kafka.close();
  }

  private Map<String, Object> superUser() {
    Map<String, Object> p = new HashMap<>(kafka.clientProperties());
    p.put("bootstrap.servers", kafka.bootstrapServers());
    return p;
  }

  private KafkaProducer<String, String> studio(String user) {
    Map<String, Object> p = new HashMap<>(kafka.scramClientProperties(user, user + "-password"));
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("max.block.ms", 5000);
    p.put("delivery.timeout.ms", 10000);
    p.put("request.timeout.ms", 5000);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private List<JobEvent> decisions(String jobId) {
    return events.values(JobEvent.class).stream()
        .filter(e -> jobId.equals(e.jobId()))
        .filter(
            e ->
                e.type() == JobEventType.ACCEPTED
                    || e.type() == JobEventType.REJECTED
                    || e.type() == JobEventType.DUPLICATE)
        .toList();
  }

  @Test
  void aStudiosPrincipalCannotWriteAnotherStudiosTopic() {
    try (KafkaProducer<String, String> alpha = studio("alpha")) {
      assertThatThrownBy(
              () ->
                  alpha
                      .send(
                          new ProducerRecord<>(
                              Topics.studioSubmit("beta"),
                              "x",
                              "{\"studio\":\"beta\",\"clientJobId\":\"forged\",\"prompt\":\"p\"}"))
                      .get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
      assertThatThrownBy(
              () ->
                  alpha
                      .send(
                          new ProducerRecord<>(
                              Topics.JOBS_SUBMIT.name(),
                              "x",
                              "{\"studio\":\"beta\",\"clientJobId\":\"forged\",\"prompt\":\"p\"}"))
                      .get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void aBodyClaimingAnotherStudioIsRejectedAndTheTopicsStudioIsTheJobs() throws Exception {
    try (KafkaProducer<String, String> alpha = studio("alpha")) {
      // when: alpha writes its own topic, once claiming beta, once naming no studio
      alpha
          .send(
              new ProducerRecord<>(
                  Topics.studioSubmit("alpha"),
                  "a",
                  "{\"studio\":\"beta\",\"clientJobId\":\"claims-beta\",\"prompt\":\"p\"}"))
          .get();
      alpha
          .send(
              new ProducerRecord<>(
                  Topics.studioSubmit("alpha"),
                  "b",
                  "{\"clientJobId\":\"plain\",\"prompt\":\"a storm over the harbour\"}"))
          .get();
    }

    // then: the claim is rejected naming the topic, and the plain one is alpha's job
    await()
        .atMost(WAIT)
        .until(
            () ->
                events.values(JobEvent.class).stream()
                    .anyMatch(
                        e -> e.type() == JobEventType.REJECTED && "alpha".equals(e.studio())));
    JobEvent rejected =
        events.values(JobEvent.class).stream()
            .filter(e -> e.type() == JobEventType.REJECTED && "alpha".equals(e.studio()))
            .findFirst()
            .orElseThrow();
    assertThat(rejected.jobId()).startsWith("rejected-");
    assertThat(rejected.errors().get(0).message())
        .isEqualTo(
            "'beta' is not alpha, the studio whose topic this came from (previs.jobs.submit.alpha)");
    // and nothing was filed in beta's name
    assertThat(decisions(JobIds.jobId("beta", "claims-beta"))).isEmpty();
    String plain = JobIds.jobId("alpha", "plain");
    await().atMost(WAIT).until(() -> !decisions(plain).isEmpty());
    assertThat(decisions(plain).get(0).type()).isEqualTo(JobEventType.ACCEPTED);
    assertThat(decisions(plain).get(0).spec().studio()).isEqualTo("alpha");
  }

  @Test
  void theOpenSharedTopicIsNotReadWhenSecurityIsOn() throws Exception {
    // even the super user's record there is never admitted
    try (KafkaProducer<String, String> su =
        new KafkaProducer<>(superUser(), new StringSerializer(), new StringSerializer())) {
      su.send(
              new ProducerRecord<>(
                  Topics.JOBS_SUBMIT.name(),
                  "s",
                  "{\"studio\":\"alpha\",\"clientJobId\":\"via-shared\",\"prompt\":\"p\"}"))
          .get();
    }
    String jobId = JobIds.jobId("alpha", "via-shared");
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .until(() -> decisions(jobId).isEmpty());
  }
}
