package io.previs.editorial;

import java.util.List;
import java.util.Map;

/** The cut the tests write: three shots at 16 fps, the middle take at 24 fps with two notes. */
final class Cuts {

  private Cuts() {}

  static Cut threeShots() {
    return new Cut(
        "sq010 layout",
        16,
        List.of(
            new CutClip(
                "sq010_sh010",
                "sq010_sh010 v001 take 1",
                "sq010_sh010_v001_t1.mp4",
                16,
                0,
                33,
                48,
                Map.of("jobId", "job-1", "qc", "pass"),
                List.of()),
            new CutClip(
                "sq010_sh020",
                "sq010_sh020 v002 take 3",
                "sq010_sh020_v002_t3.mp4",
                24,
                12,
                36,
                72,
                Map.of("jobId", "job-2", "seed", "42"),
                List.of(
                    new CutMarker("QC: hand", 24, 1, "RED", "six fingers on the left hand"),
                    new CutMarker("director note", 30, 6, "ORANGE", "hold longer here"))),
            new CutClip(
                "sq010_sh030",
                "sq010_sh030 v001 take 2",
                "sq010_sh030_v001_t2.mp4",
                16,
                8,
                40,
                48,
                Map.of(),
                List.of())));
  }

  static Cut empty() {
    return new Cut("sq020", 16, List.of());
  }
}
