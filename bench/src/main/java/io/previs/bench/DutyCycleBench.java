package io.previs.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.Stage;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.topics.Topics;
import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.PlatformOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A GPU worker's duty cycle over a backlog: one worker of the embedded stack, the tiny DiT, a job
 * of N shards (default 24) queued at once. Duty cycle = time inside model runs (the shards' billed
 * device seconds: denoiser and VAE runs) / wall time from the first shard's start to the last one's
 * end; the goal is ≥ 98 %. It also prints the hand-off gap between two shards (one's render
 * completed → the next one's render started) and the time inside a shard outside model runs
 * (embeddings, checkpoints, FFV1 encode, upload), p50 and p95. On CPU the tiny DiT's model runs are
 * short, so the same fixed costs weigh more than they would against a 14B expert on a GPU.
 *
 * <p>Usage: {@code bench/run.sh duty [shards] [steps] [--with-post]}: post-processing and QC are
 * stopped unless {@code --with-post} (on a farm they run on other nodes; here they would share the
 * worker's two CPU cores).
 */
public final class DutyCycleBench {

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    List<String> a = new ArrayList<>(List.of(args));
    // On a farm, post-processing and QC run on nodes of their own; here they would take the very
    // CPU cores the worker's "GPU" (ONNX Runtime on CPU) runs on. --with-post keeps them.
    boolean withPost = a.remove("--with-post");
    int shards = a.size() > 0 ? Integer.parseInt(a.get(0)) : 24;
    int steps = a.size() > 1 ? Integer.parseInt(a.get(1)) : 20;
    int variants = 4;
    int shots = (shards + variants - 1) / variants;
    Path dir = Files.createTempDirectory("previs-duty");
    try (LocalPlatform p =
        LocalPlatform.start(
            PlatformOptions.defaults(dir).withWorkers(1).withPorts(0, 0, 0).withStudios("bench"))) {
      if (!withPost) {
        p.stop("postprocess");
        p.stop("qc");
      }
      StringBuilder shotList = new StringBuilder();
      for (int s = 0; s < shots; s++) {
        shotList.append(s == 0 ? "" : ",").append("{\"prompt\":\"shot ").append(s).append("\"}");
      }
      String clientJobId = "duty-" + System.nanoTime();
      String request =
          """
          {"studio":"bench","clientJobId":"%s","modelId":"previs-tiny-dit","width":256,
           "height":256,"frames":33,"steps":%d,"variants":%d,"shots":[%s]}"""
              .formatted(clientJobId, steps, variants, shotList);
      String jobId = JobIds.jobId("bench", clientJobId);
      try (var producer =
              new KafkaProducer<>(
                  p.kafkaClientProperties(), new StringSerializer(), new StringSerializer());
          var consumer =
              new KafkaConsumer<>(
                  withGroup(p.kafkaClientProperties()),
                  new StringDeserializer(),
                  new StringDeserializer())) {
        consumer.subscribe(List.of(Topics.JOBS_EVENTS.name()));
        producer.send(new ProducerRecord<>(Topics.JOBS_SUBMIT.name(), clientJobId, request)).get();
        Map<String, Instant> started = new HashMap<>();
        Map<String, Instant> completed = new HashMap<>();
        Map<String, Double> device = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        boolean done = false;
        while (!done && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            if (!jobId.equals(r.key())) {
              continue;
            }
            JobEvent e = PrevisJson.mapper().readValue(r.value(), JobEvent.class);
            if (e.stage() == Stage.RENDER && e.shard() != null) {
              if (e.type() == JobEventType.STAGE_STARTED) {
                started.putIfAbsent(e.shard().shardId(), e.at());
              } else if (e.type() == JobEventType.STAGE_COMPLETED) {
                completed.put(e.shard().shardId(), e.at());
                device.put(e.shard().shardId(), e.usage().deviceSeconds());
              }
            }
            if (e.type() == JobEventType.FAILED || e.type() == JobEventType.REJECTED) {
              throw new IllegalStateException("job failed: " + e.reason());
            }
            done |= e.type() == JobEventType.COMPLETED || completed.size() == shots * variants;
          }
        }
        report(started, completed, device, shots * variants, steps, withPost);
        workerMeters(p.service("worker-1").context().getBean(MeterRegistry.class));
      }
    }
  }

  /** The worker's own view: its GPU's busy seconds and the hand-offs it timed. */
  private static void workerMeters(MeterRegistry registry) {
    double busy = registry.get("previs.worker.gpu.busy.seconds").counter().count();
    Timer handoff = registry.get("previs.worker.gpu.handoff").timer();
    HistogramSnapshot h = handoff.takeSnapshot();
    double p50 = Double.NaN;
    double p95 = Double.NaN;
    for (ValueAtPercentile v : h.percentileValues()) {
      if (v.percentile() == 0.5) {
        p50 = v.value(TimeUnit.SECONDS);
      } else if (v.percentile() == 0.95) {
        p95 = v.value(TimeUnit.SECONDS);
      }
    }
    System.out.printf(
        "worker's meters: GPU busy %.2f s in model runs; GPU hand-off between shards (next shard"
            + " in hand): %d hand-offs, mean %.4f s, p50 %.4f s, p95 %.4f s, max %.4f s%n",
        busy,
        handoff.count(),
        handoff.mean(TimeUnit.SECONDS),
        p50,
        p95,
        handoff.max(TimeUnit.SECONDS));
  }

  private static Map<String, Object> withGroup(Map<String, Object> client) {
    Map<String, Object> c = new HashMap<>(client);
    c.put("group.id", "duty-bench-" + System.nanoTime());
    c.put("auto.offset.reset", "earliest");
    return c;
  }

  private static void report(
      Map<String, Instant> started,
      Map<String, Instant> completed,
      Map<String, Double> device,
      int shards,
      int steps,
      boolean withPost) {
    List<String> order = new ArrayList<>(completed.keySet());
    order.sort((a, b) -> started.get(a).compareTo(started.get(b)));
    Instant first = started.get(order.get(0));
    Instant last = completed.get(order.get(order.size() - 1));
    double wall = Duration.between(first, last).toNanos() / 1e9;
    double model = device.values().stream().mapToDouble(Double::doubleValue).sum();
    // From the job's events: a shard's render starts on the GPU and completes once stored, so with
    // the next shard taken ahead and the storing beside the GPU, "completed → next started" is
    // negative; the hand-off the GPU sees is the worker's own meter (printed below).
    List<Double> gaps = new ArrayList<>();
    List<Double> inShard = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      String s = order.get(i);
      inShard.add(
          Duration.between(started.get(s), completed.get(s)).toNanos() / 1e9 - device.get(s));
      if (i + 1 < order.size()) {
        gaps.add(Duration.between(completed.get(s), started.get(order.get(i + 1))).toNanos() / 1e9);
      }
    }
    System.out.printf(
        "duty cycle: %d shards (tiny DiT 256x256, 33 frames, %d steps) on one worker%s: model"
            + " runs %.2f s of %.2f s wall = %.1f %% (goal 98 %%)%n",
        order.size(),
        steps,
        withPost ? ", post-processing and QC on the same cores" : "",
        model,
        wall,
        100 * model / wall);
    System.out.printf(
        "completed → next started (events): p50 %.3f s, p95 %.3f s; started → completed outside"
            + " model runs:"
            + " p50 %.3f s, p95 %.3f s; model time per shard p50 %.3f s%n",
        pct(gaps, 50),
        pct(gaps, 95),
        pct(inShard, 50),
        pct(inShard, 95),
        pct(new ArrayList<>(device.values()), 50));
    if (order.size() != shards) {
      System.out.printf("(only %d of %d shards finished)%n", order.size(), shards);
    }
  }

  private static double pct(List<Double> xs, int p) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
  }
}
