package io.previs.diffusion.sampling;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ODE solvers the sampler offers, by their manifest and API spelling. */
public enum SolverKind {
  /** First-order Euler on the velocity. */
  EULER("euler"),
  /**
   * UniPC multistep, order 2, data prediction, B(h)=expm1 (bh2), corrector on: Wan2.2's default.
   */
  UNIPC("unipc"),
  /** DPM-Solver++ 2M (multistep, midpoint), data prediction. */
  DPMPP_2M("dpm++");

  private final String id;

  SolverKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static SolverKind fromId(String id) {
    String n = id == null ? "" : id.toLowerCase(Locale.ROOT);
    for (SolverKind k : values()) {
      if (k.id.equals(n) || k.name().equalsIgnoreCase(n)) {
        return k;
      }
    }
    if (n.equals("dpm++2m") || n.equals("dpmpp")) {
      return DPMPP_2M;
    }
    return null;
  }

  public static String allowed() {
    return Arrays.stream(values()).map(SolverKind::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
