package io.previs.gateway.policy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.json.PrevisJson;
import io.previs.servicekit.storage.ObjectStore;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The policy in force: the lists built into the gateway, overlaid by what ops keep in object
 * storage (see docs/POLICY.md for the layout), read again every {@code refresh} on a thread of its
 * own — a request never waits on storage for its policy. A change that does not parse is refused
 * whole: the previous policy stays in force and {@code previs.policy.problems} says so. Each
 * version compiled is kept, with its sources, at {@code policy/versions/<hash>.json}, so a decision
 * can be explained after its lists have changed.
 */
@Component
public class PolicySource {

  private static final Logger log = LoggerFactory.getLogger(PolicySource.class);

  static final String PREFIX = "policy/";
  static final String VERSIONS = "policy/versions/";

  private final PolicySettings settings;
  private final ObjectStore store;
  private final HanVariants han = HanVariants.builtIn();
  private final Map<String, String> builtIn;
  private final AtomicInteger problems = new AtomicInteger();
  private volatile ContentPolicy current;
  private volatile String fingerprint = "";
  private ScheduledExecutorService refresher;

  @Autowired
  public PolicySource(PolicySettings settings, ObjectStore store, MeterRegistry registry) {
    this(settings, store);
    Gauge.builder("previs.policy.problems", problems, AtomicInteger::get)
        .description("1 while the policy in storage does not parse and the previous one is used")
        .register(registry);
    Gauge.builder("previs.policy.terms", this, s -> s.current().size())
        .description("terms in the deployment's lists in force")
        .register(registry);
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("policy-refresh").unstarted(r));
    long every = settings.refresh().toMillis();
    refresher.scheduleWithFixedDelay(this::reloadQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Without storage (null): the built-in lists only. */
  public PolicySource(PolicySettings settings, ObjectStore store) {
    this.settings = settings;
    this.store = store;
    this.builtIn = loadBuiltIn();
    this.current = compile(Map.of());
    reloadQuietly();
  }

  public ContentPolicy current() {
    return current;
  }

  public PolicySettings settings() {
    return settings;
  }

  /**
   * Reads storage and compiles the policy if it changed.
   *
   * @throws IllegalArgumentException naming the file, line and problem when the change is refused
   */
  public synchronized ContentPolicy reload() {
    if (store == null) {
      return current;
    }
    Map<String, String> files = new TreeMap<>();
    for (String key : store.list(PREFIX)) {
      if (key.startsWith(VERSIONS) || !(key.endsWith(".txt") || key.endsWith(".json"))) {
        continue;
      }
      files.put(key, new String(store.get(key), StandardCharsets.UTF_8));
    }
    String print = hash(files);
    if (print.equals(fingerprint)) {
      return current;
    }
    try {
      ContentPolicy next = compile(files);
      archive(next, files);
      current = next;
      fingerprint = print;
      problems.set(0);
      log.info("Content policy {} in force ({} terms)", next.version(), next.size());
      return next;
    } catch (RuntimeException e) {
      problems.set(1);
      throw e;
    }
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (RuntimeException e) {
      log.error(
          "Content policy in storage refused, {} stays in force: {}",
          current.version(),
          e.getMessage());
    }
  }

  /** The policy of the built-in lists overlaid by {@code files} (storage key to text). */
  ContentPolicy compile(Map<String, String> files) {
    String label = "builtin";
    Map<String, PolicyAction> actions = new LinkedHashMap<>(settings.resolvedActions());
    Map<String, String> lists = new TreeMap<>();
    builtIn.forEach((category, text) -> lists.put(category, text));
    Map<String, String> sources = new HashMap<>();
    builtIn.keySet().forEach(c -> sources.put(c, "builtin:" + c + ".txt"));
    Map<String, Map<String, String>> studioFiles = new TreeMap<>();
    for (var e : files.entrySet()) {
      String key = e.getKey();
      String rest = key.substring(PREFIX.length());
      if (rest.equals("policy.json")) {
        JsonNode json = json(key, e.getValue());
        if (json.hasNonNull("label")) {
          label = json.get("label").asString();
        }
        actions.putAll(actions(key, json));
      } else if (rest.startsWith("lists/") && rest.endsWith(".txt")) {
        String category = rest.substring("lists/".length(), rest.length() - 4);
        lists.put(category, e.getValue());
        sources.put(category, "storage:" + key);
      } else if (rest.startsWith("studios/")) {
        String[] parts = rest.split("/", 3);
        if (parts.length == 3) {
          studioFiles.computeIfAbsent(parts[1], s -> new TreeMap<>()).put(parts[2], e.getValue());
        }
      }
    }
    actions.put(PolicySettings.MINORS, PolicyAction.BLOCK);
    List<TermMatcher.Term> terms = new ArrayList<>();
    for (var e : lists.entrySet()) {
      terms.addAll(
          TermList.parse(sources.get(e.getKey()), e.getKey(), e.getValue(), han, terms.size()));
    }
    Map<String, ContentPolicy.Overlay> overlays = new HashMap<>();
    ContentPolicy base = new ContentPolicy("", new TermMatcher(List.of()), Map.of(), Map.of(), han);
    for (var s : studioFiles.entrySet()) {
      overlays.put(s.getKey(), overlay(s.getKey(), s.getValue(), base));
    }
    String version = label + "@" + hash(lists).substring(0, 12) + hashActions(actions);
    return new ContentPolicy(version, new TermMatcher(terms), actions, overlays, han);
  }

  private ContentPolicy.Overlay overlay(
      String studio, Map<String, String> files, ContentPolicy base) {
    String prefix = PREFIX + "studios/" + studio + "/";
    Map<String, PolicyAction> actions = new HashMap<>();
    Set<String> styles = Set.of();
    List<TermMatcher.Term> terms = new ArrayList<>();
    for (var e : files.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getKey().equals("policy.json")) {
        JsonNode json = json(key, e.getValue());
        actions.putAll(actions(key, json));
        actions.remove(PolicySettings.MINORS);
        List<String> allowed = new ArrayList<>();
        if (json.has("allowedStyles")) {
          json.get("allowedStyles").forEach(n -> allowed.add(base.key(n.asString())));
        }
        styles = Set.copyOf(allowed);
      } else if (e.getKey().startsWith("lists/") && e.getKey().endsWith(".txt")) {
        String category = e.getKey().substring("lists/".length(), e.getKey().length() - 4);
        terms.addAll(TermList.parse("storage:" + key, category, e.getValue(), han, terms.size()));
      }
    }
    String version = "studio:" + studio + "@" + hash(files).substring(0, 8);
    return new ContentPolicy.Overlay(version, new TermMatcher(terms), actions, styles);
  }

