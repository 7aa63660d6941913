package io.previs.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.previs.contracts.audit.AuditEvent;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.Review;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.GatewayApplication;
import io.previs.gateway.testing.TopicLog;
import io.previs.localstack.LocalKafka;
import io.previs.localstack.LocalS3;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenancy as a studio's security team would audit it, against a real gateway on a real broker and
 * S3 server, with API keys and JWTs from a real (test) identity provider: another studio's jobs,
 * streams, reviews and files are answered exactly as unknown ones (BOLA), every kind of bad
 * credential gets its documented answer, roles are enforced, keys are managed by ops only, and all
 * of it lands in the audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final String ALPHA = key("a1a1a1a1a1a1");
  private static final String BETA = key("b2b2b2b2b2b2");
  private static final String OPS = key("0c0c0c0c0c0c");
  private static final String ALPHA_REVIEWER = key("a3a3a3a3a3a3");

  @TempDir static Path tmp;
  private LocalKafka kafka;
  private LocalS3 s3;
  private MinioClient minio;
  private TestIdentityProvider idp;
  private ConfigurableApplicationContext gateway;
  private KafkaProducer<String, byte[]> producer;
  private TopicLog audit;
  private final List<String> alphaJobs = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().build();

  private static String key(String id) {
    return "pvk_" + id + "_" + (id + "-secret-").repeat(4).substring(0, 43);
  }

  @BeforeAll
  void start() throws Exception {
    kafka = LocalKafka.start(0, 15_000);
    s3 = LocalS3.start(tmp.resolve("s3"), 0, "ak", "sk-secret-key");
    minio =
        MinioClient.builder().endpoint(s3.endpoint()).credentials("ak", "sk-secret-key").build();
    minio.makeBucket(MakeBucketArgs.builder().bucket("previs").build());
    put(
        "models/previs-oracle/manifest.json",
        """
        {"formatVersion":1,"id":"previs-oracle","vae":{"temporalStride":4},"scheduler":{"steps":40},
         "video":{"sizes":["832x480","320x192"],"minFrames":5,"maxFrames":241,"fps":16}}""");
    idp = new TestIdentityProvider();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--previs.storage.endpoint=" + s3.endpoint(),
                "--previs.storage.access-key=ak",
                "--previs.storage.secret-key=sk-secret-key",
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--previs.security.bcrypt-strength=6",
                "--previs.security.jwt.issuer=" + TestIdentityProvider.ISSUER,
                "--previs.security.jwt.jwks-uri=" + idp.jwksUri()));
    seed(args, 0, ALPHA, "alpha", "alpha-pipeline", "submitter,reviewer");
    seed(args, 1, BETA, "beta", "beta-pipeline", "submitter,reviewer");
    seed(args, 2, OPS, null, "ops-console", "ops");
    seed(args, 3, ALPHA_REVIEWER, "alpha", "alpha-dailies", "reviewer");
    gateway = GatewayApplication.builder().run(args.toArray(String[]::new));
    await().atMost(WAIT).until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());
    audit = new TopicLog(kafka.bootstrapServers(), Topics.AUDIT.name());

    // given: three jobs of studio alpha, delivered, with files, artifacts and a pending review
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r =
          post(
              "/v1/jobs",
              "{\"studio\":\"alpha\",\"clientJobId\":\"secret-show-"
                  + i
                  + "\",\"prompt\":\"p\",\"variants\":2}",
              ALPHA);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      String jobId = JSON.readTree(r.body()).path("jobId").asString();
      alphaJobs.add(jobId);
      String clip = ObjectKeys.video("alpha", jobId, 0);
      put(clip, "not really an mp4");
      publish(
          JobEvent.of(JobEventType.STAGE_COMPLETED, jobId, "alpha", Instant.now())
              .withStage(Stage.POSTPROCESS)
              .withOutputs(
                  List.of(
                      new VariantOutput(
                          0, 7, clip, ObjectKeys.poster("alpha", jobId, 0), null, "review")))
              .withArtifacts(
                  Map.of("contactSheet.shot0", ObjectKeys.contactSheet("alpha", jobId, 0))));
      publish(
          JobEvent.of(JobEventType.REVIEW_REQUESTED, jobId, "alpha", Instant.now())
              .withStage(Stage.QC)
              .withReview(new Review(0, "pending", List.of("flicker"), null, null)));
    }
    await().atMost(WAIT).until(() -> JSON.readTree(get("/v1/reviews", ALPHA).body()).size() == 3);
  }

  private static void seed(
      List<String> args, int i, String key, String studio, String name, String roles) {
    String p = "--previs.security.seed-keys[" + i + "].";
    args.add(p + "id=" + key.substring(4, 16));
    args.add(p + "secret=" + key.substring(17));
    args.add(p + "name=" + name);
    args.add(p + "roles=" + roles);
    if (studio != null) {
      args.add(p + "studio=" + studio);
    }
  }

  @AfterAll
  void stop() throws Exception {
    audit.close();
    producer.close();
    gateway.close();
    idp.close();
    s3.close();
    kafka.close();
  }

  @Test
  void aThousandForeignIdsVariantsReviewsAndFilesAreAnsweredExactlyAsUnknownOnes()
      throws Exception {
    // the answer for an id nobody has
    HttpResponse<String> unknown = get("/v1/jobs/j-0000000000000000", BETA);
    assertThat(unknown.statusCode()).isEqualTo(404);
    JsonNode unknownBody = JSON.readTree(unknown.body());

    Random random = new Random(42);
    String[] files = {"v0/clip.mp4", "v1/poster.jpg", "contactSheet.shot0", "v0/qc-report.json"};
    int foreign = 0;
    Set<String> bodies = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String job = alphaJobs.get(random.nextInt(alphaJobs.size()));
      HttpResponse<String> r =
          switch (i % 4) {
            case 0 -> get("/v1/jobs/" + job, BETA);
            case 1 -> get("/v1/jobs/" + job + "/events", BETA);
            case 2 ->
                post(
                    "/v1/jobs/" + job + "/variants/" + random.nextInt(10) + "/review",
                    "{\"decision\":\"rejected\",\"note\":\"not yours\"}",
                    BETA);
            default ->
                get("/v1/jobs/" + job + "/files/" + files[random.nextInt(files.length)], BETA);
          };
      foreign++;
      assertThat(r.statusCode()).as("%s → %s", r.request().uri(), r.body()).isEqualTo(404);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("type")).isEqualTo(unknownBody.path("type"));
      assertThat(body.path("title")).isEqualTo(unknownBody.path("title"));
      assertThat(body.path("detail").asString()).isEqualTo("no job " + job);
      assertThat(body.propertyNames())
          .containsExactlyInAnyOrderElementsOf(unknownBody.propertyNames());
      assertThat(r.body()).doesNotContain("alpha", "secret-show", "jobs/alpha");
      bodies.add(body.path("type").asString() + body.path("title").asString());
    }
    assertThat(bodies).hasSize(1);

    // and nothing of alpha's in any list beta can read
    for (String path : List.of("/v1/jobs", "/v1/reviews", "/v1/usage", "/v1/jobs?q=secret")) {
      HttpResponse<String> r = get(path, BETA);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).as(path).doesNotContain("alpha", "secret-show");
    }
    assertThat(get("/v1/jobs?studio=alpha", BETA).statusCode()).isEqualTo(400);

    // while alpha sees its own, and ops sees everyone's
    assertThat(JSON.readTree(get("/v1/jobs", ALPHA).body()).findValuesAsString("jobId"))
        .containsAll(alphaJobs);
    assertThat(get("/v1/jobs/" + alphaJobs.get(0), ALPHA).statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(get("/v1/jobs?studio=alpha", OPS).body()).findValuesAsString("jobId"))
        .containsAll(alphaJobs)
        .allMatch(id -> !id.isEmpty());
    assertThat(get("/v1/jobs?studio=beta", OPS).body()).doesNotContain("secret-show");

    // and every foreign attempt is in the audit log, under beta's key
    int attempts = foreign;
    await()
        .atMost(WAIT)
        .until(
            () ->
                audit.values(AuditEvent.class).stream()
                        .filter(a -> a.status() == 404 && "beta".equals(a.studio()))
                        .filter(a -> alphaJobs.contains(a.target()))
                        .count()
                    == attempts);
    AuditEvent sample =
        audit.values(AuditEvent.class).stream()
            .filter(a -> a.status() == 404 && "beta".equals(a.studio()))
            .filter(a -> alphaJobs.contains(a.target()))
            .findFirst()
            .get();
    assertThat(sample.outcome()).isEqualTo("denied");
    assertThat(sample.reason()).isEqualTo("job of another studio");
    assertThat(sample.actor()).isEqualTo("beta-pipeline (key b2b2b2b2b2b2)");
    // and the probe for an id nobody has is audited alike (equal work, equal time), telling the
    // security team, never the caller, which it was
    assertThat(audit.values(AuditEvent.class))
        .anySatisfy(
            a -> {
              assertThat(a.target()).isEqualTo("j-0000000000000000");
              assertThat(a.status()).isEqualTo(404);
              assertThat(a.outcome()).isEqualTo("denied");
              assertThat(a.reason()).isEqualTo("no such job");
            });
    assertThat(sample.sourceAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void everyKindOfBadCredentialGetsItsDocumentedAnswer() throws Exception {
    // no credentials
    HttpResponse<String> none = get("/v1/jobs", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("www-authenticate")).contains("Bearer realm=\"previs\"");
    assertThat(JSON.readTree(none.body()).path("title").asString()).isEqualTo("Unauthenticated");

    // a key nobody issued, a malformed key
    assertInvalidToken(
        get("/v1/jobs", key("dddddddddddd")), "unknown, revoked or malformed API key");
    assertInvalidToken(get("/v1/jobs", "pvk_nonsense"), "unknown, revoked or malformed API key");

    // a JWT: valid; expired; another issuer; signed by another key; without a studio claim
    String good = idp.token(TestIdentityProvider.studio("alpha", "submitter"));
    assertThat(get("/v1/jobs", good).statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(get("/v1/jobs", good).body()).findValuesAsString("jobId"))
        .containsAll(alphaJobs);
    assertInvalidToken(
        get("/v1/jobs", idp.expired(TestIdentityProvider.studio("alpha", "submitter"))), "expired");
    assertInvalidToken(
        get(
            "/v1/jobs",
            idp.fromIssuer("https://evil.test", TestIdentityProvider.studio("alpha", "submitter"))),
        "iss");
    assertInvalidToken(
        get("/v1/jobs", idp.signedByAStranger(TestIdentityProvider.studio("alpha", "submitter"))),
        "");
    assertInvalidToken(
        get("/v1/jobs", idp.token(Map.of("sub", "x", "previs_roles", List.of("submitter")))),
        "no studio claim 'previs_studio'");

    // a JWT of beta cannot see alpha's jobs either
    String betaJwt = idp.token(TestIdentityProvider.studio("beta", "submitter", "reviewer"));
    assertThat(get("/v1/jobs/" + alphaJobs.get(0), betaJwt).statusCode()).isEqualTo(404);

    // a tampered presigned link: the storage refuses it
    HttpResponse<String> redirect =
        get("/v1/jobs/" + alphaJobs.get(0) + "/files/v0/clip.mp4", ALPHA);
    assertThat(redirect.statusCode()).isEqualTo(302);
    String link = redirect.headers().firstValue("location").orElseThrow();
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(link)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    assertThat(link).contains("X-Amz-Expires=900");
    String tampered = link.replaceFirst("variants/0/clip", "variants/1/clip");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(tampered)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void rolesAreEnforcedWithin_aStudioAndOnlyThePlatformSetsLineageLabels() throws Exception {
    // a reviewer may not submit; a submitter-only JWT may not review; a studio key may not manage
    // keys
    HttpResponse<String> submit =
        post("/v1/jobs", "{\"studio\":\"alpha\",\"prompt\":\"p\"}", ALPHA_REVIEWER);
    assertThat(submit.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(submit.body()).path("detail").asString())
        .isEqualTo("your roles [reviewer] do not allow POST /v1/jobs");
    String submitter = idp.token(TestIdentityProvider.studio("alpha", "submitter"));
    assertThat(
            post(
                    "/v1/jobs/" + alphaJobs.get(0) + "/variants/0/review",
                    "{\"decision\":\"approved\"}",
                    submitter)
                .statusCode())
        .isEqualTo(403);
    assertThat(get("/v1/keys", ALPHA).statusCode()).isEqualTo(403);

    // a studio may not submit for another, nor forge the platform's lineage labels
    HttpResponse<String> other =
        post("/v1/jobs", "{\"studio\":\"beta\",\"clientJobId\":\"x1\",\"prompt\":\"p\"}", ALPHA);
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(other.body()).contains("'beta' is not alpha, the studio of your credentials");
    HttpResponse<String> forged =
        post(
            "/v1/jobs",
            "{\"clientJobId\":\"x2\",\"prompt\":\"p\",\"labels\":{\"previs.regeneration.of\":\"j-1\"}}",
            ALPHA);
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("only the platform may set 'previs.' labels");

    // a body naming no studio is the caller's; the reviewer is the caller
    HttpResponse<String> implicit =
        post("/v1/jobs", "{\"clientJobId\":\"x3\",\"prompt\":\"p\"}", ALPHA);
    assertThat(implicit.statusCode()).as(implicit.body()).isEqualTo(202);
    HttpResponse<String> review =
        post(
            "/v1/jobs/" + alphaJobs.get(1) + "/variants/0/review",
            "{\"decision\":\"approved\",\"note\":\"keep\"}",
            ALPHA_REVIEWER);
    assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
    assertThat(JSON.readTree(review.body()).path("reviewer").asString()).isEqualTo("alpha-dailies");
    await()
        .atMost(WAIT)
        .until(
            () ->
                audit.values(AuditEvent.class).stream()
                    .anyMatch(
                        a -> a.action().equals("review.record") && "allowed".equals(a.outcome())));
    await()
        .atMost(WAIT)
        .until(
            () ->
                audit.values(AuditEvent.class).stream()
                    .anyMatch(
                        a ->
                            a.status() == 403
                                && "alpha-dailies (key a3a3a3a3a3a3)".equals(a.actor())));
  }

  @Test
  void opsManageKeysThatWorkAtOnceAndStopAtOnce() throws Exception {
    // create: the secret is shown once; the listing never shows secrets or hashes
    HttpResponse<String> created =
        post(
            "/v1/keys",
            "{\"studio\":\"beta\",\"name\":\"beta-render-farm\",\"roles\":[\"submitter\"]}",
            OPS);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode k = JSON.readTree(created.body());
    String id = k.path("id").asString();
    String secret = k.path("key").asString();
    assertThat(secret).startsWith("pvk_" + id + "_");
    assertThat(get("/v1/jobs", secret).statusCode()).isEqualTo(200);
    String listing = get("/v1/keys?studio=beta", OPS).body();
    assertThat(listing).contains(id).doesNotContain(secret.substring(17)).doesNotContain("$2a$");
    assertThat(JSON.readTree(listing).findValuesAsString("name"))
        .contains("beta-render-farm", "beta-pipeline");

    // bad requests name the field
    HttpResponse<String> bad = post("/v1/keys", "{\"studio\":\"beta\",\"roles\":[\"admin\"]}", OPS);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("name", "roles");

    // rotate: the old secret stops, the new one works
    HttpResponse<String> rotated = post("/v1/keys/" + id + "/rotate", "", OPS);
    assertThat(rotated.statusCode()).isEqualTo(200);
    String fresh = JSON.readTree(rotated.body()).path("key").asString();
    assertInvalidToken(get("/v1/jobs", secret), "unknown, revoked or malformed API key");
    assertThat(get("/v1/jobs", fresh).statusCode()).isEqualTo(200);

    // revoke: it stops at once, and stays listed as revoked
    HttpResponse<String> revoked =
        http.send(
            HttpRequest.newBuilder(uri("/v1/keys/" + id))
                .header("Authorization", "Bearer " + OPS)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(revoked.body()).path("revokedAt").isNull()).isFalse();
    assertInvalidToken(get("/v1/jobs", fresh), "unknown, revoked or malformed API key");

    // and every change is in the audit log
    await()
        .atMost(WAIT)
        .until(
            () ->
                audit.values(AuditEvent.class).stream()
                    .filter(a -> id.equals(a.target()) && "allowed".equals(a.outcome()))
                    .map(AuditEvent::action)
                    .toList()
                    .containsAll(List.of("key.create", "key.rotate", "key.revoke")));
  }

  @Test
  void aVariantTheContentPolicyHoldsForALikenessIsWithheldFromTheStudioUntilOpsApproveIt()
      throws Exception {
    // given: a delivered job of alpha whose variant 0 QC held for a protected person's likeness
    HttpResponse<String> r =
        post(
            "/v1/jobs",
            "{\"studio\":\"alpha\",\"clientJobId\":\"likeness-1\",\"prompt\":\"p\","
                + "\"variants\":2}",
            ALPHA);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String jobId = JSON.readTree(r.body()).path("jobId").asString();
    List<VariantOutput> outputs = new ArrayList<>();
    List<VariantOutput> unjudged = new ArrayList<>();
    for (int v = 0; v < 2; v++) {
      unjudged.add(
          new VariantOutput(v, 7 + v, ObjectKeys.video("alpha", jobId, v), null, null, null));
      put(ObjectKeys.video("alpha", jobId, v), "clip " + v);
      outputs.add(
          new VariantOutput(
              v,
              7 + v,
              ObjectKeys.video("alpha", jobId, v),
              ObjectKeys.poster("alpha", jobId, v),
              ObjectKeys.qcReport("alpha", jobId, v),
              "review"));
    }
    // post-processed, not yet QC'd: no pictures for the studio yet (the likeness check is QC's)
    publish(
        JobEvent.of(JobEventType.STAGE_COMPLETED, jobId, "alpha", Instant.now())
            .withStage(Stage.POSTPROCESS)
            .withOutputs(unjudged));
    await()
        .atMost(WAIT)
        .until(
            () -> JSON.readTree(get("/v1/jobs/" + jobId, ALPHA).body()).path("downloads").size(),
            n -> n == 2);
    JsonNode early = JSON.readTree(get("/v1/jobs/" + jobId, ALPHA).body()).path("downloads");
    assertThat(early.get(1).path("held").asString()).contains("waiting for QC");
    assertThat(get("/v1/jobs/" + jobId + "/files/v1/clip.mp4", ALPHA).statusCode()).isEqualTo(403);
    publish(
        JobEvent.of(JobEventType.REVIEW_REQUESTED, jobId, "alpha", Instant.now())
            .withStage(Stage.QC)
            .withReview(
                new Review(0, "pending", List.of("resembles 'x'"), null, null, Review.LIKENESS)));
    publish(
        JobEvent.of(JobEventType.STAGE_COMPLETED, jobId, "alpha", Instant.now())
            .withStage(Stage.QC)
            .withOutputs(outputs)
            .withArtifacts(
                Map.of("contactSheet.shot0", ObjectKeys.contactSheet("alpha", jobId, 0))));
    await()
        .atMost(WAIT)
        .until(
            () ->
                JSON.readTree(get("/v1/jobs/" + jobId, ALPHA).body())
                    .path("downloads")
                    .get(1)
                    .path("video")
                    .asString(""),
            v -> !v.isEmpty());

    // then: the studio gets no picture of variant 0, nor the contact sheet, and is told why;
    // variant 1 and variant 0's QC report stay downloadable
    JsonNode mine = JSON.readTree(get("/v1/jobs/" + jobId, ALPHA).body());
    JsonNode v0 = mine.path("downloads").get(0);
    assertThat(v0.path("video").isNull() || v0.path("video").isMissingNode()).isTrue();
    assertThat(v0.path("poster").isNull() || v0.path("poster").isMissingNode()).isTrue();
    assertThat(v0.path("qcReport").asString()).isNotEmpty();
    assertThat(v0.path("held").asString()).contains("held by the content policy (likeness");
    assertThat(mine.path("downloads").get(1).path("video").asString()).isNotEmpty();
    assertThat(mine.path("artifacts").size()).isZero();
    assertThat(get("/v1/jobs/" + jobId + "/files/v0/clip.mp4", ALPHA).statusCode()).isEqualTo(403);
    assertThat(get("/v1/jobs/" + jobId + "/files/v0/poster.jpg", ALPHA).statusCode())
        .isEqualTo(403);
    assertThat(get("/v1/jobs/" + jobId + "/files/contactSheet.shot0", ALPHA).statusCode())
        .isEqualTo(403);
    assertThat(get("/v1/jobs/" + jobId + "/files/v0/qc-report.json", ALPHA).statusCode())
        .isEqualTo(302);
    assertThat(get("/v1/jobs/" + jobId + "/files/v1/clip.mp4", ALPHA).statusCode()).isEqualTo(302);
    JsonNode pending = JSON.readTree(get("/v1/reviews", ALPHA).body());
    JsonNode heldReview = null;
    for (JsonNode p : pending) {
      if (p.path("jobId").asString().equals(jobId)) {
        heldReview = p;
      }
    }
    assertThat(heldReview).isNotNull();
    assertThat(heldReview.path("hold").asString()).isEqualTo("likeness");
    assertThat(heldReview.path("video").isNull() || heldReview.path("video").isMissingNode())
        .isTrue();
    // and the studio's own reviewer may not release it
    HttpResponse<String> byStudio =
        post(
            "/v1/jobs/" + jobId + "/variants/0/review",
            "{\"decision\":\"approved\"}",
            ALPHA_REVIEWER);
    assertThat(byStudio.statusCode()).as(byStudio.body()).isEqualTo(403);
    assertThat(byStudio.body()).contains("ops decide");

    // when: ops look at it (they can) and approve it
    JsonNode opsView = JSON.readTree(get("/v1/jobs/" + jobId, OPS).body());
    assertThat(opsView.path("downloads").get(0).path("video").asString()).isNotEmpty();
    HttpResponse<String> studioTries =
        post(
            "/v1/jobs/" + jobId + "/variants/0/policy-review", "{\"decision\":\"approve\"}", ALPHA);
    assertThat(studioTries.statusCode()).isEqualTo(403);
    HttpResponse<String> notHeld =
        post("/v1/jobs/" + jobId + "/variants/1/policy-review", "{\"decision\":\"approve\"}", OPS);
    assertThat(notHeld.statusCode()).as(notHeld.body()).isEqualTo(409);
    HttpResponse<String> noNote =
        post("/v1/jobs/" + jobId + "/variants/0/policy-review", "{\"decision\":\"reject\"}", OPS);
    assertThat(noNote.statusCode()).isEqualTo(400);
    assertThat(noNote.body()).contains("note");
    HttpResponse<String> approved =
        post(
            "/v1/jobs/" + jobId + "/variants/0/policy-review",
            "{\"decision\":\"approve\",\"note\":\"a lookalike, not her\"}",
            OPS);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(JSON.readTree(approved.body()).path("hold").asString()).isEqualTo("likeness");

    // then: the studio gets its links
    JsonNode after = JSON.readTree(get("/v1/jobs/" + jobId, ALPHA).body());
    assertThat(after.path("downloads").get(0).path("video").asString()).isNotEmpty();
    assertThat(after.path("artifacts").size()).isEqualTo(1);
    assertThat(get("/v1/jobs/" + jobId + "/files/v0/clip.mp4", ALPHA).statusCode()).isEqualTo(302);
    // and, released, the studio's reviewer judges it as any other take
    HttpResponse<String> director =
        post(
            "/v1/jobs/" + jobId + "/variants/0/review",
            "{\"decision\":\"rejected\",\"note\":\"wrong lens\"}",
            ALPHA_REVIEWER);
    assertThat(director.statusCode()).as(director.body()).isEqualTo(200);
    assertThat(get("/v1/jobs/" + jobId + "/files/v0/clip.mp4", ALPHA).statusCode()).isEqualTo(302);
  }

  private void assertInvalidToken(HttpResponse<String> r, String says) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue("www-authenticate").orElse(""))
        .startsWith("Bearer realm=\"previs\", error=\"invalid_token\"");
    assertThat(JSON.readTree(r.body()).path("detail").asString()).contains(says);
  }

  private void publish(JobEvent e) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                Topics.JOBS_EVENTS.name(), e.jobId(), PrevisJson.mapper().writeValueAsBytes(e)))
        .get();
  }

  private void put(String key, String content) throws Exception {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    minio.putObject(
        PutObjectArgs.builder().bucket("previs").object(key).stream(
                new ByteArrayInputStream(b), (long) b.length, -1L)
            .build());
  }

  private URI uri(String path) {
    int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> get(String path, String credential) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (credential != null) {
      b.header("Authorization", "Bearer " + credential);
    }
    if (path.endsWith("/events")) {
      b.header("accept", "text/event-stream");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String credential) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + credential)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
