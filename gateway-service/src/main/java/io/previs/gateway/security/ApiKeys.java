package io.previs.gateway.security;

import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.security.ApiKeyRecord;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.GatewayProperties;
import io.previs.gateway.replay.TopicReplay;
import io.previs.servicekit.kafka.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Studio API keys: {@code pvk_<id>_<secret>}, the secret 256 random bits shown once, stored only as
 * a bcrypt hash on the compacted topic previs.security.keys, which every gateway replica folds (so
 * a key created on one replica works on all; a replica that does not know a key id yet reads the
 * topic up to now before it says no).
 *
 * <p>bcrypt is slow on purpose (tens of milliseconds), too slow to run per request: a secret that
 * passed it once is remembered in memory, by its SHA-256, next to the hash it matched, so later
 * requests cost a constant-time compare, and rotating or revoking a key makes the memory useless at
 * once. Nothing but the bcrypt hash is ever written anywhere.
 */
@Component
public class ApiKeys implements SmartLifecycle, HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
  private static final Pattern KEY = Pattern.compile("pvk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key as handed to its owner, once. */
  public record Issued(ApiKeyRecord record, String key) {}

  private record Verified(String secretHash, byte[] sha256) {}

  private final Map<String, ApiKeyRecord> keys = new ConcurrentHashMap<>();
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final Map<String, Instant> used = new ConcurrentHashMap<>();
  private final TopicReplay replay;
  private final EventPublisher publisher;
  private final SecuritySettings settings;
  private final GatewayProperties gateway;
  private final BCryptPasswordEncoder bcrypt;
  private final Clock clock = Clock.systemUTC();

  public ApiKeys(
      KafkaProperties kafka,
      Admin previsAdmin,
      EventPublisher publisher,
      SecuritySettings settings,
      GatewayProperties gateway) {
    this.publisher = publisher;
    this.settings = settings;
    this.gateway = gateway;
    this.bcrypt = new BCryptPasswordEncoder(settings.bcryptStrength());
    this.replay =
        new TopicReplay(
            kafka,
            previsAdmin,
            Topics.SECURITY_KEYS.name(),
            "api-keys",
            r -> {
              if (r.value() != null) {
                ApiKeyRecord k = PrevisJson.mapper().readValue(r.value(), ApiKeyRecord.class);
                keys.merge(k.id(), k, ApiKeys::newer);
              }
            });
  }

  /** The caller a presented key stands for, or empty when it is not a valid, live key. */
  public Optional<Caller> authenticate(String presented) {
    Matcher m = presented == null ? null : KEY.matcher(presented);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    String id = m.group(1);
    String secret = m.group(2);
    ApiKeyRecord k = keys.get(id);
    if (k == null) {
      replay.awaitWrittenBefore(gateway.readTimeout()); // created a moment ago, elsewhere?
      k = keys.get(id);
    }
    if (k == null || k.revokedAt() != null) {
      return Optional.empty();
    }
    byte[] digest = sha256(secret);
    Verified v = verified.get(id);
    boolean ok =
        v != null
            && v.secretHash().equals(k.secretHash())
            && MessageDigest.isEqual(v.sha256(), digest);
    if (!ok) {
      ok = bcrypt.matches(secret, k.secretHash());
      if (ok) {
        verified.put(id, new Verified(k.secretHash(), digest));
      }
    }
    if (!ok) {
      return Optional.empty();
    }
    used.put(id, clock.instant());
    return Optional.of(caller(k));
  }

  static Caller caller(ApiKeyRecord k) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    k.roles().stream().map(Role::parse).filter(r -> r != null).forEach(roles::add);
    return new Caller(k.name(), k.studio(), roles, "api-key", k.id());
  }

  public Issued create(String studio, String name, Set<Role> roles, String createdBy) {
    return create(newId(), newSecret(), studio, name, roles, createdBy);
  }

  private Issued create(
      String id, String secret, String studio, String name, Set<Role> roles, String createdBy) {
    ApiKeyRecord k =
        new ApiKeyRecord(
            ApiKeyRecord.SCHEMA_VERSION,
            id,
            studio,
            name,
            roles.stream().map(Role::wire).sorted().toList(),
            bcrypt.encode(secret),
            clock.instant(),
            createdBy,
            null,
            null,
            null);
    write(k);
    return new Issued(k, "pvk_" + id + "_" + secret);
  }

  public Optional<Issued> rotate(String id, String by) {
    ApiKeyRecord k = find(id).orElse(null);
    if (k == null || k.revokedAt() != null) {
      return Optional.empty();
    }
    String secret = newSecret();
    write(withSecret(k, bcrypt.encode(secret)));
    return Optional.of(new Issued(keys.get(id), "pvk_" + id + "_" + secret));
  }

  public Optional<ApiKeyRecord> revoke(String id, String by) {
    ApiKeyRecord k = find(id).orElse(null);
    if (k == null) {
      return Optional.empty();
    }
    if (k.revokedAt() == null) {
      write(
          new ApiKeyRecord(
              k.schemaVersion(),
              k.id(),
              k.studio(),
              k.name(),
              k.roles(),
              k.secretHash(),
              k.createdAt(),
              k.createdBy(),
              k.rotatedAt(),
              clock.instant(),
              lastUsed(k)));
    }
    return Optional.of(keys.get(id));
  }

  public Optional<ApiKeyRecord> find(String id) {
    ApiKeyRecord k = keys.get(id);
    if (k == null) {
      replay.awaitWrittenBefore(gateway.readTimeout());
      k = keys.get(id);
    }
    return Optional.ofNullable(k);
  }

  /** Every key (of one studio, when named), newest first; hashes are for the store only. */
  public List<ApiKeyRecord> list(String studio) {
    return keys.values().stream()
        .filter(k -> studio == null || studio.equals(k.studio()))
        .map(k -> used.containsKey(k.id()) ? withLastUsed(k, used.get(k.id())) : k)
        .sorted(Comparator.comparing(ApiKeyRecord::createdAt).reversed())
        .toList();
  }

  /** Last-use times reach the topic at most once per interval, not once per request. */
  @Scheduled(fixedDelayString = "${previs.security.last-used-interval:1m}")
  void flushLastUsed() {
    for (var e : Map.copyOf(used).entrySet()) {
      ApiKeyRecord k = keys.get(e.getKey());
      if (k != null && k.revokedAt() == null && !e.getValue().equals(k.lastUsedAt())) {
        try {
          write(withLastUsed(k, e.getValue()));
        } catch (RuntimeException ex) {
          log.warn("Cannot record the last use of key {}: {}", k.id(), ex.getMessage());
        }
      }
    }
  }

  /** The keys configuration says must exist (a deployment's first ops key; the local keys). */
  private void seed() {
    for (SecuritySettings.SeedKey s : settings.seedKeys()) {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      s.roles().forEach(r -> roles.add(requireRole(r)));
      ApiKeyRecord k = keys.get(s.id());
      if (k == null) {
        create(s.id(), s.secret(), s.studio(), s.name(), roles, "seed");
        log.info("Seeded API key {} ({})", s.id(), s.name());
      } else if (k.revokedAt() != null) {
        log.warn("Seed key {} was revoked; it stays revoked", s.id());
      } else if (!bcrypt.matches(s.secret(), k.secretHash())) {
        write(withSecret(k, bcrypt.encode(s.secret())));
        log.info("Seed key {} re-keyed to the configured secret", s.id());
      }
    }
  }

  private static Role requireRole(String r) {
    Role role = Role.parse(r);
    if (role == null) {
      throw new IllegalArgumentException(
          "previs.security.seed-keys: role '"
              + r
              + "' is not one of submitter, reviewer, ops, platform");
    }
    return role;
  }

  private void write(ApiKeyRecord k) {
    publisher.publishAndWait(Topics.SECURITY_KEYS, k.id(), k, null, k.id(), k.id());
    keys.merge(k.id(), k, ApiKeys::newer);
  }

  /** Replays may deliver an older state after a newer one was written through: keep the newest. */
  private static ApiKeyRecord newer(ApiKeyRecord a, ApiKeyRecord b) {
    return stamp(b).isBefore(stamp(a)) ? a : b;
  }

  private static Instant stamp(ApiKeyRecord k) {
    Instant t = k.createdAt();
    for (Instant i : new Instant[] {k.rotatedAt(), k.revokedAt(), k.lastUsedAt()}) {
      if (i != null && i.isAfter(t)) {
        t = i;
      }
    }
    return t;
  }

  private ApiKeyRecord withSecret(ApiKeyRecord k, String hash) {
    return new ApiKeyRecord(
        k.schemaVersion(),
        k.id(),
        k.studio(),
        k.name(),
        k.roles(),
        hash,
        k.createdAt(),
        k.createdBy(),
        clock.instant(),
        k.revokedAt(),
        lastUsed(k));
  }

  private static ApiKeyRecord withLastUsed(ApiKeyRecord k, Instant at) {
    return new ApiKeyRecord(
        k.schemaVersion(),
        k.id(),
        k.studio(),
        k.name(),
        k.roles(),
        k.secretHash(),
        k.createdAt(),
        k.createdBy(),
        k.rotatedAt(),
        k.revokedAt(),
        at);
  }

  private Instant lastUsed(ApiKeyRecord k) {
    return used.getOrDefault(k.id(), k.lastUsedAt());
  }

  private static String newId() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void start() {
    replay.start();
    Thread.ofPlatform()
        .name("api-key-seed")
        .daemon(true)
        .start(
            () -> {
              // Seeding needs the replay caught up, or it would re-create keys that exist.
              while (replay.isRunning() && !replay.caughtUp()) {
                replay.awaitWrittenBefore(java.time.Duration.ofSeconds(1));
              }
              try {
                seed();
                seeded = true;
              } catch (RuntimeException e) {
                log.error("Cannot seed the configured API keys: {}", e.getMessage(), e);
              }
            });
  }

  private volatile boolean seeded;

  @Override
  public void stop() {
    flushLastUsed();
    replay.stop();
  }

  @Override
  public boolean isRunning() {
    return replay.isRunning();
  }

  /** Readiness contributor "apiKeys": no request can be authenticated before the replay ends. */
  @Override
  public Health health() {
    boolean up = replay.caughtUp() && (seeded || settings.seedKeys().isEmpty());
    return (up ? Health.up() : Health.outOfService()).withDetail("keys", keys.size()).build();
  }
}
