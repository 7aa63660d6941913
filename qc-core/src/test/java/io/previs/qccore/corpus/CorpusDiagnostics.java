package io.previs.qccore.corpus;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.previs.qccore.ClipContext;
import io.previs.qccore.ClipQc;
import io.previs.qccore.config.QcConfig;
import io.previs.qccore.report.Finding;
import io.previs.qccore.report.QcReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: prints per-frame series of selected corpus clips, for tuning thresholds. Run with
 * {@code -Dqc.diagnostics=<name filter> -Dtest=CorpusDiagnostics}.
 */
@EnabledIfSystemProperty(named = "qc.diagnostics", matches = ".+")
class CorpusDiagnostics {

  @Test
  void dump() throws Exception {
    String filter = System.getProperty("qc.diagnostics");
    int clean = Integer.getInteger("qc.corpus.clean", 5);
    int per = Integer.getInteger("qc.corpus.perDefect", 12);
    List<ClipSpec> specs =
        new java.util.ArrayList<>(
            Corpus.build(clean, per, Long.getLong("qc.corpus.seed", 20261120L)));
    for (String kind :
        List.of(
            TestClips.CLEAN_PAN,
            TestClips.BLACK_FRAMES,
            TestClips.SHAKY,
            TestClips.STATIC,
            TestClips.FACE,
            TestClips.FACE_VANISH,
            TestClips.FACE_JUMP)) {
      specs.add(TestClips.spec(kind, 33));
    }
    Path dir = Files.createDirectories(Path.of("target/corpus-diagnostics"));
    try (ClipQc qc = new ClipQc(QcConfig.defaults())) {
      for (ClipSpec spec : specs) {
        if (!spec.name().matches(filter)) {
          continue;
        }
        Path mp4 = dir.resolve(spec.name() + ".mp4");
        Mp4Writer.write(spec, mp4);
        if (Boolean.getBoolean("qc.diagnostics.png")) {
          ClipRenderer.render(
              spec,
              (i, bgr) -> {
                if (i % 8 == 0 || Math.abs(i - spec.plantedFrame() - 1) <= 3) {
                  imwrite(dir.resolve(spec.name() + "-" + i + ".png").toString(), bgr);
                }
              });
        }
        QcReport r = qc.check(mp4, ClipContext.of(spec.name()));
        System.out.printf(
            "%n== %s %s start=%d len=%d planted=%d variant=%d %dx%d n=%d -> %s%n",
            spec.name(),
            spec.defect(),
            spec.start(),
            spec.length(),
            spec.plantedFrame(),
            spec.variant(),
            spec.width(),
            spec.height(),
            spec.frames(),
            r.verdict());
        var s = r.series();
        System.out.println("  i   ssim  hist   mad   luma  flow   warp  jitt  faces");
        for (int i = 0; i < s.ssim().length; i++) {
          System.out.printf(
              "%3d %6.3f %5.3f %5.2f %6.1f %5.2f %6.2f %5.2f %3.0f%n",
              i,
              s.ssim()[i],
              s.histogramCorrelation()[i],
              s.meanAbsDiff()[i],
              s.lumaMean()[i],
              s.flowMagnitude()[i],
              s.warpError()[i],
              s.flowJitter()[i],
              s.faceCount()[i]);
        }
        for (Finding f : r.findings()) {
          System.out.println("  FINDING " + f);
        }
        System.out.println("  TRACKS " + r.faceTracks());
        System.out.println("  TIMINGS " + r.timings());
      }
    }
  }
}