  private static Map<String, PolicyAction> actions(String key, JsonNode json) {
    Map<String, PolicyAction> actions = new HashMap<>();
    JsonNode a = json.get("actions");
    if (a != null) {
      for (var e : a.properties()) {
        if (!TermList.CATEGORY.matcher(e.getKey()).matches()) {
          throw new IllegalArgumentException(
              key + ": actions." + e.getKey() + " is not a category name");
        }
        actions.put(
            e.getKey(),
            PolicyAction.parse(key + ": actions." + e.getKey(), e.getValue().asString()));
      }
    }
    return actions;
  }

  private static JsonNode json(String key, String text) {
    try {
      return PrevisJson.mapper().readTree(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " is not valid JSON: " + e.getMessage());
    }
  }

  /** Keeps the sources of a version, once (every replica writes the same bytes). */
  private void archive(ContentPolicy p, Map<String, String> files) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", p.version());
    doc.put(
        "actions",
        p.actions().entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey, e -> e.getValue().wire(), (a, b) -> a, TreeMap::new)));
    doc.put("builtin", new TreeMap<>(builtIn));
    doc.put("storage", files);
    String key = VERSIONS + p.version().replaceAll("[^A-Za-z0-9@._-]", "_") + ".json";
    store.putIfAbsent(key, PrevisJson.mapper().writeValueAsBytes(doc), "application/json");
  }

  private static String hashActions(Map<String, PolicyAction> actions) {
    return "."
        + hash(new TreeMap<>(
                actions.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().wire()))))
            .substring(0, 4);
  }

  static String hash(Map<String, String> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(files)
          .forEach(
              (k, v) -> {
                md.update(k.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(v.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
              });
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> loadBuiltIn() {
    Map<String, String> lists = new TreeMap<>();
    for (String category : PolicySettings.DEFAULT_ACTIONS.keySet()) {
      String name = "/policy/default/" + category + ".txt";
      try (InputStream in = PolicySource.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException(name + " is missing from the gateway jar");
        }
        lists.put(category, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lists;
  }

  @PreDestroy
  void stop() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }
}
