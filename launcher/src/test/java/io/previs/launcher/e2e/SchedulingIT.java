package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.DownloadObjectArgs;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.scheduling.StudioEvent;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.topics.Topics;
import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.PlatformOptions;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.FrameSource;
import io.previs.media.frames.ShardInput;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scheduler's semantics on the embedded stack, two in-JVM workers on the real broker and S3: an
 * urgent job overtakes a hundred queued shards (preempting a running one), cancel stops a batch
 * within a step and nothing of it is post-processed, pause/resume and preemption give the frames of
 * an uninterrupted render, fair share and a GPU cap split the pool, the queued-job limit answers
 * 429, and a budget stops a studio's new shards and warns first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulingIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(120);

  private final HttpClient http = HttpClient.newHttpClient();
  private Path tmp;
  private LocalPlatform platform;
  private TopicRecorder rec;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createDirectories(Path.of("target", "scheduling-" + UUID.randomUUID()));
    platform =
        LocalPlatform.start(
            PlatformOptions.defaults(tmp.resolve("data"))
                .withWorkers(2)
                .withPorts(0, 0, 0)
                // The shards here render in seconds on a CPU. Under the default 5 s prefetch lead
                // they would report finishing at their first step, their GPU already counted
                // free: an urgent shard then waits in hand behind them (right for a GPU a few
                // seconds from done) instead of preempting them, which is what is tested here.
                .withExtra(
                    Map.of(
                        "previs.worker.progress-interval", "0ms",
                        "previs.worker.prefetch-lead", "500ms"))
                .withStudios("alpha", "beta", "gamma", "delta", "budget"));
    rec =
        new TopicRecorder(
            platform.bootstrapServers(),
            Topics.JOBS_EVENTS.name(),
            Topics.SHARDS_RENDERED.name(),
            Topics.VIDEOS_READY.name(),
            Topics.STUDIOS_EVENTS.name());
  }

  @AfterAll
  void stop() throws Exception {
    rec.close();
    platform.close();
  }

  // --- urgent, preemption, cancel -------------------------------------------------------

  @Test
  void anUrgentJobOvertakesAHundredQueuedShardsAndCancelStopsTheBatchWithinAStep()
      throws Exception {
    // given: a batch of 100 shards keeps both GPUs busy
    String batch =
        submit("alpha", request("batch-" + UUID.randomUUID(), "normal", 832, 480, 9, 40, 25, 4, 7));
    await().atMost(WAIT).until(() -> renderStarts(batch).size() >= 2);

    // when: an urgent one-shard job arrives
    Instant urgentAt = Instant.now();
    String urgent =
        submit("beta", request("urgent-" + UUID.randomUUID(), "urgent", 320, 192, 9, 8, 1, 1, 8));

    // then: it starts before the batch's queued shards, making a running one step aside
    await().atMost(WAIT).until(() -> !renderStarts(urgent).isEmpty());
    Instant urgentStart = renderStarts(urgent).get(0).at();
    long batchStartedFirst =
        renderStarts(batch).stream().filter(e -> e.at().isBefore(urgentStart)).count();
    assertThat(batchStartedFirst).isLessThan(6);
    assertThat(events(batch, JobEventType.PREEMPTED)).isNotEmpty();
    assertThat(Duration.between(urgentAt, urgentStart)).isLessThan(Duration.ofSeconds(15));
    await().atMost(WAIT).until(() -> status(urgent, "beta").equals("COMPLETED"));

    // when: the batch is cancelled while its shards render
    await().atMost(WAIT).until(() -> maxStep(batch) > 0);
    HttpResponse<String> cancel = post("/v1/jobs/" + batch + "/cancel", "", "alpha");
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);

    // then: the job ends cancelled, with who and when
    await().atMost(WAIT).until(() -> status(batch, "alpha").equals("CANCELLED"));
    JsonNode view = view(batch, "alpha");
    assertThat(view.path("scheduling").path("cancelledBy").asString()).contains("alpha");
    await().atMost(WAIT).until(() -> !events(batch, JobEventType.CANCELLED).isEmpty());
    JobEvent cancelled = events(batch, JobEventType.CANCELLED).get(0);
    assertThat(cancelled.control().droppedShards()).isGreaterThan(80);
    // and within a step no shard of it renders on: no progress two seconds on, nothing started
    Instant settled = cancelled.at().plusSeconds(2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(settled.plusSeconds(2)));
    assertThat(events(batch, JobEventType.PROGRESS)).noneMatch(e -> e.at().isAfter(settled));
    // (a start within a moment of the cancel is one the worker began as the cancel was decided)
    assertThat(renderStarts(batch)).noneMatch(e -> e.at().isAfter(cancelled.at().plusMillis(500)));
    assertThat(rec.where(Topics.VIDEOS_READY.name(), r -> batch.equals(r.key()))).isEmpty();
    // and what its stopped shards used is billed: each says so, and the job's usage counts it
    // (a shard that was between steps' hand-offs at the cancel has nothing to stop: then the
    // folding is what JobFolderTest proves)
    List<JobEvent> cancelStops =
        events(batch, JobEventType.SHARD_STOPPED).stream()
            .filter(e -> e.reason().startsWith("cancel"))
            .toList();
    assertThat(cancelStops).allSatisfy(e -> assertThat(e.usage().deviceSeconds()).isPositive());
    if (!cancelStops.isEmpty()) {
      await()
          .atMost(WAIT)
          .until(
              () -> {
                double billed = 0;
                for (JsonNode sh : view(batch, "alpha").path("shards")) {
                  if (sh.path("state").asString().equals("stopped")) {
                    billed += sh.path("usage").path("deviceSeconds").asDouble();
                  }
                }
                return billed > 0;
              });
    }
    // a second cancel is refused: the job has ended
    assertThat(post("/v1/jobs/" + batch + "/cancel", "", "alpha").statusCode()).isEqualTo(409);
    // another studio cannot cancel it, nor see that it exists
    assertThat(post("/v1/jobs/" + batch + "/cancel", "", "beta").statusCode()).isEqualTo(404);
  }

  @Test
  void aCancelledJobsClientJobIdAnswersTheCancelledJobUnlessANewAttemptIsAskedFor()
      throws Exception {
    String clientJobId = "again-" + UUID.randomUUID();
    String body = request(clientJobId, "low", 320, 192, 9, 8, 1, 1, 9);
    String first = submit("delta", body);
    assertThat(post("/v1/jobs/" + first + "/cancel", "", "delta").statusCode()).isEqualTo(202);
    await().atMost(WAIT).until(() -> status(first, "delta").equals("CANCELLED"));

    HttpResponse<String> same = post("/v1/jobs", body, "delta");
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(same.body()).path("jobId").asString()).isEqualTo(first);

    HttpResponse<String> again =
        post("/v1/jobs", body.replace("\"variants\"", "\"newAttempt\":true,\"variants\""), "delta");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
    JsonNode a = JSON.readTree(again.body());
    assertThat(a.path("jobId").asString()).isNotEqualTo(first);
    assertThat(a.path("clientJobId").asString()).isEqualTo(clientJobId + "/attempt-2");
    await()
        .atMost(WAIT)
        .until(() -> status(a.path("jobId").asString(), "delta").equals("COMPLETED"));
  }

  @Test
  void aStudioCancelsOverKafkaOnItsOwnTopicAndCannotReachAnotherStudiosJob() throws Exception {
    String mine = "kafka-cancel-" + UUID.randomUUID();
    String theirs = "kafka-theirs-" + UUID.randomUUID();
    String myJob = submit("delta", request(mine, "low", 832, 480, 17, 40, 1, 2, 41));
    String theirJob = submit("alpha", request(theirs, "low", 832, 480, 17, 40, 1, 1, 42));
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", platform.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      // delta names alpha's job by id on its own topic: it is no job of delta's
      p.send(
              new ProducerRecord<>(
                  Topics.studioSubmit("delta"),
                  theirJob,
                  "{\"command\":\"cancel\",\"jobId\":\"" + theirJob + "\"}"))
          .get();
      p.send(
              new ProducerRecord<>(
                  Topics.studioSubmit("delta"),
                  mine,
                  "{\"command\":\"cancel\",\"clientJobId\":\"" + mine + "\"}"))
          .get();
    }
    await().atMost(WAIT).until(() -> status(myJob, "delta").equals("CANCELLED"));
    assertThat(view(myJob, "delta").path("scheduling").path("cancelledBy").asString())
        .contains("previs.jobs.submit.delta");
    await().atMost(WAIT).until(() -> status(theirJob, "alpha").equals("COMPLETED"));
    assertThat(events(theirJob, JobEventType.CANCELLED)).isEmpty();
  }

  // --- pause / resume, preemption: bit-identical ------------------------------------------

  @Test
  void pausedAndPreemptedShardsResumeFromTheirCheckpointsToTheFramesOfAnUninterruptedRender()
      throws Exception {
    String prompt = "a paper boat drifts down a gutter in the rain";
    // long enough that both low shards are still running when the urgent one is planned
    final int frames = 41;
    final int steps = 100;
    // given: the frames of an uninterrupted render
    String reference =
        submit(
            "gamma",
            request("ref-" + UUID.randomUUID(), "low", 832, 480, frames, steps, 1, 1, 42, prompt));
    await().atMost(WAIT).until(() -> status(reference, "gamma").equals("COMPLETED"));
    String want = framesHash(rendered(reference).framesKey());

    // when: the same shard is paused mid-render and resumed
    String paused =
        submit(
            "gamma",
            request(
                "pause-" + UUID.randomUUID(), "low", 832, 480, frames, steps, 1, 1, 42, prompt));
    await().atMost(WAIT).until(() -> maxStep(paused) >= 8);
    assertThat(post("/v1/jobs/" + paused + "/pause", "", "gamma").statusCode()).isEqualTo(202);
    await()
        .atMost(WAIT)
        .until(() -> view(paused, "gamma").path("scheduling").path("paused").asBoolean());
    Thread.sleep(1500); // (a shard that must stay put: only time shows it does)
    int stepAtPause = maxStep(paused);
    Thread.sleep(1500);
    assertThat(maxStep(paused)).isEqualTo(stepAtPause).isLessThan(steps);
    assertThat(post("/v1/jobs/" + paused + "/resume", "", "gamma").statusCode()).isEqualTo(202);
    await().atMost(WAIT).until(() -> status(paused, "gamma").equals("COMPLETED"));

    // then: it resumed where it stopped, and its frames are the uninterrupted render's
    ShardRendered r = rendered(paused);
    assertThat(r.resumedFromStep()).isEqualTo(stepAtPause);
    assertThat(framesHash(r.framesKey())).isEqualTo(want);

    // when: two low shards hold both GPUs and an urgent shard arrives
    String low1 =
        submit(
            "gamma",
            request("low1-" + UUID.randomUUID(), "low", 832, 480, frames, steps, 1, 1, 42, prompt));
    String low2 =
        submit(
            "gamma",
            request("low2-" + UUID.randomUUID(), "low", 832, 480, frames, steps, 1, 1, 42, prompt));
    // (both running at once: started, past step 5, neither rendered yet)
    await()
        .atMost(WAIT)
        .until(
            () ->
                maxStep(low1) >= 5
                    && maxStep(low2) >= 5
                    && !rendered(low1, 1)
                    && !rendered(low2, 1));
    String urgent =
        submit("beta", request("u-" + UUID.randomUUID(), "urgent", 320, 192, 9, 8, 1, 1, 3));
    await().atMost(WAIT).until(() -> status(urgent, "beta").equals("COMPLETED"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                status(low1, "gamma").equals("COMPLETED")
                    && status(low2, "gamma").equals("COMPLETED"));

    // then: one of them was preempted, resumed from its checkpoint, and is bit-identical too
    String preempted = !events(low1, JobEventType.PREEMPTED).isEmpty() ? low1 : low2;
    assertThat(events(preempted, JobEventType.PREEMPTED)).hasSize(1);
    ShardRendered p = rendered(preempted);
    assertThat(p.resumedFromStep()).isNotNull().isPositive();
    assertThat(framesHash(p.framesKey())).isEqualTo(want);
  }

  // --- fair share, GPU cap ------------------------------------------------------------------

  @Test
  void equalStudiosShareThePoolAndAStudioAtItsGpuCapWaitsWhileAnotherRuns() throws Exception {
    // given: gamma may hold one GPU
    assertThat(put("/v1/studios/gamma/quota", "{\"maxGpus\":1}").statusCode()).isEqualTo(200);
    try {
      // when: alpha and gamma each queue eight shards at once (480p shards of a second or more: a
      // render outlasts a worker's rejoin of its share group, so two renders at once are seen)
      String a =
          submit(
              "alpha",
              request("fair-a-" + UUID.randomUUID(), "normal", 832, 480, 17, 40, 1, 8, 11));
      String g =
          submit(
              "gamma",
              request("fair-g-" + UUID.randomUUID(), "normal", 832, 480, 17, 40, 1, 8, 12));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  status(a, "alpha").equals("COMPLETED") && status(g, "gamma").equals("COMPLETED"));

      // then: gamma never held two GPUs, and alpha's shards ran beside it: the pool stayed full
      assertThat(maxConcurrent(g)).isEqualTo(1);
      assertThat(maxConcurrent(a, g)).isEqualTo(2);
    } finally {
      put("/v1/studios/gamma/quota", "{}");
    }

    // when: two studios without limits flood the pool at once (beta a moment earlier; beta and
    // delta have used nothing in this class yet, so neither starts ahead on fair-share time)
    String a =
        submit("beta", request("eq-a-" + UUID.randomUUID(), "normal", 320, 192, 9, 8, 1, 16, 13));
    String d =
        submit("delta", request("eq-d-" + UUID.randomUUID(), "normal", 320, 192, 9, 8, 1, 8, 14));
    await()
        .atMost(WAIT)
        .until(
            () -> status(a, "beta").equals("COMPLETED") && status(d, "delta").equals("COMPLETED"));
    // then: from the moment both had shards queued, they took turns: of the next eight to start,
    // each studio had about half (alpha's head start, before delta's shards were planned, aside)
    List<JobEvent> starts = new ArrayList<>(renderStarts(a));
    starts.addAll(renderStarts(d));
    starts.sort(Comparator.comparing(JobEvent::at));
    int from = 0;
    while (!starts.get(from).jobId().equals(d)) {
      from++;
    }
    long alphaNext =
        starts.subList(from, from + 8).stream().filter(e -> e.jobId().equals(a)).count();
    // (2 to 6: tiny shards start in a noisy order; a studio that monopolised the pool would have
    // 0, 1, 7 or 8)
    assertThat(alphaNext).isBetween(2L, 6L);
  }

  // --- quotas -------------------------------------------------------------------------------

  @Test
  void pastItsQueuedJobLimitAStudioGets429WithRetryAfterAndItsKafkaSubmissionIsRejected()
      throws Exception {
    assertThat(put("/v1/studios/beta/quota", "{\"maxQueuedJobs\":1}").statusCode()).isEqualTo(200);
    String held = null;
    try {
      held =
          submit("beta", request("held-" + UUID.randomUUID(), "low", 832, 480, 17, 40, 1, 2, 21));
      HttpResponse<String> over =
          post(
              "/v1/jobs",
              request("over-" + UUID.randomUUID(), "low", 320, 192, 9, 8, 1, 1, 22),
              "beta");
      assertThat(over.statusCode()).as(over.body()).isEqualTo(429);
      assertThat(over.headers().firstValue("Retry-After")).hasValue("30");
      assertThat(JSON.readTree(over.body()).path("limit").asString()).isEqualTo("maxQueuedJobs");
      assertThat(JSON.readTree(over.body()).path("detail").asString())
          .contains("limit (maxQueuedJobs) is 1");

      String viaKafka = "kafka-over-" + UUID.randomUUID();
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", platform.bootstrapServers()),
              new StringSerializer(),
              new StringSerializer())) {
        p.send(
                new ProducerRecord<>(
                    Topics.studioSubmit("beta"),
                    viaKafka,
                    request(viaKafka, "low", 320, 192, 9, 8, 1, 1, 23)))
            .get();
      }
      String kafkaJob = io.previs.contracts.job.JobIds.jobId("beta", viaKafka);
      await().atMost(WAIT).until(() -> !events(kafkaJob, JobEventType.REJECTED).isEmpty());
      assertThat(events(kafkaJob, JobEventType.REJECTED).get(0).errors())
          .anySatisfy(f -> assertThat(f.field()).isEqualTo("quota.maxQueuedJobs"));
    } finally {
      put("/v1/studios/beta/quota", "{}");
      if (held != null) {
        post("/v1/jobs/" + held + "/cancel", "", "beta");
      }
    }
  }

  @Test
  void aStudioPastItsBudgetStartsNoNewShardsAfterAWarningUntilOpsRaiseIt() throws Exception {
    // given: the studio may use a tenth of a GPU-second a day, one GPU at a time
    assertThat(
            put("/v1/studios/budget/quota", "{\"maxGpus\":1,\"dailyGpuSeconds\":0.1}").statusCode())
        .isEqualTo(200);
    try {
      // when: its job of three shards of several GPU-seconds each runs
      String job =
          submit(
              "budget",
              request("budget-" + UUID.randomUUID(), "normal", 832, 480, 9, 40, 1, 3, 31));
      await().atMost(WAIT).until(() -> !studioEvents("budget", "budget.exhausted").isEmpty());

      // then: it was warned, then stopped; the running shard finished, no further one starts
      assertThat(studioEvents("budget", "budget.warning")).hasSize(1);
      assertThat(studioEvents("budget", "budget.exhausted").get(0).budgetGpuSeconds())
          .isEqualTo(0.1);
      await().atMost(WAIT).until(() -> rendered(job, 1));
      Thread.sleep(3000); // (a shard that should not start: only time shows it does not)
      assertThat(renderStarts(job)).hasSize(1);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  view(job, "budget")
                      .path("scheduling")
                      .path("queue")
                      .path("blockedBy")
                      .asString()
                      .contains("budget"));

      // when: ops raise the budget, the rest of the job runs
      assertThat(
              put("/v1/studios/budget/quota", "{\"maxGpus\":1,\"dailyGpuSeconds\":100000}")
                  .statusCode())
          .isEqualTo(200);
      await().atMost(WAIT).until(() -> status(job, "budget").equals("COMPLETED"));
    } finally {
      put("/v1/studios/budget/quota", "{}");
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  private static String request(
      String clientJobId,
      String priority,
      int w,
      int h,
      int frames,
      int steps,
      int shots,
      int variants,
      long seed) {
    return request(
        clientJobId, priority, w, h, frames, steps, shots, variants, seed, "a shot of the harbour");
  }

  private static String request(
      String clientJobId,
      String priority,
      int w,
      int h,
      int frames,
      int steps,
      int shots,
      int variants,
      long seed,
      String prompt) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < shots; i++) {
      list.append(i == 0 ? "" : ",")
          .append("{\"prompt\":\"")
          .append(prompt)
          .append(" ")
          .append(i)
          .append("\"}");
    }
    String shotsOrPrompt =
        shots == 1 ? "\"prompt\":\"" + prompt + "\"" : "\"shots\":[" + list + "]";
    return """
        {"clientJobId":"%s",%s,"priority":"%s","width":%d,"height":%d,"frames":%d,"steps":%d,\
        "variants":%d,"seed":%d}"""
        .formatted(clientJobId, shotsOrPrompt, priority, w, h, frames, steps, variants, seed);
  }

  private String submit(String studio, String body) throws Exception {
    HttpResponse<String> r = post("/v1/jobs", body, studio);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body()).path("jobId").asString();
  }

  private List<JobEvent> events(String jobId, JobEventType type) {
    return Jobs.events(rec, jobId).stream().filter(e -> e.type() == type).toList();
  }

  private List<JobEvent> renderStarts(String jobId) {
    return Jobs.events(rec, jobId).stream()
        .filter(e -> e.type() == JobEventType.STAGE_STARTED && e.stage() == Stage.RENDER)
        .sorted(Comparator.comparing(JobEvent::at))
        .toList();
  }

  private int maxStep(String jobId) {
    return events(jobId, JobEventType.PROGRESS).stream()
        .mapToInt(e -> e.progress().step())
        .max()
        .orElse(0);
  }

  /** Most render stages of the jobs open at one moment, from their started and completed events. */
  /**
   * The most GPUs the jobs' shards held at once. A shard holds its worker's GPU from its render's
   * start until it is rendered — or until the same worker starts its next shard, which it does
   * while the last one's frames are still being stored beside it.
   */
  private int maxConcurrent(String... jobIds) {
    List<JobEvent> es =
        java.util.Arrays.stream(jobIds)
            .flatMap(j -> Jobs.events(rec, j).stream())
            .filter(
                e ->
                    e.stage() == Stage.RENDER
                        && e.shard() != null
                        && (e.type() == JobEventType.STAGE_STARTED
                            || e.type() == JobEventType.STAGE_COMPLETED))
            .sorted(Comparator.comparing(JobEvent::at))
            .toList();
    java.util.Map<String, String> onGpu = new java.util.HashMap<>(); // worker → shard
    int max = 0;
    for (JobEvent e : es) {
      String shard = e.shard().shardId();
      if (e.type() == JobEventType.STAGE_STARTED) {
        var m = java.util.regex.Pattern.compile(" on (\\S+) \\(").matcher(e.reason());
        assertThat(m.find()).as("worker named in %s", e.reason()).isTrue();
        onGpu.put(m.group(1), shard);
      } else {
        onGpu.values().remove(shard);
      }
      max = Math.max(max, onGpu.size());
    }
    return max;
  }

  private boolean rendered(String jobId, int n) {
    return rec.where(Topics.SHARDS_RENDERED.name(), r -> jobId.equals(r.key())).size() >= n;
  }

  private ShardRendered rendered(String jobId) {
    var r = rec.where(Topics.SHARDS_RENDERED.name(), x -> jobId.equals(x.key()));
    assertThat(r).hasSize(1);
    return PrevisJson.mapper().readValue(r.get(0).value(), ShardRendered.class);
  }

  private List<StudioEvent> studioEvents(String studio, String type) {
    return rec.where(Topics.STUDIOS_EVENTS.name(), r -> studio.equals(r.key())).stream()
        .map(r -> PrevisJson.mapper().readValue(r.value(), StudioEvent.class))
        .filter(e -> e.type().equals(type))
        .toList();
  }

  private String status(String jobId, String studio) throws Exception {
    return view(jobId, studio).path("status").asString();
  }

  private JsonNode view(String jobId, String studio) throws Exception {
    return JSON.readTree(get("/v1/jobs/" + jobId, studio).body()).path("job");
  }

  private String framesHash(String framesKey) throws Exception {
    Path mkv = tmp.resolve(UUID.randomUUID() + ".mkv");
    platform
        .minio()
        .downloadObject(
            DownloadObjectArgs.builder()
                .bucket("previs")
                .object(framesKey)
                .filename(mkv.toString())
                .build());
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (FrameSource source = ShardInput.file(mkv).open()) {
      for (BgrFrame f; (f = source.next()) != null; ) {
        md.update(f.data());
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private HttpResponse<String> post(String path, String json, String studio) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
            .header("Authorization", "Bearer " + platform.apiKey(studio))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> put(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
            .header("Authorization", "Bearer " + platform.apiKey("ops"))
            .header("content-type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String studio) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
            .header("Authorization", "Bearer " + platform.apiKey(studio))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
