package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.previs.autoscaler.AutoscalerApplication;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.scheduling.PoolBacklog;
import io.previs.contracts.topics.Topics;
import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.PlatformOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The autoscaler against fabric8's mock API server (CRUD mode) and the real broker, scheduler and
 * workers: two autoscaler replicas share a Lease and one acts; a GPU pool at zero wakes within
 * seconds of its first shard, grows with the backlog's GPU-seconds, sheds idle workers while a busy
 * one renders on — drained first, never a busy one removed — and goes back to zero once idle; when
 * the leader goes, the other replica takes over and wakes the pool again.
 *
 * <p>The mock API server runs no controllers: {@link SimulatedKubelet} plays the ReplicaSet and the
 * kubelet, each pod's worker running in this JVM under the pod's name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AutoscalerIT {

  private static final String NS = "farm";
  private static final String POOL = "gpu";
  private static final String DEPLOYMENT = "previs-worker-gpu";
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private KubernetesMockServer server;
  private KubernetesClient client;
  private LocalPlatform platform;
  private SimulatedKubelet kubelet;
  private TopicRecorder rec;
  private final Map<String, ConfigurableApplicationContext> autoscalers = new LinkedHashMap<>();
  private final AtomicInteger twoLeaders = new AtomicInteger();
  private Thread leaderWatch;
  private volatile boolean watching = true;

  @BeforeAll
  void start() throws Exception {
    Path tmp = Files.createDirectories(Path.of("target", "autoscaler-" + UUID.randomUUID()));
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(DEPLOYMENT)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withNewSelector()
                .withMatchLabels(Map.of("previs.io/pool", POOL))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("previs.io/pool", POOL))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("worker")
                .withImage("previs-gpu")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    platform =
        LocalPlatform.start(
            PlatformOptions.defaults(tmp.resolve("data"))
                .withWorkers(0)
                .withPorts(0, 0, 0)
                .withExtra(
                    Map.of(
                        "previs.worker.pool", POOL,
                        "previs.worker.heartbeat-interval", "500ms",
                        "previs.worker.progress-interval", "0ms",
                        "previs.scheduler.pools[0].name", POOL,
                        "previs.scheduler.pools[0].gpu-memory-gb", "80",
                        "previs.scheduler.backlog-interval", "2s"))
                .withStudios("studio"));
    rec =
        new TopicRecorder(
            platform.bootstrapServers(),
            Topics.SCHEDULER_BACKLOG.name(),
            Topics.SHARDS_RENDERED.name(),
            Topics.JOBS_EVENTS.name());
    kubelet = new SimulatedKubelet(client, NS, DEPLOYMENT, platform);
    autoscalers.put("autoscaler-a", autoscaler("autoscaler-a"));
    autoscalers.put("autoscaler-b", autoscaler("autoscaler-b"));
    leaderWatch =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (watching) {
                    if (leaders() > 1) {
                      twoLeaders.incrementAndGet();
                    }
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  private ConfigurableApplicationContext autoscaler(String identity) {
    Map<String, String> p = new LinkedHashMap<>(platform.serviceProperties());
    p.put("previs.autoscaler.master-url", server.url("/"));
    p.put("previs.autoscaler.namespace", NS);
    p.put("previs.autoscaler.identity", identity);
    p.put("previs.autoscaler.lease-duration", "4s");
    p.put("previs.autoscaler.renew-deadline", "3s");
    p.put("previs.autoscaler.retry-period", "500ms");
    p.put("previs.autoscaler.interval", "500ms");
    p.put("previs.autoscaler.pools[0].name", POOL);
    p.put("previs.autoscaler.pools[0].deployment", DEPLOYMENT);
    p.put("previs.autoscaler.pools[0].max", "3");
    p.put("previs.autoscaler.pools[0].target", "6s");
    p.put("previs.autoscaler.pools[0].scale-down-delay", "2s");
    p.put("previs.autoscaler.pools[0].idle-timeout", "5s");
    p.put("previs.autoscaler.pools[0].drain-grace", "60s");
    p.put("previs.autoscaler.pools[0].startup", "3s");
    String[] args =
        p.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return AutoscalerApplication.builder().run(args);
  }

  @AfterAll
  void stop() throws Exception {
    watching = false;
    for (var c : autoscalers.values()) {
      c.close();
    }
    kubelet.close();
    rec.close();
    platform.close();
    client.close();
    server.destroy();
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void aPoolWakesGrowsShedsOnlyIdleWorkersAndSleepsAgainWithOneAutoscalerActing() throws Exception {
    // given: the pool at zero, and one of the two autoscalers leading
    await().atMost(Duration.ofSeconds(20)).until(() -> leaders() == 1);
    assertThat(kubelet.replicas()).isZero();

    // when: a long shard (high priority, so it starts first) and eight short ones arrive
    String longJob = submit(request("long-" + UUID.randomUUID(), "high", 832, 480, 81, 200, 1, 1));
    String shortJob = submit(request("short-" + UUID.randomUUID(), "normal", 320, 192, 9, 8, 1, 8));

    // then: the pool wakes within 5 s of its first backlog record
    await().atMost(WAIT).until(() -> kubelet.replicas() > 0);
    Instant backlogAt = firstBacklog().orElseThrow();
    Instant wokeAt =
        kubelet.scales.stream().filter(s -> s.replicas() > 0).findFirst().orElseThrow().at();
    assertThat(Duration.between(backlogAt, wokeAt)).isLessThan(Duration.ofSeconds(5));
    // and grows to its max on the GPU-seconds queued
    await().atMost(WAIT).until(() -> kubelet.replicas() == 3);

    // and while the long shard renders, the idle workers are drained and go; it stays
    await().atMost(WAIT).until(() -> status(shortJob).equals("COMPLETED"));
    await().atMost(WAIT).until(() -> kubelet.replicas() == 1 && kubelet.removals.size() >= 2);
    assertThat(status(longJob)).isEqualTo("RENDERING");
    assertThat(kubelet.removals).noneMatch(SimulatedKubelet.Removal::busy);

    // and once the pool is wholly idle past its idle time-out it goes to zero
    await().atMost(WAIT).until(() -> status(longJob).equals("COMPLETED"));
    await().atMost(WAIT).until(() -> kubelet.replicas() == 0 && kubelet.running().isEmpty());
    assertThat(kubelet.removals)
        .hasSizeGreaterThanOrEqualTo(3)
        .noneMatch(SimulatedKubelet.Removal::busy);

    // and every decision is an event on the Deployment, made by one autoscaler only
    assertThat(events()).contains("Activate", "Drain", "ScaleIn", "ScaleToZero");
    String leader = leader();
    String follower =
        autoscalers.keySet().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    assertThat(decisions(leader)).isPositive();
    assertThat(decisions(follower)).isZero();
    assertThat(busyKills()).isZero();
    assertThat(twoLeaders.get()).isZero();
    // and the dashboards' and alerts' autoscaler series are all in the leader's scrape
    io.previs.launcher.monitoring.MonitoringAssets.assertExported(
        io.previs.launcher.monitoring.MonitoringAssets.scrapedNames(scrape(leader)),
        n -> n.startsWith("previs_autoscaler_"));
    // and its readiness counts the autoscaler itself (its farm view is read)
    assertThat(get(leader, "/actuator/health/readiness")).contains("\"autoscaler\"", "UP");

    // when: the leader goes, the other takes over and wakes the pool for the next shard
    autoscalers.remove(leader).close();
    await().atMost(Duration.ofSeconds(20)).until(() -> leaders() == 1);
    assertThat(leader()).isEqualTo(follower);
    int scalesBefore = kubelet.scales.size();
    String next = submit(request("next-" + UUID.randomUUID(), "normal", 320, 192, 9, 8, 1, 1));
    await().atMost(WAIT).until(() -> kubelet.replicas() > 0);
    await().atMost(WAIT).until(() -> status(next).equals("COMPLETED"));
    await().atMost(WAIT).until(() -> kubelet.replicas() == 0);
    assertThat(kubelet.scales.size()).isGreaterThan(scalesBefore);
    assertThat(decisions(follower)).isPositive();
    assertThat(kubelet.removals).noneMatch(SimulatedKubelet.Removal::busy);
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void anOpsDrainOfABusyWorkerHandsItsShardBackAtAStepBoundaryAndItsPodGoesOnlyOnceDrained()
      throws Exception {
    await().atMost(WAIT).until(() -> kubelet.replicas() == 0 && leaders() == 1);
    int removedBefore = kubelet.removals.size();
    int startedBefore = kubelet.started.size();
    String job =
        submit(request("node-drain-" + UUID.randomUUID(), "normal", 832, 480, 41, 200, 1, 1));
    // as soon as the render starts: its 200 steps take a few seconds here, and a render stops at
    // a step boundary, so the request must land while it samples
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                Jobs.events(rec, job).stream()
                    .anyMatch(
                        e ->
                            e.type() == io.previs.contracts.job.JobEventType.STAGE_STARTED
                                && e.stage() == io.previs.contracts.job.Stage.RENDER));
    assertThat(kubelet.running()).hasSize(1);
    String pod = kubelet.running().get(0);

    // when: ops drain the node the busy worker is on, asking for its shard back now
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", platform.bootstrapServers()),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      var drain =
          io.previs.contracts.scheduling.WorkerDrain.release(
              pod, POOL, "node maintenance", "ops:test", Instant.now());
      producer
          .send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  Topics.WORKERS_DRAIN.name(), pod, PrevisJson.mapper().writeValueAsBytes(drain)))
          .get();
    }

    // then: the shard is handed back at a step boundary and finishes on a new worker, resumed
    // from that step's checkpoint; the drained pod goes, and no pod went while holding a shard
    await().atMost(WAIT).until(() -> status(job).equals("COMPLETED"));
    var rendered =
        rec
            .where(Topics.SHARDS_RENDERED.name(), r -> r.value() != null && r.value().contains(job))
            .stream()
            .map(
                r ->
                    PrevisJson.mapper()
                        .readValue(r.value(), io.previs.contracts.shard.ShardRendered.class))
            .filter(r -> job.equals(r.jobId()))
            .toList();
    assertThat(rendered)
        .singleElement()
        .satisfies(r -> assertThat(r.resumedFromStep()).isPositive());
    assertThat(kubelet.removals.subList(removedBefore, kubelet.removals.size()))
        .extracting(SimulatedKubelet.Removal::pod)
        .contains(pod);
    assertThat(kubelet.removals).noneMatch(SimulatedKubelet.Removal::busy);
    // (a replacement pod was started for the handed-back shard: the first was drained for good;
    // one more may come and go each time the ReplicaSet sees a drained pod's deletion before the
    // lowered count — a wasted start, never a busy kill; under a loaded CI box that race has been
    // seen twice in one run)
    assertThat(kubelet.started.size()).isBetween(startedBefore + 2, startedBefore + 4);
    await().atMost(WAIT).until(() -> kubelet.replicas() == 0);
    assertThat(busyKills()).isZero();
  }

  // --- helpers ------------------------------------------------------------------------------

  private java.util.Optional<Instant> firstBacklog() {
    return rec.all(Topics.SCHEDULER_BACKLOG.name()).stream()
        .filter(r -> POOL.equals(r.key()) && r.value() != null)
        .filter(r -> PrevisJson.mapper().readValue(r.value(), PoolBacklog.class).queuedShards() > 0)
        .map(TopicRecorder.Rec::received)
        .findFirst();
  }

  private String scrape(String autoscaler) throws Exception {
    return get(autoscaler, "/actuator/prometheus");
  }

  private String get(String autoscaler, String path) throws Exception {
    var ctx =
        (org.springframework.boot.web.server.context.WebServerApplicationContext)
            autoscalers.get(autoscaler);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + ctx.getWebServer().getPort() + path))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  private int leaders() {
    int n = 0;
    for (var c : autoscalers.values()) {
      Gauge g = c.getBean(MeterRegistry.class).find("previs.autoscaler.leader").gauge();
      if (g != null && g.value() == 1) {
        n++;
      }
    }
    return n;
  }

  private String leader() {
    return autoscalers.entrySet().stream()
        .filter(
            e ->
                e.getValue()
                        .getBean(MeterRegistry.class)
                        .find("previs.autoscaler.leader")
                        .gauge()
                        .value()
                    == 1)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  private double decisions(String autoscaler) {
    return autoscalers
        .get(autoscaler)
        .getBean(MeterRegistry.class)
        .find("previs.autoscaler.decisions")
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private double busyKills() {
    return autoscalers.values().stream()
        .flatMap(
            c ->
                c
                    .getBean(MeterRegistry.class)
                    .find("previs.autoscaler.busy.kills")
                    .counters()
                    .stream())
        .mapToDouble(Counter::count)
        .sum();
  }

  private List<String> events() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> DEPLOYMENT.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  private static String request(
      String clientJobId,
      String priority,
      int w,
      int h,
      int frames,
      int steps,
      int shots,
      int variants) {
    return """
        {"clientJobId":"%s","prompt":"a lighthouse in a storm","priority":"%s","width":%d,\
        "height":%d,"frames":%d,"steps":%d,"variants":%d,"seed":7}"""
        .formatted(clientJobId, priority, w, h, frames, steps, variants);
  }

  private String submit(String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/v1/jobs"))
                .header("Authorization", "Bearer " + platform.apiKey("studio"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body()).path("jobId").asString();
  }

  private String status(String jobId) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/v1/jobs/" + jobId))
                .header("Authorization", "Bearer " + platform.apiKey("studio"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("job").path("status").asString();
  }
}
