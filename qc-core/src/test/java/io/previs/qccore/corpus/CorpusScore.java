package io.previs.qccore.corpus;

import io.previs.qccore.corpus.CorpusRun.Outcome;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Finding;
import io.previs.qccore.report.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a corpus run per defect type: detection rate (a finding of an expected check), how many of
 * those clips were failed outright (the rest go to a person for review), range hit rate (that
 * finding's frames contain the planted frame ±1), and false-positive rate (clean clips with a
 * finding of that check). Prints the table the closing note quotes.
 */
final class CorpusScore {

  record Row(
      Defect defect,
      int clips,
      int detected,
      int failed,
      int rangeHits,
      int cleanClips,
      int cleanFlagged,
      Map<String, Integer> otherChecks,
      List<String> missed) {

    double detectionRate() {
      return clips == 0 ? 1 : (double) detected / clips;
    }

    double rangeHitRate() {
      return detected == 0 ? 0 : (double) rangeHits / detected;
    }

    double falsePositiveRate() {
      return cleanClips == 0 ? 0 : (double) cleanFlagged / cleanClips;
    }
  }

  final List<Row> rows = new ArrayList<>();
  final int cleanClips;
  final int cleanPassed;
  final Map<String, Integer> cleanFindings = new TreeMap<>();
  final List<String> cleanFailures = new ArrayList<>();
  final List<Double> cleanIntegrity = new ArrayList<>();

  CorpusScore(List<Outcome> outcomes) {
    List<Outcome> clean = outcomes.stream().filter(o -> o.spec().defect() == Defect.NONE).toList();
    cleanClips = clean.size();
    cleanPassed = (int) clean.stream().filter(o -> o.report().verdict() == Verdict.PASS).count();
    for (Outcome o : clean) {
      for (Finding f : o.report().findings()) {
        cleanFindings.merge(f.check().id(), 1, Integer::sum);
      }
      o.report().faceTracks().forEach(t -> cleanIntegrity.add(t.integrity()));
      if (o.report().verdict() != Verdict.PASS) {
        cleanFailures.add(o.spec().name() + ": " + o.report().reasons());
      }
    }
    for (Defect d : Defect.values()) {
      if (d == Defect.NONE) {
        continue;
      }
      List<Outcome> mine = outcomes.stream().filter(o -> o.spec().defect() == d).toList();
      int detected = 0;
      int failed = 0;
      int hits = 0;
      Map<String, Integer> other = new TreeMap<>();
      List<String> missed = new ArrayList<>();
      for (Outcome o : mine) {
        List<Finding> expected =
            o.report().findings().stream().filter(f -> d.expected.contains(f.check())).toList();
        if (!expected.isEmpty()) {
          detected++;
          failed += o.report().verdict() == Verdict.FAIL ? 1 : 0;
          if (expected.stream().anyMatch(f -> f.contains(o.spec().plantedFrame(), 1))) {
            hits++;
          } else {
            missed.add(o.spec().name() + " located elsewhere " + describe(o));
          }
        } else {
          missed.add(o.spec().name() + " " + describe(o));
        }
        o.report().findings().stream()
            .filter(f -> !d.expected.contains(f.check()))
            .map(f -> f.check().id())
            .distinct()
            .forEach(id -> other.merge(id, 1, Integer::sum));
      }
      int flagged =
          (int)
              clean.stream()
                  .filter(
                      o ->
                          o.report().findings().stream()
                              .anyMatch(f -> d.expected.contains(f.check())))
                  .count();
      rows.add(
          new Row(d, mine.size(), detected, failed, hits, clean.size(), flagged, other, missed));
    }
  }

  private static String describe(Outcome o) {
    List<String> fs = new ArrayList<>();
    for (Finding f : o.report().findings()) {
      fs.add(f.check().id() + "@" + f.firstFrame() + "-" + f.lastFrame());
    }
    return "(planted "
        + o.spec().plantedFrame()
        + ", len "
        + o.spec().length()
        + ", found "
        + fs
        + ")";
  }

  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| defect | clips | detected | detection rate | failed | range hit (±1) | false positives on"
            + " clean | other checks that fired |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (Row r : rows) {
      sb.append(
          String.format(
              "| %s | %d | %d | %.0f %% | %d | %.0f %% | %d/%d (%.1f %%) | %s |%n",
              r.defect().name().toLowerCase(),
              r.clips(),
              r.detected(),
              100 * r.detectionRate(),
              r.failed(),
              100 * r.rangeHitRate(),
              r.cleanFlagged(),
              r.cleanClips(),
              100 * r.falsePositiveRate(),
              r.otherChecks().isEmpty() ? "" : r.otherChecks().toString()));
    }
    sb.append(
        String.format(
            "%nClean clips passing: %d/%d; findings on clean clips by check: %s%n",
            cleanPassed, cleanClips, cleanFindings));
    sb.append("  face integrity (min SSIM vs reference) of clean tracks: ")
        .append(cleanIntegrity)
        .append('\n');
    for (String f : cleanFailures) {
      sb.append("  clean not passing: ").append(f).append('\n');
    }
    for (Row r : rows) {
      for (String m : r.missed()) {
        sb.append("  missed: ").append(m).append('\n');
      }
    }
    return sb.toString();
  }

  Map<Defect, Row> byDefect() {
    Map<Defect, Row> m = new LinkedHashMap<>();
    rows.forEach(r -> m.put(r.defect(), r));
    return m;
  }

  static boolean expectedCheck(Defect d, Check c) {
    return d.expected.contains(c);
  }
}
