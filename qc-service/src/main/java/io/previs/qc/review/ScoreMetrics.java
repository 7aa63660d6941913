package io.previs.qc.review;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.previs.qccore.report.ClipScores;
import io.previs.qccore.report.QcReport;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Clip-level QC scores as distributions ({@code previs.qc.score{score}}, with histogram buckets for
 * Prometheus), whatever the verdict: ops see thresholds drift before verdicts do, e.g. the median
 * warp error of a new model build creeping towards its limit. Also counts verdicts and findings.
 */
@Component
class ScoreMetrics {

  /** Buckets for scores in 0..1 where 1 is good: fine near the top, where thresholds sit. */
  private static final double[] UNIT = {0.25, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1.0};

  /** Flow magnitudes and jitter, % of the frame width per frame. */
  private static final double[] PERCENT = {0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8};

  /** Residuals in luma levels. */
  private static final double[] LEVELS = {1, 2, 3, 5, 8, 12, 20, 40, 80};

  private record Score(ToDoubleFunction<ClipScores> value, double[] buckets) {}

  private static final Map<String, Score> SCORES =
      Map.of(
          "ssim_min", new Score(ClipScores::ssimMin, UNIT),
          "ssim_median", new Score(ClipScores::ssimMedian, UNIT),
          "histogram_correlation_min", new Score(ClipScores::histogramCorrelationMin, UNIT),
          "temporal_flickering", new Score(ClipScores::temporalFlickering, UNIT),
          "motion_median", new Score(ClipScores::motionMedian, PERCENT),
          "warp_error_median", new Score(ClipScores::warpErrorMedian, LEVELS),
          "jitter_median", new Score(ClipScores::jitterMedian, PERCENT),
          "dynamic_degree", new Score(ClipScores::dynamicDegree, UNIT),
          "face_score_min", new Score(ClipScores::faceScoreMin, UNIT));

  private final MeterRegistry registry;

  ScoreMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(QcReport report, String studio) {
    registry
        .counter(
            "previs.qc.verdicts",
            "verdict",
            report.verdict().name().toLowerCase(Locale.ROOT),
            "studio",
            studio)
        .increment();
    report
        .findings()
        .forEach(
            f ->
                registry
                    .counter(
                        "previs.qc.findings",
                        "check",
                        f.check().id(),
                        "severity",
                        f.severity().name().toLowerCase(Locale.ROOT))
                    .increment());
    if (report.scores() == null) {
      return;
    }
    SCORES.forEach(
        (name, score) -> {
          double value = score.value().applyAsDouble(report.scores());
          if (Double.isFinite(value)) {
            DistributionSummary.builder("previs.qc.score")
                .description("clip-level QC score (docs/QC.md says what each measures)")
                .tag("score", name)
                .serviceLevelObjectives(score.buckets())
                .register(registry)
                .record(value);
          }
        });
  }
}
