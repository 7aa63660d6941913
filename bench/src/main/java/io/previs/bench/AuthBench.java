package io.previs.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.previs.gateway.GatewayApplication;
import io.previs.localstack.LocalKafka;
import io.previs.localstack.LocalS3;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * What authentication and authorisation cost per request: the same {@code GET /v1/jobs/{id}} of one
 * job, answered by a gateway with security off and by one with security on (an API key, a JWT from
 * an identity provider whose JWKS is served over HTTP), requests interleaved case by case in a new
 * random order each time, so all cases see the same machine and none always follows another (an
 * audit entry sent after one answer would otherwise always land in the next case's time). Also the
 * 404 of another studio's job against the 404 of an id nobody has (they must not be told apart by
 * time), and the one-off bcrypt cost a key's first use pays on each replica.
 *
 * <p>Both gateways run in this JVM on a real embedded broker and S3 server, one client thread,
 * HTTP/1.1 keep-alive over loopback; latency is the client's (request written to answer read).
 *
 * <p>Usage: bench/run.sh auth [requests-per-case] [rounds]
 */
public final class AuthBench {

  private static final String ALPHA = key("a1a1a1a1a1a1");
  private static final String BETA = key("b2b2b2b2b2b2");
  private static final String ISSUER = "https://idp.bench.test";

  private AuthBench() {}

  public static void main(String[] args) throws Exception {
    int perCase = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    // The bench's slf4j-simple, not the gateway's Logback, writes the logs.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path tmp = Files.createTempDirectory("previs-auth-bench");
    RSAKey signing = new RSAKeyGenerator(2048).keyID("bench").generate();
    try (LocalKafka kafka = LocalKafka.start(0, 15_000);
        LocalS3 s3 = LocalS3.start(tmp.resolve("s3"), 0, "ak", "sk-secret-key");
        Jwks jwks = new Jwks(signing)) {
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

      List<String> common =
          List.of(
              "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
              "--previs.storage.endpoint=" + s3.endpoint(),
              "--previs.storage.access-key=ak",
              "--previs.storage.secret-key=sk-secret-key",
              "--server.port=0",
              "--spring.main.banner-mode=off");
      List<String> secured = new ArrayList<>(common);
      secured.add("--previs.security.jwt.issuer=" + ISSUER);
      secured.add("--previs.security.jwt.jwks-uri=" + jwks.uri());
      seed(secured, 0, ALPHA, "alpha");
      seed(secured, 1, BETA, "beta");
      List<String> open = new ArrayList<>(common);
      open.add("--previs.security.enabled=false");

      try (ConfigurableApplicationContext on =
              GatewayApplication.builder().run(secured.toArray(String[]::new));
          ConfigurableApplicationContext off =
              GatewayApplication.builder().run(open.toArray(String[]::new))) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String onUrl = url(on);
        String offUrl = url(off);
        waitReady(http, onUrl);
        waitReady(http, offUrl);
        HttpResponse<String> posted =
            http.send(
                HttpRequest.newBuilder(URI.create(onUrl + "/v1/jobs"))
                    .header("Authorization", "Bearer " + ALPHA)
                    .header("content-type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"studio\":\"alpha\",\"clientJobId\":\"bench-1\",\"prompt\":\"p\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 202) {
          throw new IllegalStateException("submit: " + posted.statusCode() + " " + posted.body());
        }
        String job = posted.body().replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1");
        String jwt = token(signing, Instant.now().plus(Duration.ofHours(2)));

        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("security off", new Case(offUrl + "/v1/jobs/" + job, null, 200));
        cases.put("API key", new Case(onUrl + "/v1/jobs/" + job, ALPHA, 200));
        cases.put("JWT (RS256)", new Case(onUrl + "/v1/jobs/" + job, jwt, 200));
        cases.put("404 foreign job", new Case(onUrl + "/v1/jobs/" + job, BETA, 404));
        cases.put("404 unknown job", new Case(onUrl + "/v1/jobs/j-0000000000000000", BETA, 404));
        for (Case c : cases.values()) {
          awaitStatus(http, c);
        }

        System.out.printf(
            "%nAuth cost per request: GET /v1/jobs/{id}, %d requests per case and round, %d"
                + " rounds, interleaved in random order; %d cores%n",
            perCase, rounds, Runtime.getRuntime().availableProcessors());
        run(http, cases, Math.max(500, perCase / 4)); // warm-up: JIT, JWKS fetched, key cached
        Map<String, long[]> samples = new LinkedHashMap<>();
        cases.keySet().forEach(k -> samples.put(k, new long[perCase * rounds]));
        for (int r = 0; r < rounds; r++) {
          Map<String, long[]> round = run(http, cases, perCase);
          int offset = r * perCase;
          round.forEach((k, v) -> System.arraycopy(v, 0, samples.get(k), offset, perCase));
        }
        report(samples);
      }
    }
    bcrypt();
  }

