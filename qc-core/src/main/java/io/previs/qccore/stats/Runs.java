package io.previs.qccore.stats;

import java.util.ArrayList;
import java.util.List;

/** Runs of flagged frames, which is how per-frame flags become one finding per problem. */
public final class Runs {

  private Runs() {}

  /**
   * Inclusive {first, last} ranges of true values; runs separated by at most {@code maxGap} false
   * values are joined.
   */
  public static List<int[]> of(boolean[] flags, int maxGap) {
    List<int[]> out = new ArrayList<>();
    int start = -1;
    int last = -1;
    for (int i = 0; i < flags.length; i++) {
      if (!flags[i]) {
        continue;
      }
      if (start >= 0 && i - last - 1 <= maxGap) {
        last = i;
      } else {
        if (start >= 0) {
          out.add(new int[] {start, last});
        }
        start = i;
        last = i;
      }
    }
    if (start >= 0) {
      out.add(new int[] {start, last});
    }
    return out;
  }

  public static int count(int[] run) {
    return run[1] - run[0] + 1;
  }
}
