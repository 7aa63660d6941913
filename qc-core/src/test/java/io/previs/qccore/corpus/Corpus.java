package io.previs.qccore.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The test corpus: clean clips of every content type, and clips with one planted defect each,
 * spread round-robin over the footage the defect applies to, at random positions and strengths.
 * Fully determined by its sizes and seed.
 */
final class Corpus {

  /** Distinct oracle renders the oracle clips are drawn from (each render costs ~1 s). */
  static final int ORACLE_POOL = 6;

  private Corpus() {}

  static List<ClipSpec> build(int cleanPerContent, int perDefect, long seed) {
    Random rnd = new Random(seed);
    List<ClipSpec> out = new ArrayList<>();
    for (Content c : Content.values()) {
      // twice as many clean face clips: four face checks can raise false positives on them
      int count = c == Content.MOVING_FACE ? 2 * cleanPerContent : cleanPerContent;
      for (int i = 0; i < count; i++) {
        out.add(spec("clean", c, Defect.NONE, i, rnd));
      }
    }
    for (Defect d : Defect.values()) {
      if (d == Defect.NONE) {
        continue;
      }
      for (int i = 0; i < perDefect; i++) {
        out.add(spec(d.name().toLowerCase(), d.contents.get(i % d.contents.size()), d, i, rnd));
      }
    }
    return out;
  }

  private static ClipSpec spec(String prefix, Content c, Defect d, int i, Random rnd) {
    long seed = c == Content.ORACLE ? rnd.nextInt(ORACLE_POOL) : 1000 + rnd.nextInt(1_000_000);
    boolean square = c != Content.ORACLE && rnd.nextInt(3) == 0;
    int w = square ? 256 : 320;
    int h = square ? 256 : 192;
    int frames = rnd.nextBoolean() ? 33 : 41;
    int length =
        switch (d) {
          case NONE, JUMP_CUT -> 1;
          case FLICKER -> 4 + rnd.nextInt(5);
          case FREEZE -> 3 + rnd.nextInt(5);
          case BLACK -> 1 + rnd.nextInt(3);
          case REVERSAL -> 2 + rnd.nextInt(5);
          case JITTER -> 6 + rnd.nextInt(5);
          case FACE_VANISH, FACE_WARP, FACE_JUMP -> 2 + rnd.nextInt(3);
        };
    int room = frames - length - 12;
    int start = d == Defect.NONE ? 0 : 6 + rnd.nextInt(Math.max(1, room));
    if (d == Defect.REVERSAL) {
      start = 6 + rnd.nextInt(Math.max(1, frames - 2 * length - 12));
    }
    int variant = rnd.nextInt(2);
    String name = String.format("%s-%s-%02d", prefix, c.name().toLowerCase(), i);
    return new ClipSpec(name, c, d, w, h, frames, seed, start, length, variant);
  }
}
