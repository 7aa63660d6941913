package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.DownloadObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.StatObjectArgs;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.topics.Topics;
import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.PlatformOptions;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.FrameSource;
import io.previs.media.frames.ShardInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The embedded stack without in-JVM workers, for the worker fault tests: workers run as JVMs of
 * their own (configured only through properties, as pods are), so a test can kill -9, SIGSTOP and
 * SIGCONT them; and helpers to drive and watch a job.
 */
final class FaultStack implements AutoCloseable {

  final Path tmp;
  final Map<String, String> workerSettings;
  final LocalPlatform platform;
  final TopicRecorder rec;
  final KafkaProducer<String, String> studio;

  FaultStack(Path tmp, Map<String, String> settings) {
    this.tmp = tmp;
    this.workerSettings = settings;
    platform =
        LocalPlatform.start(
            PlatformOptions.defaults(tmp.resolve("data"))
                .withWorkers(0)
                .withPorts(0, 0, 0)
                .withRecordLock(Duration.ofSeconds(4))
                .withStudios("e2e")
                .withExtra(settings));
    // The pool's queue is made by its first worker; the recorder must see it from the start.
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(platform.kafkaClientProperties())) {
      var queue = Topics.shardsQueued("default");
      admin
          .createTopics(
              List.of(
                  new org.apache.kafka.clients.admin.NewTopic(
                      queue.name(), queue.partitions(), (short) 1),
                  new org.apache.kafka.clients.admin.NewTopic(
                      queue.deadLetter(), queue.partitions(), (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      // created is not yet visible to every client: wait until a consumer sees its partitions
      try (var c =
          new org.apache.kafka.clients.consumer.KafkaConsumer<>(
              platform.kafkaClientProperties(),
              new org.apache.kafka.common.serialization.StringDeserializer(),
              new org.apache.kafka.common.serialization.StringDeserializer())) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    c.partitionsFor(queue.name(), Duration.ofSeconds(5)).size()
                            == queue.partitions()
                        && c.partitionsFor(queue.deadLetter(), Duration.ofSeconds(5)).size()
                            == queue.partitions());
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the pool's queue", e);
    }
    rec =
        new TopicRecorder(
            platform.bootstrapServers(),
            Topics.JOBS_EVENTS.name(),
            Topics.SHARDS_RENDERED.name(),
            Topics.VIDEOS_READY.name(),
            Topics.shardsQueued("default").name(),
            Topics.shardsQueued("default").deadLetter());
    studio =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", platform.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer());
  }

  static FaultStack start(String name, Map<String, String> settings) throws Exception {
    Path tmp = Files.createDirectories(Path.of("target", name + "-" + UUID.randomUUID()));
    return new FaultStack(tmp, settings);
  }

  /** Submits a request on the shared submit topic (the body's %s is the clientJobId). */
  String submit(String clientJobId, String requestTemplate) throws Exception {
    studio
        .send(
            new ProducerRecord<>(
                Topics.JOBS_SUBMIT.name(), clientJobId, requestTemplate.formatted(clientJobId)))
        .get();
    return JobIds.jobId("e2e", clientJobId);
  }

  List<JobEvent> events(String jobId) {
    return Jobs.events(rec, jobId);
  }

  int maxStep(String jobId) {
    return events(jobId).stream()
        .filter(e -> e.type() == JobEventType.PROGRESS)
        .mapToInt(e -> e.progress().step())
        .max()
        .orElse(0);
  }

  /** The worker that last started the shard, from its render stage event ("attempt n on id"). */
  String holderOf(String jobId, String shardId) {
    String holder = null;
    for (JobEvent e : events(jobId)) {
      if (e.type() == JobEventType.STAGE_STARTED
          && e.shard() != null
          && shardId.equals(e.shard().shardId())
          && e.reason() != null
          && e.reason().contains(" on ")) {
        String rest = e.reason().substring(e.reason().indexOf(" on ") + 4);
        holder = rest.split(" ")[0];
      }
    }
    return holder;
  }

  /** Releases of the shard into its pool's queue: one per attempt the scheduler made. */
  long releases(String shardId) {
    return rec.where(Topics.shardsQueued("default").name(), r -> shardId.equals(r.key())).size();
  }

  void awaitUntil(Duration atMost, Callable<Boolean> until) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(until);
  }

  /** Waits for the job to finish and returns its rendered events. */
  List<ShardRendered> awaitFinished(String jobId, Duration atMost) {
    await().atMost(atMost).until(() -> Jobs.finished(rec, jobId));
    return rendered(jobId);
  }

  List<ShardRendered> rendered(String jobId) {
    return rec.where(Topics.SHARDS_RENDERED.name(), r -> jobId.equals(r.key())).stream()
        .map(r -> PrevisJson.mapper().readValue(r.value(), ShardRendered.class))
        .toList();
  }

  /** SHA-256 over every decoded pixel of a shard's frames.mkv, and its frame count. */
  String framesHash(String framesKey, int expectFrames) throws Exception {
    Path mkv = download(framesKey, UUID.randomUUID() + ".mkv");
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    int frames = 0;
    try (FrameSource source = ShardInput.file(mkv).open()) {
      for (BgrFrame f; (f = source.next()) != null; frames++) {
        md.update(f.data());
      }
    }
    assertThat(frames).isEqualTo(expectFrames);
    return HexFormat.of().formatHex(md.digest());
  }

  Path download(String key, String name) throws Exception {
    Path f = tmp.resolve(name);
    platform
        .minio()
        .downloadObject(
            DownloadObjectArgs.builder()
                .bucket(LocalPlatform.BUCKET)
                .object(key)
                .filename(f.toString())
                .build());
    return f;
  }

  byte[] get(String key) throws Exception {
    try (var in =
        platform
            .minio()
            .getObject(
                io.minio.GetObjectArgs.builder()
                    .bucket(LocalPlatform.BUCKET)
                    .object(key)
                    .build())) {
      return in.readAllBytes();
    }
  }

  boolean exists(String key) {
    try {
      platform
          .minio()
          .statObject(StatObjectArgs.builder().bucket(LocalPlatform.BUCKET).object(key).build());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Every key under a prefix. */
  List<String> list(String prefix) throws Exception {
    List<String> keys = new ArrayList<>();
    for (var r :
        platform
            .minio()
            .listObjects(
                ListObjectsArgs.builder()
                    .bucket(LocalPlatform.BUCKET)
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
      keys.add(r.get().objectName());
    }
    return keys;
  }

  String workerLog(String id) throws Exception {
    Path f = tmp.resolve(id + ".log");
    return Files.exists(f) ? Files.readString(f) : "";
  }

  /** Sends a signal (KILL, STOP, CONT, QUIT) to a worker process. */
  static void signal(Process p, String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
        .inheritIO()
        .start()
        .waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * A worker as its own JVM, configured only through properties, as a pod would be; its working
   * directory is {@code tmp}, where a native crash would leave its hs_err file. Does not wait for
   * it to start unless {@code await} is set.
   */
  Process startWorkerProcess(String id, boolean awaitStart) throws Exception {
    return startWorkerProcess(id, awaitStart, Map.of());
  }

  /** As {@link #startWorkerProcess(String, boolean)}, with more settings of its own. */
  Process startWorkerProcess(String id, boolean awaitStart, Map<String, String> more)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                // A session of its own, as a pod's process is: job-control signals to the build's
                // process group (a shell continuing its stopped jobs) must not reach it; setsid
                // execs java in place, so the pid is the JVM's.
                "setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:ErrorFile=" + tmp.toAbsolutePath().resolve("hs_err_pid%p.log"),
                "-DPREVIS_LOG_FILE=" + tmp.resolve(id + ".log").toAbsolutePath(),
                "-Dlogback.configurationFile=previs-logback.xml",
                // An argument file: ONNX Runtime crashes processes whose command line passes ~4 KB.
                "@"
                    + Files.writeString(
                            tmp.resolve(id + ".args"),
                            "-cp \"" + System.getProperty("java.class.path") + "\"\n")
                        .toAbsolutePath(),
                "io.previs.worker.WorkerApplication"));
    Map<String, String> props = new LinkedHashMap<>(platform.serviceProperties());
    props.put("previs.worker.id", id);
    props.put("previs.worker.model-cache", tmp.resolve("cache").toAbsolutePath().toString());
    props.put("previs.worker.work-dir", tmp.resolve("work-" + id).toAbsolutePath().toString());
    props.put("spring.main.web-application-type", "none");
    props.put("logging.config", "classpath:previs-logback.xml");
    props.putAll(workerSettings);
    props.putAll(more);
    props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    Process p =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve(id + ".out").toFile())
            .start();
    if (awaitStart) {
      awaitStarted(id, p);
    }
    return p;
  }

  void awaitStarted(String id, Process p) {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> workerLog(id).contains("Started WorkerApplication") || !p.isAlive());
    assertThat(p.isAlive()).as("worker %s started; see %s", id, tmp.resolve(id + ".out")).isTrue();
  }

  @Override
  public void close() throws Exception {
    studio.close();
    rec.close();
    platform.close();
  }
}
