package io.previs.qccore;

import java.util.LinkedHashMap;
import java.util.Map;

/** CPU nanoseconds spent per stage, on the thread that ran the session. */
final class StageClock {

  private final long[] nanos = new long[Stage.values().length];

  void add(Stage stage, long n) {
    nanos[stage.ordinal()] += n;
  }

  /** Milliseconds per stage, rounded to 0.1 ms, in pipeline order. */
  Map<String, Double> toMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Stage s : Stage.values()) {
      out.put(s.key, Math.round(nanos[s.ordinal()] / 1e5) / 10.0);
    }
    return out;
  }
}
