package io.previs.qccore.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The QC result for one clip: the verdict and why, one finding per problem, clip-level scores, face
 * tracks, per-frame series, and where the CPU time went. {@link ReportJson} writes and reads it;
 * {@link #SCHEMA} names the JSON shape, which only ever grows.
 *
 * @param reasons one line per finding of warning or critical severity, worst first
 * @param series per-frame series; null in {@link #withoutSeries()}
 * @param timings CPU milliseconds per stage (decode, prepare, similarity, flow, face, findings)
 */
public record QcReport(
    String schema,
    String clipId,
    String profile,
    Verdict verdict,
    List<String> reasons,
    ClipInfo clip,
    List<Finding> findings,
    ClipScores scores,
    List<FaceTrackSummary> faceTracks,
    FrameSeries series,
    Map<String, Double> timings) {

  public static final String SCHEMA = "previs.qc.report/v1";

  public QcReport {
    reasons = List.copyOf(reasons);
    findings = List.copyOf(findings);
    faceTracks = List.copyOf(faceTracks);
    timings =
        timings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(timings));
  }

  public QcReport withTimings(Map<String, Double> t) {
    return new QcReport(
        schema, clipId, profile, verdict, reasons, clip, findings, scores, faceTracks, series, t);
  }

  /**
   * This report without its per-frame series: what fits in an event record, with the full report
   * stored alongside.
   */
  public QcReport withoutSeries() {
    return new QcReport(
        schema,
        clipId,
        profile,
        verdict,
        reasons,
        clip,
        findings,
        scores,
        faceTracks,
        null,
        timings);
  }

  /** Findings of one check, in frame order. */
  public List<Finding> findings(Check check) {
    return findings.stream().filter(f -> f.check() == check).toList();
  }
}
