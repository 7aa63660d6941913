package io.previs.launcher.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The monitoring assets under deploy/ (Grafana dashboards, the PrometheusRule, the runbook) as
 * tests read them, and the metric names their PromQL uses, so that a test which scrapes running
 * services can check every one of them is really exported ({@link #assertExported}). Public for the
 * end-to-end tests, which run the services.
 */
public final class MonitoringAssets {

  /** Metrics the dashboards and alerts may use that no Previs service exports. */
  public static final Set<String> EXTERNAL =
      Set.of(
          // kube-state-metrics: the worker crash-loop alert
          "kube_pod_container_status_restarts_total",
          // Prometheus' own, per target: the dead-letter alert asks whether it scraped 15 min ago
          "up");

  /** Where promtool's unit tests expect the extracted rule groups (next to the test files). */
  static final String PLAIN_RULES = "previs-alerts.rules.yaml";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = new YAMLMapper();

  /** PromQL words that look like metric names: operators, modifiers and literals. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "atan2",
          "inf",
          "nan");

  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w:.$])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\\w:])");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

  private MonitoringAssets() {}

  /** deploy/ of the repository, from the launcher module (as Maven runs tests) or the root. */
  static Path deployDir() {
    for (Path p : List.of(Path.of("..", "deploy"), Path.of("deploy"))) {
      if (Files.isRegularFile(p.resolve("prometheus").resolve("previs-alerts.yaml"))) {
        return p.normalize();
      }
    }
    throw new IllegalStateException(
        "deploy/prometheus/previs-alerts.yaml not found from " + Path.of("").toAbsolutePath());
  }

  static Path alertsFile() {
    return deployDir().resolve("prometheus").resolve("previs-alerts.yaml");
  }

  static Path runbookFile() {
    return deployDir().resolve("RUNBOOK.md");
  }

  /** promtool unit-test files, each naming {@link #PLAIN_RULES} as its rule file. */
  static List<Path> ruleTestFiles() {
    return list(deployDir().resolve("prometheus").resolve("tests"), ".yaml");
  }

  static List<Path> dashboardFiles() {
    return list(deployDir().resolve("grafana"), ".json");
  }

  /** Every dashboard, by file name. */
  static Map<String, JsonNode> dashboards() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Path p : dashboardFiles()) {
      out.put(p.getFileName().toString(), JSON.readTree(read(p)));
    }
    return out;
  }

  /** The PrometheusRule. */
  static JsonNode prometheusRule() {
    return YAML.readTree(read(alertsFile()));
  }

  /** The PrometheusRule's groups as a plain Prometheus rule file, which is what promtool reads. */
  static String plainRules() {
    return YAML.writeValueAsString(Map.of("groups", prometheusRule().path("spec").path("groups")));
  }

  /** Every rule (recording and alerting) of every group. */
  static List<JsonNode> rules() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode g : prometheusRule().path("spec").path("groups")) {
      g.path("rules").forEach(out::add);
    }
    return out;
  }

  /** Every panel of a dashboard, panels inside rows included (rows themselves are not). */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    collectPanels(dashboard.path("panels"), out);
    return out;
  }

  private static void collectPanels(JsonNode panels, List<JsonNode> out) {
    for (JsonNode p : panels) {
      if ("row".equals(p.path("type").asString())) {
        collectPanels(p.path("panels"), out);
      } else {
        out.add(p);
      }
    }
  }

  /** The query of every target of every panel of every dashboard. */
  static List<String> dashboardExpressions() {
    List<String> out = new ArrayList<>();
    for (JsonNode d : dashboards().values()) {
      for (JsonNode p : panels(d)) {
        p.path("targets").forEach(t -> out.add(t.path("expr").asString()));
      }
    }
    return out;
  }

  /** The query of every query variable of every dashboard ({@code label_values(metric, label)}). */
  static List<String> variableQueries() {
    List<String> out = new ArrayList<>();
    for (JsonNode d : dashboards().values()) {
      for (JsonNode v : d.path("templating").path("list")) {
        if ("query".equals(v.path("type").asString())) {
          JsonNode q = v.path("query");
          out.add(q.isObject() ? q.path("query").asString() : q.asString());
        }
      }
    }
    return out;
  }

  static List<String> ruleExpressions() {
    return rules().stream().map(r -> r.path("expr").asString()).toList();
  }

  /** Series the recording rules produce: names the rules use that no service exports. */
  static Set<String> recordedNames() {
    Set<String> out = new TreeSet<>();
    for (JsonNode r : rules()) {
      if (r.has("record")) {
        out.add(r.path("record").asString());
      }
    }
    return out;
  }

  /**
   * Every metric name that a dashboard or an alert reads, exactly as Prometheus has it ({@code
   * previs_x_total}, {@code previs_t_seconds_bucket}); recorded series are left out, the metrics
   * their rules read are in.
   */
  public static Set<String> metricNames() {
    Set<String> out = new TreeSet<>();
    Stream.concat(dashboardExpressions().stream(), ruleExpressions().stream())
        .forEach(e -> out.addAll(metricNames(e)));
    for (String q : variableQueries()) {
      Matcher m = LABEL_VALUES.matcher(q);
      if (m.find()) {
        out.add(m.group(1));
      } else {
        out.addAll(metricNames(q));
      }
    }
    out.removeAll(recordedNames());
    return out;
  }

  /**
   * The metric names in one PromQL expression. Crude on purpose: strings, label matchers, ranges
   * and grouping clauses go first (they hold label names, durations and Grafana variables), then
   * every identifier not followed by "(" (a function or aggregation) that is not a keyword is a
   * metric name.
   */
  static Set<String> metricNames(String promql) {
    String s = STRING.matcher(promql).replaceAll(" ");
    s = s.replaceAll("#[^\\n]*", " ");
    s = s.replaceAll("\\{[^}]*}", " ");
    s = s.replaceAll("\\[[^\\]]*]", " ");
    s = GROUPING.matcher(s).replaceAll(" ");
    Set<String> out = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String name = m.group();
      int next = m.end();
      while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
        next++;
      }
      boolean call = next < s.length() && s.charAt(next) == '(';
      if (!call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        out.add(name);
      }
    }
    return out;
  }

  /**
   * The metric name of one line of a Prometheus text exposition ({@code previs_x_total{a="b"} 1.0}
   * gives {@code previs_x_total}), or of a bare name; null for comments and blank lines.
   */
  public static String basename(String line) {
    String s = line.strip();
    if (s.isEmpty() || s.startsWith("#")) {
      return null;
    }
    int end = 0;
    while (end < s.length() && s.charAt(end) != '{' && !Character.isWhitespace(s.charAt(end))) {
      end++;
    }
    return s.substring(0, end);
  }

  /** Every metric name with a sample in a scrape of {@code /actuator/prometheus}. */
  public static Set<String> scrapedNames(String exposition) {
    Set<String> out = new TreeSet<>();
    exposition
        .lines()
        .map(MonitoringAssets::basename)
        .filter(n -> n != null && !n.isEmpty())
        .forEach(out::add);
    return out;
  }

  /**
   * Asserts that every metric the dashboards and alerts use, among those {@code scope} accepts
   * (e.g. {@code n -> n.startsWith("previs_autoscaler_")}), is in {@code scraped} or is {@link
   * #EXTERNAL}. {@code scraped} holds metric names, or whole sample lines, of the services' scrape.
   */
  public static void assertExported(Set<String> scraped, Predicate<String> scope) {
    Set<String> have = new TreeSet<>();
    for (String s : scraped) {
      String n = basename(s);
      if (n != null) {
        have.add(n);
      }
    }
    Set<String> missing = new TreeSet<>();
    for (String name : metricNames()) {
      if (scope.test(name) && !EXTERNAL.contains(name) && !have.contains(name)) {
        missing.add(name);
      }
    }
    assertThat(missing)
        .as(
            "metrics used by deploy/grafana or deploy/prometheus that the scrape lacks: %s"
                + " (scraped %d names)",
            missing, have.size())
        .isEmpty();
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
