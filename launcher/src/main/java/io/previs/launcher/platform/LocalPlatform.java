package io.previs.launcher.platform;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.encoder.EncoderApplication;
import io.previs.gateway.GatewayApplication;
import io.previs.localstack.LocalKafka;
import io.previs.localstack.LocalS3;
import io.previs.postprocess.PostprocessApplication;
import io.previs.qc.QcApplication;
import io.previs.scheduler.SchedulerApplication;
import io.previs.worker.WorkerApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole of Previs on one machine: a real Kafka broker (KRaft, share groups on), a real S3
 * server (s3proxy, filesystem-backed, SigV4), the built-in model bundles in it, and the five
 * services as Spring Boot applications in this JVM, configured exactly as a deployment would
 * configure them — through bootstrap servers, endpoint, credentials and bucket.
 */
public final class LocalPlatform implements AutoCloseable {

  public static final String ACCESS_KEY = "previs";
  public static final String SECRET_KEY = "previs-local-secret";
  public static final String BUCKET = "previs";

  private final PlatformOptions options;
  private final LocalKafka kafka;
  private final LocalS3 s3;
  // Tests start and stop workers from several threads (a simulated kubelet among them).
  private final List<Service> services = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<ModelBundle> models;
  private Map<String, LocalKeys.Key> keys = Map.of();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** A running service. */
  public record Service(String name, ConfigurableApplicationContext context) {
    public int port() {
      return context instanceof WebServerApplicationContext w && w.getWebServer() != null
          ? w.getWebServer().getPort()
          : -1;
    }
  }

  private LocalPlatform(
      PlatformOptions options, LocalKafka kafka, LocalS3 s3, List<ModelBundle> models) {
    this.options = options;
    this.kafka = kafka;
    this.s3 = s3;
    this.models = models;
  }

  public static LocalPlatform start(PlatformOptions o) {
    // The services start side by side in this JVM; each Spring Boot context would reset the one
    // shared logback context at the same time, which logback does not survive (a race in its
    // listener list fails a start now and then, and appenders pile up). Logging is configured once
    // by logback itself (the CLI's previs-logback.xml, a test's logback-test.xml); Boot leaves it.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    try {
      Files.createDirectories(o.dataDir().resolve("logs"));
      // Broker, S3 server and (first run only) bundle generation start side by side.
      var bundlesFuture =
          CompletableFuture.supplyAsync(
              () -> ModelInstaller.ensureBuiltIns(o.dataDir().resolve("models")));
      var s3Future =
          CompletableFuture.supplyAsync(
              () -> LocalS3.start(o.dataDir().resolve("s3"), o.s3Port(), ACCESS_KEY, SECRET_KEY));
      LocalKafka kafka =
          o.saslKafka()
              ? LocalKafka.startSasl(o.recordLock().toMillis())
              : LocalKafka.start(o.kafkaPort(), o.recordLock().toMillis());
      LocalS3 s3 = s3Future.join();
      List<ModelBundle> bundles = bundlesFuture.join();
      LocalPlatform p = new LocalPlatform(o, kafka, s3, bundles);
      try {
        MinioClient client = p.minio();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
          client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        for (ModelBundle b : bundles) {
          ModelInstaller.upload(client, BUCKET, b);
        }
        p.keys = LocalKeys.ensure(o.dataDir(), o.studios());
        try (org.apache.kafka.clients.admin.Admin admin =
            org.apache.kafka.clients.admin.Admin.create(p.kafkaClientProperties())) {
          for (String studio : o.studios()) {
            StudioOnboarding.onboard(admin, studio, null, 3, (short) 1);
          }
        }
        p.startServices();
        return p;
      } catch (Exception e) {
        p.close();
        throw e;
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // The root cause too: a wrapped "Unable to start web server" alone says nothing of why.
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalStateException(
          "cannot start the local platform: "
              + e.getMessage()
              + (root == e ? "" : " (caused by " + root + ")"),
          e);
    }
  }

