package io.previs.diffusion.sampling;

import java.util.Locale;

/**
 * How the sampler turns σ into the timestep it feeds the model. Wan casts σ·1000 to int64, which
 * truncates ({@link #FLOOR}); the oracle bundle wants the exact value ({@link #NONE}) so that the
 * velocity it returns is the exact one at the solver's σ.
 */
public enum TimestepRounding {
  FLOOR,
  NONE;

  public double apply(double sigma, int numTrainTimesteps) {
    double t = sigma * numTrainTimesteps;
    return this == FLOOR ? (double) (long) t : t;
  }

  public static TimestepRounding fromId(String id) {
    if (id == null) {
      return null;
    }
    return switch (id.toLowerCase(Locale.ROOT)) {
      case "floor", "int", "truncate" -> FLOOR;
      case "none", "exact" -> NONE;
      default -> null;
    };
  }
}
