package io.previs.launcher.monitoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The dashboards, the alerts and the runbook under deploy/ hold together: fixed uids and the {@code
 * DS_PROMETHEUS} data source everywhere, every alert with its for, severity, summary, description
 * and a runbook section, every metric one a service registers, and promtool accepts the rules and
 * passes their unit tests (deploy/prometheus/tests).
 */
class MonitoringAssetsTest {

  private static final String DS = "${DS_PROMETHEUS}";
  private static final Set<String> PANEL_TYPES =
      Set.of("timeseries", "stat", "bargauge", "heatmap");
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
  private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");
  private static final Set<String> GRAFANA_VARIABLES =
      Set.of("__rate_interval", "__interval", "__range", "__range_s", "__interval_ms");
  private static final Pattern HEADING = Pattern.compile("(?m)^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

  @Test
  void everyDashboardHasAFixedUidATitleAndThePrometheusDataSourceVariable() {
    Map<String, JsonNode> dashboards = MonitoringAssets.dashboards();
    assertThat(dashboards).hasSizeGreaterThanOrEqualTo(3);
    Set<String> uids = new HashSet<>();
    dashboards.forEach(
        (file, d) -> {
          String uid = d.path("uid").asString();
          assertThat(uid).as("%s: uid", file).matches("previs-[a-z0-9-]+");
          assertThat(uids.add(uid)).as("%s: uid %s is unique", file, uid).isTrue();
          assertThat(d.path("title").asString()).as("%s: title", file).isNotBlank();
          assertThat(d.path("schemaVersion").asInt())
              .as("%s: schemaVersion", file)
              .isBetween(36, 41);
          assertThat(d.path("templating").path("list").valueStream())
              .as("%s: a DS_PROMETHEUS data source variable", file)
              .anySatisfy(
                  v -> {
                    assertThat(v.path("name").asString()).isEqualTo("DS_PROMETHEUS");
                    assertThat(v.path("type").asString()).isEqualTo("datasource");
                    assertThat(v.path("query").asString()).isEqualTo("prometheus");
                  });
        });
    assertThat(uids).contains("previs-farm", "previs-studios", "previs-qc");
  }

  @Test
  void everyPanelTargetAndQueryVariableReadsTheDataSourceVariable() {
    MonitoringAssets.dashboards()
        .forEach(
            (file, d) -> {
              List<JsonNode> panels = MonitoringAssets.panels(d);
              assertThat(panels).as("%s: panels", file).isNotEmpty();
              Set<Integer> ids = new HashSet<>();
              for (JsonNode p : panels) {
                String at = file + " panel '" + p.path("title").asString() + "'";
                assertThat(ids.add(p.path("id").asInt())).as("%s: unique id", at).isTrue();
                assertThat(p.path("type").asString()).as("%s: type", at).isIn(PANEL_TYPES);
                assertThat(p.path("description").asString()).as("%s: description", at).isNotBlank();
                assertDataSource(p.path("datasource"), at);
                assertThat(p.path("targets").size()).as("%s: targets", at).isPositive();
                for (JsonNode t : p.path("targets")) {
                  assertDataSource(t.path("datasource"), at + " target " + t.path("refId"));
                  assertThat(t.path("expr").asString()).as("%s: expr", at).isNotBlank();
                }
              }
              for (JsonNode v : d.path("templating").path("list")) {
                if ("query".equals(v.path("type").asString())) {
                  assertDataSource(v.path("datasource"), file + " variable " + v.path("name"));
                }
              }
            });
  }

  @Test
  void everyVariableAQueryUsesIsDefined() {
    MonitoringAssets.dashboards()
        .forEach(
            (file, d) -> {
              Set<String> defined = new HashSet<>(GRAFANA_VARIABLES);
              d.path("templating")
                  .path("list")
                  .forEach(v -> defined.add(v.path("name").asString()));
              for (JsonNode p : MonitoringAssets.panels(d)) {
                for (JsonNode t : p.path("targets")) {
                  Matcher m = VARIABLE.matcher(t.path("expr").asString());
                  while (m.find()) {
                    assertThat(defined)
                        .as("%s panel '%s' uses $%s", file, p.path("title").asString(), m.group(1))
                        .contains(m.group(1));
                  }
                }
              }
            });
  }

  @Test
  void everyAlertHasForSeveritySummaryDescriptionAndItsRunbookSection() {
    JsonNode rule = MonitoringAssets.prometheusRule();
    assertThat(rule.path("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.path("kind").asString()).isEqualTo("PrometheusRule");
    assertThat(rule.path("metadata").path("name").asString()).isEqualTo("previs");
    Set<String> anchors = runbookAnchors();
    Set<String> alerts = new TreeSet<>();
    for (JsonNode r : MonitoringAssets.rules()) {
      assertThat(r.path("expr").asString()).as("rule %s: expr", r).isNotBlank();
      if (r.has("record")) {
        assertThat(r.path("record").asString()).as("recording rule name").matches("\\w+:\\w+:\\w+");
        continue;
      }
      String name = r.path("alert").asString();
      assertThat(name).as("rule without alert or record: %s", r).startsWith("Previs");
      assertThat(alerts.add(name)).as("alert %s is unique", name).isTrue();
      assertThat(r.path("for").asString()).as("%s: for", name).matches(DURATION);
      assertThat(r.path("labels").path("severity").asString())
          .as("%s: severity", name)
          .isIn(SEVERITIES);
      JsonNode a = r.path("annotations");
      assertThat(a.path("summary").asString()).as("%s: summary", name).isNotBlank();
      assertThat(a.path("description").asString()).as("%s: description", name).isNotBlank();
      String anchor = name.toLowerCase(Locale.ROOT);
      assertThat(a.path("runbook_url").asString())
          .as("%s: runbook_url", name)
          .startsWith("https://")
          .endsWith("/deploy/RUNBOOK.md#" + anchor);
      assertThat(anchors).as("RUNBOOK.md has a section for %s", name).contains(anchor);
    }
    assertThat(alerts)
        .contains(
            "PrevisBacklogNotDraining",
            "PrevisWorkersStuck",
            "PrevisWorkerCrashLooping",
            "PrevisDeadLettersGrowing",
            "PrevisQcFailRateHigh",
            "PrevisStudioBudgetNearlySpent",
            "PrevisAutoscalerBelowDesired",
            "PrevisBusyWorkerKilled",
            "PrevisAutoscalerNoLeader",
            "PrevisSchedulerNotActive");
    assertThat(alertSections())
        .as("RUNBOOK.md's sections under Alerts, one per alert")
        .containsExactlyInAnyOrderElementsOf(alerts);
  }

  @Test
  void theRunbooksOwnLinksResolve() {
    Set<String> anchors = runbookAnchors();
    Matcher m = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(runbookOutsideCode());
    int links = 0;
    while (m.find()) {
      links++;
      assertThat(anchors).as("RUNBOOK.md links #%s", m.group(1)).contains(m.group(1));
    }
    assertThat(links).isPositive();
  }

  @Test
  void metricNamesAreReadOutOfPromql() {
    assertThat(
            MonitoringAssets.metricNames(
                "histogram_quantile(0.95, sum by (le, priority) (rate("
                    + "previs_scheduler_queue_wait_seconds_bucket{pool=~\"$pool\"}"
                    + "[$__rate_interval])))"
                    + " / on () group_left () max(previs_x offset 30m) > bool 1e-3 and on"
                    + " (instance) (previs_scheduler_active == 1) or absent(previs_y) unless"
                    + " min_over_time(deriv(a:b:c[10m])[30m:1m]) * label_replace(previs_z, \"dst\","
                    + " \"$1\", \"src\", \"(.*)\")"))
        .containsExactlyInAnyOrder(
            "previs_scheduler_queue_wait_seconds_bucket",
            "previs_x",
            "previs_scheduler_active",
            "previs_y",
            "a:b:c",
            "previs_z");
    assertThat(MonitoringAssets.metricNames("sum(rate(previs_t_total[5m])) without (instance)"))
        .containsExactly("previs_t_total");
  }

  @Test
  void everyPrevisMetricUsedIsOneTheServicesRegister() throws IOException {
    Set<String> exported = exportedBySources();
    assertThat(exported).as("meters found in the services' sources").isNotEmpty();
    Set<String> unknown = new TreeSet<>();
    for (String name : MonitoringAssets.metricNames()) {
      if (!MonitoringAssets.EXTERNAL.contains(name) && !exported.contains(name)) {
        unknown.add(name);
      }
    }
    assertThat(unknown)
        .as("metrics used in deploy/ that no Micrometer meter in */src/main/java produces")
        .isEmpty();
    assertThat(MonitoringAssets.metricNames())
        .as("recorded series are not metrics a service must export")
        .doesNotContainAnyElementsOf(MonitoringAssets.recordedNames());
  }

  @Test
  void assertExportedNamesWhatTheScrapeLacks() {
    Set<String> all = MonitoringAssets.metricNames();
    MonitoringAssets.assertExported(all, n -> true);
    MonitoringAssets.assertExported(Set.of(), n -> n.startsWith("no_such_prefix_"));
    assertThatThrownBy(
            () ->
                MonitoringAssets.assertExported(
                    Set.of("previs_autoscaler_desired{pool=\"a100\"} 2.0"),
                    n -> n.startsWith("previs_autoscaler_")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("previs_autoscaler_leader")
        .hasMessageNotContaining("previs_autoscaler_desired");
    assertThat(
            MonitoringAssets.scrapedNames(
                "# HELP previs_x_total x\n# TYPE previs_x_total counter\n"
                    + "previs_x_total{application=\"previs\"} 1.0\njvm_threads_live_threads 12\n"))
        .containsExactly("jvm_threads_live_threads", "previs_x_total");
  }

  @Test
  @Timeout(120)
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass(@TempDir Path dir) throws Exception {
    Path promtool = promtool();
    Path rules = dir.resolve(MonitoringAssets.PLAIN_RULES);
    Files.writeString(rules, MonitoringAssets.plainRules());
    List<Path> tests = MonitoringAssets.ruleTestFiles();
    assertThat(tests)
        .as("promtool unit tests in deploy/prometheus/tests")
        .hasSizeGreaterThanOrEqualTo(3);
    List<String> cmd = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
    for (Path t : tests) {
      Files.copy(t, dir.resolve(t.getFileName()));
      cmd.add(t.getFileName().toString());
    }

    Run check = run(dir, List.of(promtool.toString(), "check", "rules", rules.toString()));
    assertThat(check.exit()).as("promtool check rules:\n%s", check.output()).isZero();
    Run test = run(dir, cmd);
    assertThat(test.exit()).as("promtool test rules:\n%s", test.output()).isZero();
  }

  @Test
  @Timeout(120)
  void promtoolRejectsABrokenExpressionAndAnAlertThatDoesNotFire(@TempDir Path dir)
      throws Exception {
    Path promtool = promtool();
    Path broken = dir.resolve("broken.rules.yaml");
    Files.writeString(
        broken,
        """
        groups:
          - name: broken
            rules:
              - alert: Broken
                expr: sum(rate(previs_deadletters_total[15m]) > 0
        """);
    Run check = run(dir, List.of(promtool.toString(), "check", "rules", broken.toString()));
    assertThat(check.exit())
        .as("promtool check rules on a broken expression:\n%s", check.output())
        .isNotZero();

    // the real rules, and a test that expects an alert from a healthy scheduler
    Files.writeString(dir.resolve(MonitoringAssets.PLAIN_RULES), MonitoringAssets.plainRules());
    Files.writeString(
        dir.resolve("wrong.yaml"),
        """
        rule_files: [%s]
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: 'previs_scheduler_active{instance="scheduler-0:8080"}'
                values: '1x10'
            alert_rule_test:
              - eval_time: 10m
                alertname: PrevisSchedulerNotActive
                exp_alerts:
                  - exp_labels: {severity: critical}
        """
            .formatted(MonitoringAssets.PLAIN_RULES));
    Run test = run(dir, List.of(promtool.toString(), "test", "rules", "wrong.yaml"));
    assertThat(test.exit())
        .as("promtool test rules, expecting a wrong alert:\n%s", test.output())
        .isNotZero();
  }

  @Test
  @Timeout(120)
  void everyDashboardQueryIsValidPromql(@TempDir Path dir) throws Exception {
    Path promtool = promtool();
    Map<String, Object> rule = new LinkedHashMap<>();
    List<Map<String, String>> records = new ArrayList<>();
    for (String expr : MonitoringAssets.dashboardExpressions()) {
      String e =
          expr.replace("$__rate_interval", "5m")
              .replace("$__interval", "1m")
              .replace("$__range", "1h")
              .replaceAll("\\$\\{?\\w+}?", "x");
      records.add(Map.of("record", "dashboard:query:" + records.size(), "expr", e));
    }
    rule.put("groups", List.of(Map.of("name", "dashboards", "rules", records)));
    Path file = dir.resolve("dashboards.rules.yaml");
    Files.writeString(
        file, new tools.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(rule));
    Run check = run(dir, List.of(promtool.toString(), "check", "rules", file.toString()));
    assertThat(check.exit())
        .as("promtool on the dashboards' queries:\n%s", check.output())
        .isZero();
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static void assertDataSource(JsonNode ds, String at) {
    assertThat(ds.path("type").asString()).as("%s: datasource type", at).isEqualTo("prometheus");
    assertThat(ds.path("uid").asString()).as("%s: datasource uid", at).isEqualTo(DS);
  }

  /** The runbook without its fenced code blocks (shell comments there are not headings). */
  private static String runbookOutsideCode() {
    StringBuilder out = new StringBuilder();
    boolean code = false;
    for (String line : MonitoringAssets.read(MonitoringAssets.runbookFile()).lines().toList()) {
      if (line.strip().startsWith("```")) {
        code = !code;
      } else if (!code) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** The anchors GitHub gives the runbook's headings. */
  private static Set<String> runbookAnchors() {
    Set<String> out = new TreeSet<>();
    Matcher m = HEADING.matcher(runbookOutsideCode());
    while (m.find()) {
      out.add(
          m.group(2)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-'));
    }
    return out;
  }

  /** The third-level headings of the runbook's "Alerts" section. */
  private static List<String> alertSections() {
    List<String> out = new ArrayList<>();
    boolean inAlerts = false;
    Matcher m = HEADING.matcher(runbookOutsideCode());
    while (m.find()) {
      int level = m.group(1).length();
      if (level <= 2) {
        inAlerts = level == 2 && m.group(2).equals("Alerts");
      } else if (inAlerts && level == 3) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  /**
   * The Prometheus names of every meter the services' sources register with a literal name:
   * counters get _total, timers _seconds_count/_sum/_max/_bucket, distribution summaries
   * _count/_sum/_max/_bucket, gauges keep their name (dots become underscores throughout).
   */
  private static Set<String> exportedBySources() throws IOException {
    Pattern meter =
        Pattern.compile(
            "(Counter\\.builder|\\.counter|Timer\\.builder|\\.timer|Gauge\\.builder|\\bgauge"
                + "|DistributionSummary\\.builder|\\.summary)\\(\\s*\"(previs\\.[a-z0-9.]+)\"");
    Set<String> out = new TreeSet<>();
    Path root = MonitoringAssets.deployDir().resolve("..").normalize();
    List<Path> sources;
    try (Stream<Path> modules = Files.list(root)) {
      sources =
          modules
              .map(m -> m.resolve("src").resolve("main").resolve("java"))
              .filter(Files::isDirectory)
              .flatMap(MonitoringAssetsTest::javaFiles)
              .toList();
    }
    for (Path f : sources) {
      Matcher m = meter.matcher(Files.readString(f, UTF_8));
      while (m.find()) {
        String kind = m.group(1).toLowerCase(Locale.ROOT);
        String name = m.group(2).replace('.', '_');
        if (kind.contains("counter")) {
          out.add(name + "_total");
        } else if (kind.contains("timer")) {
          for (String s : List.of("_count", "_sum", "_max", "_bucket")) {
            out.add(name + "_seconds" + s);
          }
        } else if (kind.contains("summary")) {
          for (String s : List.of("_count", "_sum", "_max", "_bucket")) {
            out.add(name + s);
          }
        } else {
          out.add(name);
        }
      }
    }
    return out;
  }

  private static Stream<Path> javaFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private record Run(int exit, String output) {}

  private static Run run(Path dir, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish:\n" + out);
    }
    return new Run(p.exitValue(), out);
  }

  /** promtool from PATH; CI must have it (.ci/run installs it), elsewhere the test is skipped. */
  private static Path promtool() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty()) {
        Path p = Path.of(d, "promtool");
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    String why =
        "promtool is not on PATH (Debian: apt-get install prometheus; .ci/run installs it)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(why);
    }
    return Assumptions.abort(why);
  }
}
