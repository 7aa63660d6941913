package io.previs.launcher.render;

import io.minio.DownloadObjectArgs;
import io.minio.MinioClient;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.Stage;
import io.previs.contracts.topics.Topics;
import io.previs.diffusion.bundle.BundleLoader;
import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.ModelInstaller;
import io.previs.launcher.platform.PlatformOptions;
import io.previs.servicekit.lifecycle.StopSignals;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./previs render}: starts the embedded stack, writes the request to previs.jobs.submit as a
 * plain JSON string (exactly what a studio's own Kafka client would send), follows the job's events
 * with a progress bar per stage, then downloads the deliverables and prints where they are and
 * where the time went.
 */
public final class RenderCommand {

  private final PrintStream out;
  private final PrintStream err;

  public RenderCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public int run(RenderOptions o) throws Exception {
    Instant t0 = Instant.now();
    out.println(
        "Starting the local stack (Kafka, S3, gateway, encoder, "
            + o.workers()
            + " worker"
            + (o.workers() == 1 ? "" : "s")
            + ", postprocess, qc)...");
    PlatformOptions po =
        PlatformOptions.defaults(o.dataDir())
            .withWorkers(o.workers())
            .withPorts(0, 0, 0)
            .withInternalHttp(false);
    try (LocalPlatform platform = LocalPlatform.start(po)) {
      // Ctrl-C mid-render: stop the stack in order (the worker checkpoints its shard at the step
      // boundary and only then closes its ONNX Runtime sessions) instead of exiting under it;
      // 130/143 are the shells' conventions for a command ended by SIGINT/SIGTERM.
      try (StopSignals interrupted =
          StopSignals.onStop(
              () -> {
                err.println("previs: interrupted; stopping the stack (the render is checkpointed)");
                platform.close();
              },
              signal -> "INT".equals(signal) ? 130 : 143)) {
        return render(o, platform, t0);
      }
    }
  }

  private int render(RenderOptions o, LocalPlatform platform, Instant t0) throws Exception {
    Duration startup = Duration.between(t0, Instant.now());
    out.printf(
        "Stack up in %.1f s (logs: %s)%n",
        startup.toMillis() / 1000.0, o.dataDir().resolve("logs/previs.log"));
    String model = o.model();
    if (o.modelDir() != null) {
      var bundle = BundleLoader.load(o.modelDir());
      ModelInstaller.upload(platform.minio(), LocalPlatform.BUCKET, bundle);
      model = bundle.id();
      out.println("Installed model " + model + " from " + o.modelDir());
    }
    String jobId = JobIds.jobId(o.studio(), o.clientJobId());
    Instant submitted;
    try (JobWatcher watcher = new JobWatcher(platform.bootstrapServers())) {
      submitted = submit(platform.bootstrapServers(), request(o, model));
      out.println("Submitted job " + jobId + " to " + Topics.JOBS_SUBMIT.name());
      Outcome outcome = follow(watcher, jobId, o, platform.gatewayUrl());
      if (outcome.event == null) {
        err.println(
            "previs: job "
                + jobId
                + (outcome.held
                    ? " is still held for the content policy's review after "
                    : " did not finish within ")
                + o.timeout().toSeconds()
                + " s");
        return 2;
      }
      switch (outcome.event.type()) {
        case REJECTED -> {
          err.println("previs: the request was rejected:");
          outcome
              .event
              .errors()
              .forEach(fe -> err.println("  " + fe.field() + ": " + fe.message()));
          if (outcome.event.errors().isEmpty() && outcome.event.reason() != null) {
            // a reviewer's or the policy's rejection: no field is wrong, the content is
            err.println("  " + outcome.event.reason());
          }
          return 1;
        }
        case FAILED -> {
          err.println(
              "previs: job "
                  + jobId
                  + " failed in "
                  + outcome.event.stage()
                  + ": "
                  + outcome.event.reason());
          return 1;
        }
        default -> {}
      }
      List<Path> files =
          download(platform.minio(), o.out().resolve(jobId), outcome.event.outputs());
      Instant done = Instant.now();
      printSummary(jobId, files, outcome, submitted, done, startup, Duration.between(t0, done));
      return 0;
    }
  }

  private record Outcome(JobEvent event, StageBars bars, Instant accepted, boolean held) {}

  private Outcome follow(JobWatcher watcher, String jobId, RenderOptions o, String gateway) {
    JobEvent[] last = new JobEvent[1];
    Instant[] accepted = new Instant[1];
    boolean[] held = new boolean[1];
    try (StageBars bars = new StageBars(out)) {
      watcher.follow(
          jobId,
          o.timeout(),
          e -> {
            switch (e.type()) {
              case ACCEPTED -> {
                accepted[0] = e.at();
                var s = e.spec();
                bars.accepted(s.shardCount(), s.variants());
                out.printf(
                    "Accepted: %d shot(s) × %d variant(s), %d frames at %dx%d, %d fps, seed %d, model %s%n",
                    s.shots().size(),
                    s.variants(),
                    s.shots().get(0).frames(),
                    s.width(),
                    s.height(),
                    s.fps(),
                    s.seed(),
                    s.modelId());
                // what the model is given, after templates and normalisation, shot by shot
                for (int k = 0; k < s.shots().size(); k++) {
                  var shot = s.shots().get(k);
                  String which = s.shots().size() > 1 ? "Shot " + k + " prompt" : "Prompt";
                  out.printf(
                      "%s%s: %s%n",
                      which,
                      shot.template() == null ? "" : " (" + shot.template() + ")",
                      shot.prompt());
                  if (shot.negativePrompt() != null) {
                    out.printf("%s negative prompt: %s%n", which, shot.negativePrompt());
                  }
                }
                s.warnings().forEach(w -> out.printf("Warning: %s: %s%n", w.field(), w.message()));
              }
              case DUPLICATE -> out.println("Already submitted: " + e.reason());
              case POLICY_HELD -> {
                // nothing renders until a person decides: say why, and how ops decide
                held[0] = true;
                out.print(HoldNotice.of(e, jobId, gateway));
              }
              case REJECTED, FAILED, COMPLETED -> {
                last[0] = e;
                return true;
              }
              default -> bars.on(e);
            }
            return false;
          });
      return new Outcome(last[0], bars, accepted[0], held[0]);
    }
  }

  private static ObjectNode request(RenderOptions o, String model) {
    ObjectNode r = JsonMapper.builder().build().createObjectNode();
    r.put("schemaVersion", 1);
    r.put("studio", o.studio());
    r.put("clientJobId", o.clientJobId());
    if (o.prompt() != null) {
      r.put("prompt", o.prompt());
    }
    if (!o.form().isEmpty()) {
      ObjectNode form = r.putObject("form");
      o.form().forEach(form::put);
    }
    if (o.template() != null) {
      r.put("template", o.template());
    }
    if (o.negativePrompt() != null) {
      r.put("negativePrompt", o.negativePrompt());
    }
    if (o.seconds() != null) {
      r.put("seconds", o.seconds());
    }
    if (o.frames() != null) {
      r.put("frames", o.frames());
    }
    if (o.width() != null) {
      r.put("width", o.width());
      r.put("height", o.height());
    }
    if (o.fps() != null) {
      r.put("fps", o.fps());
    }
    if (o.variants() != null) {
      r.put("variants", o.variants());
    }
    if (o.seed() != null) {
      r.put("seed", o.seed());
    }
    if (o.steps() != null) {
      r.put("steps", o.steps());
    }
    if (o.guidance() != null) {
      r.put("guidance", o.guidance());
    }
    if (model != null) {
      r.put("modelId", model);
    }
    return r;
  }

  private static Instant submit(String bootstrap, ObjectNode request) throws Exception {
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap),
            new StringSerializer(),
            new StringSerializer())) {
      Instant at = Instant.now();
      p.send(
              new ProducerRecord<>(
                  Topics.JOBS_SUBMIT.name(),
                  request.get("clientJobId").asString(),
                  request.toString()))
          .get();
      return at;
    }
  }

  private static List<Path> download(MinioClient client, Path dir, List<VariantOutput> outputs)
      throws Exception {
    List<Path> files = new ArrayList<>();
    if (outputs == null) {
      return files;
    }
    for (VariantOutput v : outputs) {
      Path vdir = dir.resolve("v" + v.variant());
      Files.createDirectories(vdir);
      for (String[] kf :
          new String[][] {
            {v.videoKey(), "clip.mp4"},
            {v.posterKey(), "poster.jpg"},
            {v.reportKey(), "qc-report.json"}
          }) {
        if (kf[0] == null) {
          continue;
        }
        Path target = vdir.resolve(kf[1]);
        Files.deleteIfExists(target);
        client.downloadObject(
            DownloadObjectArgs.builder()
                .bucket(LocalPlatform.BUCKET)
                .object(kf[0])
                .filename(target.toString())
                .build());
        files.add(target.toAbsolutePath());
      }
    }
    return files;
  }

  private void printSummary(
      String jobId,
      List<Path> files,
      Outcome o,
      Instant submitted,
      Instant done,
      Duration startup,
      Duration total) {
    out.println();
    out.println("Job " + jobId + " completed.");
    if (o.event.outputs() != null) {
      for (VariantOutput v : o.event.outputs()) {
        out.printf("  variant %d (seed %d): QC verdict %s%n", v.variant(), v.seed(), v.verdict());
      }
    }
    files.forEach(f -> out.println("  " + f));
    out.println();
    out.println("Where the time went:");
    row("stack start-up (JVM, Kafka, S3, 6 services)", startup);
    List<Duration> stages = new ArrayList<>();
    stages.add(o.accepted == null ? null : Duration.between(submitted, o.accepted));
    stages.add(o.bars.duration(Stage.ENCODE));
    stages.add(span(o.bars, Stage.RENDER));
    stages.add(span(o.bars, Stage.POSTPROCESS));
    stages.add(span(o.bars, Stage.QC));
    row("intake (submit → accepted)", stages.get(0));
    row("encode (prompts → embeddings, shards queued)", stages.get(1));
    row("render (denoise + VAE decode + store frames)", stages.get(2));
    row("post-process (assemble, H.264, poster)", stages.get(3));
    row("QC (similarity, faces, optical flow)", stages.get(4));
    Duration endToEnd = Duration.between(submitted, o.event.at());
    // What no stage accounts for: Kafka hand-offs, and on a fresh stack the worker's first
    // share-group assignment, which lands after the shard is queued.
    Duration between = endToEnd;
    for (Duration d : stages) {
      between = d == null ? null : between == null ? null : between.minus(d);
    }
    row("between stages (Kafka hand-offs, group joins)", between);
    row("submit → completed", endToEnd);
    row("total wall time", total);
  }

  private static Duration span(StageBars bars, Stage s) {
    Instant a = bars.started(s);
    Instant b = bars.ended(s);
    return a == null || b == null ? null : Duration.between(a, b);
  }

  private void row(String what, Duration d) {
    out.printf(
        "  %-48s %s%n", what, d == null ? "-" : String.format("%8.2f s", d.toMillis() / 1000.0));
  }
}
