package io.previs.qccore;

import io.previs.qccore.face.FaceChecks;
import io.previs.qccore.face.LikenessChecks;
import io.previs.qccore.flow.FlowAnalyzer.FlowSeries;
import io.previs.qccore.flow.MotionChecks;
import io.previs.qccore.report.ClipInfo;
import io.previs.qccore.report.ClipScores;
import io.previs.qccore.report.FaceTrackSummary;
import io.previs.qccore.report.Finding;
import io.previs.qccore.report.Findings;
import io.previs.qccore.report.FrameSeries;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.report.Severity;
import io.previs.qccore.report.Verdict;
import io.previs.qccore.similarity.FrameChecks;
import io.previs.qccore.similarity.SimilarityAnalyzer.SimilaritySeries;
import io.previs.qccore.stats.Robust;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the checks over a finished session's series, in precedence order (frame checks, then face
 * checks, then motion checks; each claims what it explains, so one event is reported once, under
 * its most specific name), and builds the report.
 */
final class ReportAssembler {

  private ReportAssembler() {}

  static QcReport assemble(QcSession s) {
    int n = s.frames;
    var policy = s.config.verdict();
    ShotExpectations expect = ShotExpectations.of(s.context.prompt(), s.config.expectations());
    boolean expectMotion = expect.expectMotion(s.context.expectMotion());
    Findings findings =
        new Findings(expect.severity(policy::severityOf), policy::enabled, s.fps, n);
    SimilaritySeries sim = s.similarity.series();
    FlowSeries flow = s.flow.series();
    FrameChecks.Result frameResult =
        FrameChecks.run(
            sim,
            flow,
            s.config.similarity(),
            findings,
            new CutVeto(s.config.face().enabled() ? s.faces : null, sim, n));
    List<FaceTrackSummary> tracks = List.of();
    double[] faceCount = new double[n];
    if (s.faces != null && s.config.face().enabled()) {
      FaceChecks.Result faces =
          FaceChecks.run(
              s.faces, s.config.face(), frameResult.shotStarts(), s.analysisHeight(), findings);
      tracks = faces.tracks();
      faceCount = s.faces.faceCount().toArray(n);
    }
    if (s.faces != null && s.context.checksLikeness()) {
      LikenessChecks.run(s.faces, s.context.gallery(), findings);
    }
    MotionChecks.Result motion =
        MotionChecks.run(flow, s.config.flow(), expectMotion, findings, frameResult.shotStarts());
    FrameSeries series =
        new FrameSeries(
            round(sim.ssim.toArray(n)),
            round(sim.histCorrelation.toArray(n)),
            round(sim.meanAbsDiff.toArray(n)),
            round(sim.lumaMean.toArray(n)),
            round(flow.magnitude.toArray(n)),
            round(flow.warpError.toArray(n)),
            round(flow.jitter.toArray(n)),
            faceCount);
    ClipScores scores = scores(sim, flow, n, motion.dynamicDegree(), tracks);
    List<Finding> sorted = findings.sorted();
    Verdict verdict = Verdict.PASS;
    List<String> reasons = new ArrayList<>();
    for (Finding f : sorted) {
      verdict = verdict.worst(f.severity().verdict());
      if (f.severity() != Severity.INFO) {
        reasons.add(reason(f));
      }
    }
    double duration = s.fps > 0 ? n / s.fps : 0;
    ClipInfo clip =
        new ClipInfo(
            s.sourceWidth,
            s.sourceHeight,
            s.fps,
            n,
            Math.round(duration * 1000) / 1000.0,
            s.analysisWidth(),
            s.analysisHeight(),
            s.flowWidth(),
            expectMotion,
            expect.applied());
    return new QcReport(
        QcReport.SCHEMA,
        s.context.clipId(),
        s.config.profile(),
        verdict,
        reasons,
        clip,
        sorted,
        scores,
        tracks,
        series,
        null);
  }

  static String reason(Finding f) {
    String frames =
        f.firstFrame() == f.lastFrame()
            ? "frame " + f.firstFrame()
            : "frames " + f.firstFrame() + "-" + f.lastFrame();
    return f.check().id()
        + " ("
        + f.severity().name().toLowerCase()
        + ") at "
        + frames
        + ": "
        + f.message();
  }

  private static ClipScores scores(
      SimilaritySeries sim,
      FlowSeries flow,
      int n,
      double dynamicDegree,
      List<FaceTrackSummary> tracks) {
    double[] ssim = sim.ssim.toArray(n);
    double mad = Robust.mean(sim.meanAbsDiff.toArray(n));
    double[] warp = flow.warpError.toArray(n);
    return new ClipScores(
        r(Robust.min(ssim)),
        r(Robust.median(ssim)),
        r(Robust.min(sim.histCorrelation.toArray(n))),
        r(mad),
        r(Double.isFinite(mad) ? (255 - mad) / 255 : Double.NaN),
        r(Robust.median(flow.magnitude.toArray(n))),
        r(Robust.median(warp)),
        r(Robust.max(warp)),
        r(Robust.median(flow.jitter.toArray(n))),
        r(dynamicDegree),
        tracks.size(),
        tracks.stream().mapToDouble(FaceTrackSummary::score).min().orElse(1.0));
  }

  private static double[] round(double[] xs) {
    for (int i = 0; i < xs.length; i++) {
      xs[i] = r(xs[i]);
    }
    return xs;
  }

  private static double r(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
  }
}
