package io.previs.qccore.config;

/**
 * Everything QC can be told: analysis sizes, every detector threshold, and how findings weigh in
 * the verdict. {@link #defaults()} is tuned on the test corpus (docs/QC.md); a studio profile
 * overrides any subset of it, see {@link QcProfiles}.
 *
 * @param profile a name carried into the report, so a verdict can be traced to its thresholds
 */
public record QcConfig(
    String profile,
    AnalysisConfig analysis,
    SimilarityConfig similarity,
    FlowConfig flow,
    FaceConfig face,
    VerdictConfig verdict) {

  public QcConfig {
    if (profile == null || profile.isBlank()) {
      throw new InvalidConfigException("profile", "must not be blank");
    }
    if (analysis == null || similarity == null || flow == null || face == null) {
      throw new InvalidConfigException("analysis/similarity/flow/face", "must all be present");
    }
    if (analysis.flowWidth() > analysis.width()) {
      throw new InvalidConfigException(
          "analysis.flowWidth",
          analysis.flowWidth() + " is wider than analysis.width " + analysis.width());
    }
    verdict = verdict == null ? VerdictConfig.defaults() : verdict;
  }

  public static QcConfig defaults() {
    return new QcConfig(
        "default",
        AnalysisConfig.defaults(),
        SimilarityConfig.defaults(),
        FlowConfig.defaults(),
        FaceConfig.defaults(),
        VerdictConfig.defaults());
  }
}
