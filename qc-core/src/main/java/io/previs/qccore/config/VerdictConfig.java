package io.previs.qccore.config;

import io.previs.qccore.report.Check;
import io.previs.qccore.report.Severity;
import java.util.List;
import java.util.Map;

/**
 * How findings become a verdict.
 *
 * @param severity per check id, the severity its findings get instead of the check's default
 * @param disabled check ids that are not run or reported at all
 */
public record VerdictConfig(Map<String, Severity> severity, List<String> disabled) {

  public VerdictConfig {
    severity = severity == null ? Map.of() : Map.copyOf(severity);
    disabled = disabled == null ? List.of() : List.copyOf(disabled);
    for (String id : severity.keySet()) {
      known("verdict.severity", id);
    }
    for (String id : disabled) {
      known("verdict.disabled", id);
    }
  }

  public static VerdictConfig defaults() {
    return new VerdictConfig(Map.of(), List.of());
  }

  public Severity severityOf(Check check) {
    return severity.getOrDefault(check.id(), check.defaultSeverity());
  }

  public boolean enabled(Check check) {
    return !disabled.contains(check.id());
  }

  private static void known(String field, String id) {
    Check check;
    try {
      check = Check.of(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(field, "unknown check '" + id + "'");
    }
    if (check.policy()) {
      throw new InvalidConfigException(
          field,
          "'" + id + "' is the content policy's (ops decide on a likeness), not a QC profile's");
    }
  }
}