  private record Case(String url, String bearer, int status) {}

  /** One request of each case in turn, {@code n} times; nanoseconds per request. */
  private static Map<String, long[]> run(HttpClient http, Map<String, Case> cases, int n)
      throws Exception {
    Map<String, long[]> out = new LinkedHashMap<>();
    cases.keySet().forEach(k -> out.put(k, new long[n]));
    Map<String, HttpRequest> requests = new LinkedHashMap<>();
    cases.forEach((k, c) -> requests.put(k, request(c)));
    List<String> order = new ArrayList<>(cases.keySet());
    Random random = new Random(42);
    for (int i = 0; i < n; i++) {
      // A new order each time: no case always follows the same one (and its asynchronous work).
      Collections.shuffle(order, random);
      for (String name : order) {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r =
            http.send(requests.get(name), HttpResponse.BodyHandlers.ofByteArray());
        out.get(name)[i] = System.nanoTime() - t0;
        if (r.statusCode() != cases.get(name).status()) {
          throw new IllegalStateException(name + ": " + r.statusCode());
        }
      }
    }
    return out;
  }

  private static void report(Map<String, long[]> samples) {
    double offP50 = percentile(samples.get("security off"), 50);
    double offP99 = percentile(samples.get("security off"), 99);
    System.out.printf(
        "%-18s %9s %9s %12s %12s %8s%n",
        "case", "p50 ms", "p99 ms", "p50 added", "p99 added", "p50 x");
    samples.forEach(
        (name, v) -> {
          double p50 = percentile(v, 50);
          double p99 = percentile(v, 99);
          System.out.printf(
              "%-18s %9.3f %9.3f %+12.3f %+12.3f %8.2f%n",
              name, p50, p99, p50 - offP50, p99 - offP99, p50 / offP50);
        });
    double foreign = percentile(samples.get("404 foreign job"), 50);
    double unknown = percentile(samples.get("404 unknown job"), 50);
    System.out.printf(
        "404 foreign / unknown: p50 %.3f / %.3f ms (ratio %.3f), p99 %.3f / %.3f ms%n",
        foreign,
        unknown,
        foreign / unknown,
        percentile(samples.get("404 foreign job"), 99),
        percentile(samples.get("404 unknown job"), 99));
  }

  /**
   * What a key's first use costs each replica (strength 10, the default); later uses hit a cache.
   */
  private static void bcrypt() {
    BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);
    String hash = encoder.encode("x".repeat(43));
    long[] t = new long[10];
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      encoder.matches("x".repeat(43), hash);
      t[i] = System.nanoTime() - t0;
    }
    System.out.printf(
        "bcrypt(10) verify, once per key per replica: p50 %.1f ms%n", percentile(t, 50));
  }

  private static double percentile(long[] nanos, double p) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
  }

  private static HttpRequest request(Case c) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.url())).GET();
    if (c.bearer() != null) {
      b.header("Authorization", "Bearer " + c.bearer());
    }
    return b.build();
  }

  private static void awaitStatus(HttpClient http, Case c) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = http.send(request(c), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (last == c.status()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(c.url() + " answered " + last + ", wanted " + c.status());
  }

  private static void waitReady(HttpClient http, String base) throws Exception {
    awaitStatus(http, new Case(base + "/actuator/health/readiness", null, 200));
  }

  private static String url(ConfigurableApplicationContext ctx) {
    int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
    return "http://127.0.0.1:" + port;
  }

  private static String key(String id) {
    return "pvk_" + id + "_" + (id + "-secret-").repeat(4).substring(0, 43);
  }

  private static void seed(List<String> args, int i, String key, String studio) {
    String p = "--previs.security.seed-keys[" + i + "].";
    args.add(p + "id=" + key.substring(4, 16));
    args.add(p + "secret=" + key.substring(17));
    args.add(p + "name=" + studio + "-bench");
    args.add(p + "roles=submitter,reviewer");
    args.add(p + "studio=" + studio);
  }

  private static String token(RSAKey k, Instant expires) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject("ana@alpha")
            .issueTime(new Date())
            .expirationTime(Date.from(expires))
            .claim("previs_studio", "alpha")
            .claim("previs_roles", List.of("submitter", "reviewer"))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(k.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(k));
    return jwt.serialize();
  }

  /** The identity provider's published signing key, served over HTTP as an IdP serves it. */
  private static final class Jwks implements AutoCloseable {
    private final HttpServer server;

    Jwks(RSAKey key) throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
      server.createContext(
          "/jwks",
          exchange -> {
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
    }

    String uri() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
