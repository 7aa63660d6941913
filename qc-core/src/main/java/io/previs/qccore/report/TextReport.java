package io.previs.qccore.report;

import java.util.Locale;

/** The report as a person reads it in a terminal: verdict, one line per finding, key scores. */
public final class TextReport {

  private TextReport() {}

  public static String render(QcReport r, String label) {
    StringBuilder sb = new StringBuilder();
    ClipInfo c = r.clip();
    sb.append(
        String.format(
            Locale.ROOT,
            "%s  %s  (%d frames, %dx%d @ %s fps, profile %s)%n",
            label,
            r.verdict().name(),
            c.frames(),
            c.width(),
            c.height(),
            c.fps() > 0 ? fmt(c.fps()) : "?",
            r.profile()));
    for (Finding f : r.findings()) {
      String frames =
          f.firstFrame() == f.lastFrame()
              ? "frame " + f.firstFrame()
              : "frames " + f.firstFrame() + "-" + f.lastFrame();
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-8s  %-20s %-15s %s%n",
              f.severity().name().toLowerCase(Locale.ROOT),
              f.check().id(),
              frames,
              f.message()));
    }
    if (r.findings().isEmpty()) {
      sb.append("  no findings\n");
    }
    for (Expectation e : r.clip().expectations()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  expected  %s (the prompt says \"%s\"): %s %s%n",
              e.name(),
              e.term(),
              e.name().equals("still") ? "no motion needed for" : "info only:",
              String.join(", ", e.checks())));
    }
    ClipScores s = r.scores();
    sb.append(
        String.format(
            Locale.ROOT,
            "  scores: SSIM median %s (min %s), temporal flickering %s, dynamic degree %s,"
                + " warp error median %s, faces %d (min score %s)%n",
            fmt(s.ssimMedian()),
            fmt(s.ssimMin()),
            fmt(s.temporalFlickering()),
            fmt(s.dynamicDegree()),
            fmt(s.warpErrorMedian()),
            s.faceTracks(),
            fmt(s.faceScoreMin())));
    return sb.toString();
  }

  private static String fmt(double v) {
    return Double.isFinite(v)
        ? String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "")
        : "-";
  }
}
