package io.previs.qccore.config;

/**
 * Everything QC can be told: analysis sizes, every detector threshold, and how findings weigh in
 * the verdict. {@link #defaults()} is tuned on the test corpus (docs/QC.md); a studio profile
 * overrides any subset of it, see {@link QcProfiles}.
 *
 * @param profile a name carried into the report, so a verdict can be traced to its thresholds
 * @param expectations the prompt words that change what QC expects of a shot
 */
public record QcConfig(
    String profile,
    AnalysisConfig analysis,
    SimilarityConfig similarity,
    FlowConfig flow,
    FaceConfig face,
    VerdictConfig verdict,
    ExpectationConfig expectations) {

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
    expectations = expectations == null ? ExpectationConfig.defaults() : expectations;
  }

  public QcConfig(
      String profile,
      AnalysisConfig analysis,
      SimilarityConfig similarity,
      FlowConfig flow,
      FaceConfig face,
      VerdictConfig verdict) {
    this(profile, analysis, similarity, flow, face, verdict, null);
  }

  public static QcConfig defaults() {
    return new QcConfig(
        "default",
        AnalysisConfig.defaults(),
        SimilarityConfig.defaults(),
        FlowConfig.defaults(),
        FaceConfig.defaults(),
        VerdictConfig.defaults(),
        ExpectationConfig.defaults());
  }
}
