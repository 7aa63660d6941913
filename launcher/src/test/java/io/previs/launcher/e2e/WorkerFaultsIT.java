package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.storage.ObjectKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A worker's hold on a shard is a lease: heartbeats to the scheduler, which counts a worker silent
 * for {@code worker-timeout} as lost and gives its shard to another. Here the lease is short (3 s)
 * so that both of its edges are quick to test: a worker paused past it (a zombie) must not touch
 * what its successor committed, and a worker rendering for many lease lifetimes must keep it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerFaultsIT {

  static final Duration LEASE = Duration.ofSeconds(3);

  private static final String REQUEST =
      """
      {"studio":"e2e","clientJobId":"%s","prompt":"a lighthouse keeper climbs the stairs",
       "width":640,"height":352,"frames":49,"steps":40,"seed":777}""";

  static FaultStack f;

  @BeforeAll
  static void start() throws Exception {
    f =
        FaultStack.start(
            "faults",
            Map.of(
                "previs.scheduler.worker-timeout", LEASE.toSeconds() + "s",
                "previs.worker.lease", LEASE.toSeconds() + "s",
                "previs.worker.heartbeat-interval", "500ms",
                "previs.worker.checkpoint-every-steps", "2",
                "previs.worker.progress-interval", "0ms"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (f != null) {
      f.close();
    }
  }

  @Test
  @Order(1)
  void aWorkerPausedPastItsLeaseChangesNothingOfWhatItsSuccessorCommitted() throws Exception {
    Process zombie = f.startWorkerProcess("worker-Z", true);
    try {
      // given: worker Z is well into the shard, with a checkpoint stored
      String jobId = f.submit("zombie-" + UUID.randomUUID(), REQUEST);
      String shardId = JobIds.shardId(jobId, 0, 0);
      String shardPrefix = ObjectKeys.shard("e2e", jobId, shardId);
      f.awaitUntil(
          Duration.ofSeconds(180),
          () ->
              f.maxStep(jobId) >= 8
                  && !f.list(ObjectKeys.checkpoints("e2e", jobId, shardId)).isEmpty());

      // when: Z is paused (SIGSTOP) past its lease, and worker B joins the pool
      FaultStack.signal(zombie, "STOP");
      long pausedAt = System.nanoTime();
      f.platform.startWorker("worker-B");

      // then: B is given the shard, resumes it from Z's checkpoint and commits it
      List<ShardRendered> rendered = f.awaitFinished(jobId, Duration.ofSeconds(240));
      assertThat(Jobs.first(f.rec, jobId, JobEventType.COMPLETED))
          .as("events %s", f.events(jobId))
          .isPresent();
      assertThat(rendered)
          .singleElement()
          .satisfies(r -> assertThat(r.worker()).isEqualTo("worker-B"));
      ShardRendered won = rendered.get(0);
      assertThat(won.attempt()).isEqualTo(2);
      assertThat(won.resumedFromStep()).isGreaterThanOrEqualTo(8);
      String marker = ObjectKeys.renderedMarker("e2e", jobId, shardId);
      byte[] markerBytes = f.get(marker);
      // (a checkpoint PUT the zombie had in flight may land after the winner cleared the shard's
      // checkpoints: under the zombie's own name, never the winner's)
      assertThat(f.list(shardPrefix))
          .contains(marker, won.framesKey())
          .allMatch(
              k ->
                  k.equals(marker)
                      || k.equals(won.framesKey())
                      || k.endsWith("/checkpoints/" + ObjectKeys.attempt(1, "worker-Z") + ".pvck"));
      String hash = f.framesHash(won.framesKey(), 49);

      // when: Z wakes (SIGCONT), its render thread mid-step, its producer and heartbeats intact
      long pausedMillis = (System.nanoTime() - pausedAt) / 1_000_000;
      Instant wokeAt = Instant.now();
      FaultStack.signal(zombie, "CONT");
      f.awaitUntil(
          Duration.ofSeconds(60),
          () -> f.workerLog("worker-Z").contains("nothing of this attempt is kept"));

      // then: it knew it had been paused past its lease, and stood down
      assertThat(f.workerLog("worker-Z")).contains("This process was paused for");
      assertThat(zombie.isAlive()).isTrue();
      // and none of its late writes replaced or joined the winner's: marker, frames, checkpoints
      assertThat(f.get(marker)).isEqualTo(markerBytes);
      assertThat(f.list(shardPrefix)).containsExactlyInAnyOrder(marker, won.framesKey());
      assertThat(f.framesHash(won.framesKey(), 49)).isEqualTo(hash);
      // and no late event: no second rendered event, no second completion, nothing from Z's attempt
      Thread.sleep(2_000); // anything Z's producer still sends lands by now
      assertThat(f.rendered(jobId)).hasSize(1);
      List<JobEvent> events = f.events(jobId);
      assertThat(events.stream().filter(e -> e.type() == JobEventType.COMPLETED)).hasSize(1);
      assertThat(events)
          .as("events about the shard after Z woke")
          .noneMatch(e -> e.shard() != null && e.at().isAfter(wokeAt));
      System.out.printf(
          "FIGURE zombie: paused %d ms past a %d s lease; successor resumed at step %d and"
              + " committed; the zombie's late attempt wrote 0 objects and 0 events%n",
          pausedMillis, LEASE.toSeconds(), won.resumedFromStep());
    } finally {
      zombie.destroyForcibly().waitFor();
    }
  }

  @Test
  @Order(2)
  void aShardRenderingForManyLeaseLifetimesKeepsItsLeaseAndRendersOnce() throws Exception {
    // given: worker B alone in the pool (the zombie is gone); a shard that renders for many leases
    String jobId =
        f.submit(
            "long-" + UUID.randomUUID(),
            REQUEST.replace(
                "\"width\":640,\"height\":352,\"frames\":49",
                "\"width\":832," + "\"height\":480,\"frames\":81"));
    String shardId = JobIds.shardId(jobId, 0, 0);

    // when: it renders
    List<ShardRendered> rendered = f.awaitFinished(jobId, Duration.ofSeconds(300));

    // then: its lease held throughout: one release, one start, rendered once, first attempt
    assertThat(Jobs.first(f.rec, jobId, JobEventType.COMPLETED))
        .as("events %s", f.events(jobId))
        .isPresent();
    assertThat(rendered).hasSize(1);
    ShardRendered r = rendered.get(0);
    assertThat(r.attempt()).isEqualTo(1);
    assertThat(r.resumedFromStep()).isNull();
    assertThat(f.releases(shardId)).isEqualTo(1);
    assertThat(
            f.events(jobId).stream()
                .filter(e -> e.type() == JobEventType.STAGE_STARTED && e.shard() != null))
        .hasSize(1);
    double lifetimes = r.renderMillis() / (double) LEASE.toMillis();
    System.out.printf(
        "FIGURE lease: one shard rendered for %.1f s = %.1f lease lifetimes (%d s), released once,"
            + " started once, attempt %d%n",
        r.renderMillis() / 1000.0, lifetimes, LEASE.toSeconds(), r.attempt());
    assertThat(lifetimes).as("the shard outlived its lease many times").isGreaterThan(5);
  }

  @Test
  @Order(3)
  void aHungRenderIsReportedStalledFailsLivenessAndItsShardResumesElsewhere() throws Exception {
    // given: worker S alone in the pool, its probes served over HTTP as a pod's are
    f.platform.stop("worker-B");
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process worker =
        f.startWorkerProcess(
            "worker-S",
            true,
            Map.of(
                "spring.main.web-application-type", "servlet",
                "server.port", Integer.toString(port),
                "previs.worker.stall-factor", "4",
                "previs.worker.stall-minimum", "2s",
                "previs.worker.hang-timeout", "8s"));
    Process freezer = null;
    try {
      String jobId = f.submit("hung-" + UUID.randomUUID(), REQUEST);
      String shardId = JobIds.shardId(jobId, 0, 0);
      f.awaitUntil(
          Duration.ofSeconds(180),
          () ->
              f.maxStep(jobId) >= 6
                  && !f.list(ObjectKeys.checkpoints("e2e", jobId, shardId)).isEmpty());
      assertThat(probe(port)).as("live while rendering").isEqualTo(200);

      // when: its render thread hangs, as in a native call that never returns
      java.nio.file.Path script =
          java.nio.file.Path.of(
              WorkerFaultsIT.class.getResource("/faults/freeze-thread.py").toURI());
      freezer =
          new ProcessBuilder(
                  "python3", script.toString(), Long.toString(worker.pid()), "shard-render", "600")
              .redirectErrorStream(true)
              .start();
      var out = new java.io.BufferedReader(new java.io.InputStreamReader(freezer.getInputStream()));
      assertThat(out.readLine()).as("the freezer's answer").startsWith("frozen");
      long frozenAt = System.nanoTime();
      int frozenStep = f.maxStep(jobId);

      // then: the step is reported stalled, against the model's measured step on this worker
      f.awaitUntil(
          Duration.ofSeconds(60),
          () -> f.events(jobId).stream().anyMatch(e -> e.type() == JobEventType.SHARD_STALLED));
      double stalledAfter = (System.nanoTime() - frozenAt) / 1e9;
      JobEvent stalled =
          f.events(jobId).stream()
              .filter(e -> e.type() == JobEventType.SHARD_STALLED)
              .findFirst()
              .orElseThrow();
      assertThat(stalled.shard().shardId()).isEqualTo(shardId);
      assertThat(stalled.reason()).contains("this model's steps take on worker-S");

      // and past the hang timeout its liveness probe fails: the kubelet's three failures in a row
      int[] failures = {0};
      f.awaitUntil(
          Duration.ofSeconds(60),
          () -> {
            failures[0] = probe(port) == 200 ? 0 : failures[0] + 1;
            Thread.sleep(1_000);
            return failures[0] >= 3;
          });
      double restartAfter = (System.nanoTime() - frozenAt) / 1e9;

      // when: the kubelet restarts it (SIGTERM; the hung render cannot stop; SIGKILL) and a
      // worker takes its place
      FaultStack.signal(worker, "TERM");
      worker.waitFor(3, java.util.concurrent.TimeUnit.SECONDS);
      FaultStack.signal(worker, "KILL");
      worker.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      f.platform.startWorker("worker-C");

      // then: the shard resumes there from its checkpoint and the job completes once
      List<ShardRendered> rendered = f.awaitFinished(jobId, Duration.ofSeconds(240));
      assertThat(Jobs.first(f.rec, jobId, JobEventType.COMPLETED))
          .as("events %s", f.events(jobId))
          .isPresent();
      assertThat(rendered).singleElement();
      ShardRendered r = rendered.get(0);
      assertThat(r.worker()).isEqualTo("worker-C");
      assertThat(r.attempt()).isEqualTo(2);
      assertThat(r.resumedFromStep()).isGreaterThanOrEqualTo(6);
      System.out.printf(
          "FIGURE stall: render thread frozen at step %d; shard.stalled after %.1f s (%s);"
              + " liveness failed 3 probes by %.1f s; resumed on another worker from step %d%n",
          frozenStep, stalledAfter, stalled.reason(), restartAfter, r.resumedFromStep());
    } finally {
      if (freezer != null) {
        freezer.destroyForcibly();
      }
      worker.destroyForcibly();
    }
  }

  @Test
  @Order(4)
  void aSixtySecondStorageOutageMidJobIsWaitedOutShownOnTheJobAndLosesNothing() throws Exception {
    // given: a job of two shards, the first well under way on worker C
    String jobId =
        f.submit(
            "outage-" + UUID.randomUUID(),
            REQUEST.replace("\"seed\":777", "\"seed\":777,\"variants\":2"));
    f.awaitUntil(Duration.ofSeconds(180), () -> f.maxStep(jobId) >= 10);

    // when: the S3 server goes down for 60 s
    f.platform.stopStorage();
    long down = System.nanoTime();
    double waitingAfter;
    tools.jackson.databind.JsonNode during;
    try {
      // then: the job says it waits for storage — an event, and its view
      f.awaitUntil(
          Duration.ofSeconds(30),
          () -> f.events(jobId).stream().anyMatch(e -> e.type() == JobEventType.STORAGE_WAITING));
      waitingAfter = (System.nanoTime() - down) / 1e9;
      f.awaitUntil(
          Duration.ofSeconds(10),
          () -> "storage".equals(jobView(jobId).path("waiting").path("on").asText()));
      during = jobView(jobId);
      assertThat(during.path("waiting").path("on").asText())
          .as("view %s", during)
          .isEqualTo("storage");
      assertThat(during.path("waiting").path("reason").asText()).contains("has not answered");
      Thread.sleep(Math.max(0, 60_000 - (System.nanoTime() - down) / 1_000_000));
      assertThat(f.events(jobId)).noneMatch(e -> e.type() == JobEventType.FAILED);
    } finally {
      f.platform.restartStorage();
    }
    long up = System.nanoTime();

    // then: everything waited, nothing was lost: the job completes once, both variants delivered
    List<ShardRendered> rendered = f.awaitFinished(jobId, Duration.ofSeconds(300));
    List<JobEvent> events = f.events(jobId);
    assertThat(events.stream().filter(e -> e.type() == JobEventType.COMPLETED)).hasSize(1);
    assertThat(events).noneMatch(e -> e.type() == JobEventType.FAILED);
    assertThat(events).anyMatch(e -> e.type() == JobEventType.STORAGE_RECOVERED);
    assertThat(rendered).extracting(ShardRendered::variant).containsExactlyInAnyOrder(0, 1);
    assertThat(rendered).allMatch(r -> r.attempt() == 1);
    assertThat(
            f.rec.where(
                io.previs.contracts.topics.Topics.VIDEOS_READY.name(), r -> jobId.equals(r.key())))
        .hasSize(2);
    tools.jackson.databind.JsonNode after = jobView(jobId);
    assertThat(after.path("waiting").isNull() || after.path("waiting").isMissingNode())
        .as("no longer waiting: %s", after.path("waiting"))
        .isTrue();
    System.out.printf(
        "FIGURE storage: S3 down %.0f s mid-render; storage.waiting on the job after %.1f s (view:"
            + " %s); job completed %.1f s after storage returned, attempt 1, 2 MP4s, 0 failures%n",
        (up - down) / 1e9,
        waitingAfter,
        during.path("waiting").path("reason").asText(),
        (System.nanoTime() - up) / 1e9);
  }

  /** The job as GET /v1/jobs/{id} shows it to its studio. */
  private static tools.jackson.databind.JsonNode jobView(String jobId) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var r =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(f.platform.gatewayUrl() + "/v1/jobs/" + jobId))
                .header("Authorization", "Bearer " + f.platform.apiKey("e2e"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return io.previs.contracts.json.PrevisJson.mapper().readTree(r.body()).path("job");
  }

  /** The liveness probe as a kubelet makes it: a status, or 0 for no answer within 1 s. */
  private static int probe(int port) {
    try {
      var http =
          java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      return http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return 0;
    }
  }
}
