package io.previs.qccore.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.qccore.config.QcConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof: every detector on clips with planted defects, and on clean clips of every content
 * type, through real H.264 encoding and decoding. Sizes: {@code -Dqc.corpus.clean} clean clips per
 * content type and {@code -Dqc.corpus.perDefect} clips per defect (CI defaults keep it under a
 * minute on two cores; the closing note's table used larger numbers, see docs/QC.md).
 */
class CorpusTest {

  @TempDir Path dir;

  @Test
  void detectorsFindPlantedDefectsAndPassCleanClips() throws Exception {
    int clean = Integer.getInteger("qc.corpus.clean", 4);
    int perDefect = Integer.getInteger("qc.corpus.perDefect", 10);
    long seed = Long.getLong("qc.corpus.seed", 20261120L);
    int threads = Integer.getInteger("qc.corpus.threads", 2);
    List<ClipSpec> specs = Corpus.build(clean, perDefect, seed);

    var outcomes = CorpusRun.run(specs, QcConfig.defaults(), dir, threads);
    CorpusScore score = new CorpusScore(outcomes);
    System.out.println(score.table());

    for (CorpusScore.Row row : score.rows) {
      assertThat(row.detectionRate())
          .as("detection rate of %s", row.defect())
          .isGreaterThanOrEqualTo(0.9);
      assertThat(row.rangeHitRate())
          .as("range hits of %s", row.defect())
          .isGreaterThanOrEqualTo(0.9);
      assertThat(row.falsePositiveRate())
          .as("false positives of %s", row.defect())
          .isLessThanOrEqualTo(0.05);
    }
    // the figures QC is held to (issue 16): over the whole corpus, at least 99 % of planted defects
    // found and at most 1 % of (clean clip, check) pairs flagged
    int clips = score.rows.stream().mapToInt(CorpusScore.Row::clips).sum();
    int detected = score.rows.stream().mapToInt(CorpusScore.Row::detected).sum();
    int flagged = score.rows.stream().mapToInt(CorpusScore.Row::cleanFlagged).sum();
    int pairs = score.rows.stream().mapToInt(CorpusScore.Row::cleanClips).sum();
    assertThat((double) detected / clips).as("detected overall").isGreaterThanOrEqualTo(0.99);
    assertThat((double) flagged / pairs).as("false positives overall").isLessThanOrEqualTo(0.01);
    assertThat((double) score.cleanPassed / score.cleanClips)
        .as("clean clips passing")
        .isGreaterThanOrEqualTo(0.9);
  }
}
