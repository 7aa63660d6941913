package io.previs.diffusion.bundle;

import java.nio.file.Path;
import java.util.List;

/**
 * A bundle failed to load. Carries every problem found, each naming the file and the field, so that
 * a studio fixing an export sees all of them at once rather than one per attempt.
 */
public final class BundleValidationException extends RuntimeException {

  private final transient Path bundle;
  private final List<String> problems;

  public BundleValidationException(Path bundle, List<String> problems) {
    super(format(bundle, problems));
    this.bundle = bundle;
    this.problems = List.copyOf(problems);
  }

  public Path bundle() {
    return bundle;
  }

  public List<String> problems() {
    return problems;
  }

  private static String format(Path bundle, List<String> problems) {
    StringBuilder sb =
        new StringBuilder("invalid model bundle ")
            .append(bundle)
            .append(" (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem)" : " problems)");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