  private void startServices() throws Exception {
    // Every service creates missing topics itself, so none has to wait for another: start them all
    // side by side (start-up is CPU-bound class loading and bean wiring; three threads keep two
    // cores busy).
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Service>> started = new ArrayList<>();
      started.add(
          pool.submit(
              () ->
                  new Service(
                      "gateway", run(GatewayApplication.builder(), gatewayProperties(), true))));
      started.add(
          pool.submit(
              () ->
                  new Service(
                      "encoder",
                      run(
                          EncoderApplication.builder(),
                          Map.of("previs.encoder.model-cache", cache().toString()),
                          options.internalHttp()))));
      started.add(
          pool.submit(
              () ->
                  new Service(
                      "postprocess",
                      run(
                          PostprocessApplication.builder(),
                          Map.of(
                              "previs.postprocess.work-dir",
                              options.dataDir().resolve("work/postprocess").toString()),
                          options.internalHttp()))));
      started.add(
          pool.submit(
              () ->
                  new Service(
                      "qc",
                      run(
                          QcApplication.builder(),
                          Map.of(
                              "previs.qc.work-dir",
                              options.dataDir().resolve("work/qc").toString()),
                          options.internalHttp()))));
      started.add(pool.submit(() -> new Service("scheduler", runScheduler())));
      for (int i = 1; i <= options.workers(); i++) {
        String id = "worker-" + i;
        started.add(pool.submit(() -> new Service(id, runWorker(id))));
      }
      for (Future<Service> f : started) {
        services.add(f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  private Map<String, String> gatewayProperties() {
    Map<String, String> p = new LinkedHashMap<>(LocalKeys.seedProperties(keys));
    p.put("server.port", Integer.toString(options.gatewayPort()));
    // With a SASL broker (as production), the open submit topic is off as it is there.
    p.put("previs.security.shared-submit-topic", Boolean.toString(!options.saslKafka()));
    // One machine, one person editing the lists: a change shows within seconds, not 30.
    p.put("previs.gateway.policy.refresh", "3s");
    return p;
  }

  /** The API key of a local studio (submitter and reviewer); "ops" for the ops key. */
  public String apiKey(String studio) {
    LocalKeys.Key k = keys.get(studio);
    if (k == null) {
      throw new IllegalArgumentException("no local key for " + studio + "; have " + keys.keySet());
    }
    return k.key();
  }

  /** Where a local studio's key (or "ops") is kept. */
  public Path apiKeyFile(String studio) {
    return keys.get(studio).file();
  }

  /**
   * The scheduler, its state kept under the data directory (and in Kafka): a restart of the stack
   * resumes its backlog. Tests start a second one to see it take over.
   */
  public Service startScheduler(String name) {
    Service s = new Service(name, runScheduler(name));
    services.add(s);
    return s;
  }

  private ConfigurableApplicationContext runScheduler() {
    return runScheduler("scheduler");
  }

  private ConfigurableApplicationContext runScheduler(String name) {
    return run(
        SchedulerApplication.builder(),
        Map.of(
            "previs.scheduler.state-dir",
            options.dataDir().resolve("state/" + name).toString(),
            "previs.scheduler.eta-interval",
            "2s",
            "previs.scheduler.worker-timeout",
            "10s"),
        options.internalHttp());
  }

  /** Starts one more in-JVM worker (tests use this to add capacity after a worker is lost). */
  public Service startWorker(String id) {
    return startWorker(id, Map.of());
  }

  /** Starts one more in-JVM worker with settings of its own ({@code previs.worker.pool}, …). */
  public Service startWorker(String id, Map<String, String> settings) {
    Service s = new Service(id, runWorker(id, settings));
    services.add(s);
    return s;
  }

  private ConfigurableApplicationContext runWorker(String id) {
    return runWorker(id, Map.of());
  }

  private ConfigurableApplicationContext runWorker(String id, Map<String, String> settings) {
    Map<String, String> own = new LinkedHashMap<>();
    own.put("previs.worker.id", id);
    own.put("previs.worker.model-cache", cache().toString());
    own.put("previs.worker.work-dir", options.dataDir().resolve("work/" + id).toString());
    own.putAll(settings);
    return run(WorkerApplication.builder(), own, options.internalHttp());
  }

  private Path cache() {
    return options.dataDir().resolve("cache/models");
  }

  /**
   * Starts a service with the platform's settings as command-line arguments, which outrank the
   * service's own yml (its defaults point at a Kafka and MinIO of a deployment).
   */
  private ConfigurableApplicationContext run(
      SpringApplicationBuilder builder, Map<String, String> own, boolean http) {
    Map<String, String> props = new LinkedHashMap<>(serviceProperties());
    props.putAll(own);
    if (!http) {
      // No HTTP server (probes, Prometheus) for back-end services nobody scrapes in a one-off
      // render.
      props.put("spring.main.web-application-type", "none");
    }
    if (http) {
      props.put("server.tomcat.basedir", tomcatBaseDir().toString());
    }
    props.putAll(options.extra());
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return builder.run(args);
  }

  private static final java.util.concurrent.atomic.AtomicInteger TOMCATS =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * A Tomcat base directory of its own for each web server, under one that lives as long as the
   * JVM. Left to itself, the first embedded Tomcat in a JVM publishes its generated base directory
   * as the JVM-wide {@code catalina.home}, Spring Boot deletes that directory when the server
   * stops, and servers starting side by side afterwards race to create it again: the losers fail
   * with "Unable to start web server" (a platform started after another in the same JVM, as the
   * tests do). Configured base directories are never deleted by Spring Boot.
   */
  private static Path tomcatBaseDir() {
    try {
      Path dir =
          Path.of(
              System.getProperty("java.io.tmpdir"),
              "previs-tomcat-" + ProcessHandle.current().pid(),
              Integer.toString(TOMCATS.incrementAndGet()));
      return Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What every service is given: where Kafka and object storage are, and quiet logging. */
  public Map<String, String> serviceProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    kafka
        .clientProperties()
        .forEach(
            (k, v) ->
                p.put(
                    k.equals("security.protocol")
                        ? "spring.kafka.security.protocol" // Boot's own property, as a chart sets
                        // it
                        : "spring.kafka.properties." + k,
                    v));
    p.put("previs.storage.endpoint", s3.endpoint());
    p.put("previs.storage.access-key", ACCESS_KEY);
    p.put("previs.storage.secret-key", SECRET_KEY);
    p.put("previs.storage.bucket", BUCKET);
    p.put("previs.kafka.replication-factor", "1");
    // The workers' lease is the scheduler's worker-timeout (runScheduler): a worker paused that
    // long knows its shard has been given to another.
    p.put("previs.worker.lease", "10s");
    p.put("server.port", "0");
    p.put("spring.main.banner-mode", "off");
    // Micrometer's logback binder adds a filter to the one logback context every in-JVM service
    // shares; several contexts starting at once race in logback's filter list (a deployment runs
    // one service per JVM and keeps it).
    p.put(
        "spring.autoconfigure.exclude",
        "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback"
            + ".LogbackMetricsAutoConfiguration");
    p.put("spring.main.register-shutdown-hook", "false");
    return p;
  }

  public MinioClient minio() {
    return MinioClient.builder()
        .endpoint(s3.endpoint())
        .credentials(ACCESS_KEY, SECRET_KEY)
        .build();
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Bootstrap servers plus, on a SASL broker, the credentials a client needs. */
  public Map<String, Object> kafkaClientProperties() {
    Map<String, Object> p = new LinkedHashMap<>(kafka.clientProperties());
    p.put("bootstrap.servers", kafka.bootstrapServers());
    return p;
  }

  /**
   * Takes the S3 server down, as an outage does: connections to it are refused until {@link
   * #restartStorage()}; the objects stay.
   */
  public void stopStorage() {
    s3.stop();
  }

  /** Takes the Kafka broker down (its controller stays up) until {@link #startBroker()}. */
  public void stopBroker() {
    kafka.stopBroker();
  }

  /** Starts the Kafka broker again on the same port, from its log. */
  public void startBroker() {
    kafka.startBroker();
  }

  /** Serves storage again on the same endpoint. */
  public void restartStorage() {
    s3.restart();
  }

  public String s3Endpoint() {
    return s3.endpoint();
  }

  public String gatewayUrl() {
    return "http://127.0.0.1:" + service("gateway").port();
  }

  public Service service(String name) {
    return services.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service " + name));
  }

  public List<Service> services() {
    return List.copyOf(services);
  }

  public List<ModelBundle> models() {
    return models;
  }

  public PlatformOptions options() {
    return options;
  }

  /** Stops one service (tests stop a worker to see its shard move on). */
  public void stop(String name) {
    Service s = service(name);
    s.context().close();
    services.remove(s);
  }

  /** Idempotent: the CLI's Ctrl-C hook and its try-with-resources may both close the platform. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<Service> reversed = new ArrayList<>(services);
    Collections.reverse(reversed);
    for (Service s : reversed) {
      try {
        s.context().close();
      } catch (RuntimeException e) {
        // keep closing the rest
      }
    }
    services.clear();
    quietly(s3::close);
    quietly(kafka::close);
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // shutting down anyway
    }
  }
}
