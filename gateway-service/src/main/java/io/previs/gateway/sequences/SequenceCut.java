package io.previs.gateway.sequences;

import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobSpec.ShotSpec;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.reviews.ReviewDecisions;
import io.previs.gateway.sequences.SequenceView.ChosenTake;
import io.previs.gateway.sequences.SequenceView.ShotView;
import io.previs.gateway.sequences.SequenceView.VersionRef;
import io.previs.gateway.versions.Shots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Puts a studio's jobs together into sequences: the jobs labelled {@code sequence=<name>}, grouped
 * by the shot they render, the shots in the order of their names (editorial numbers its shots,
 * {@code sh010}, {@code sh020}: the names sort as the cut runs), each with the take chosen last
 * over all its versions. Pure: the projection's jobs in, the view out (links are added by the
 * caller).
 */
final class SequenceCut {

  private SequenceCut() {}

  /** The sequences the jobs are in, by name. */
  static TreeSet<String> names(List<JobView> jobs) {
    TreeSet<String> names = new TreeSet<>(NATURAL);
    for (JobView j : jobs) {
      String s = Shots.sequence(j);
      if (s != null && j.spec() != null) {
        names.add(s);
      }
    }
    return names;
  }

  /** The sequence's cut, or null when no job is in it. */
  static SequenceView of(String studio, String sequence, List<JobView> jobs) {
    Map<String, List<JobView>> byShot = new TreeMap<>(NATURAL);
    for (JobView j : jobs) {
      if (j.spec() != null && sequence.equals(Shots.sequence(j))) {
        byShot.computeIfAbsent(Shots.shot(j), k -> new ArrayList<>()).add(j);
      }
    }
    if (byShot.isEmpty()) {
      return null;
    }
    List<ShotView> shots = new ArrayList<>();
    for (var e : byShot.entrySet()) {
      shots.add(shot(e.getKey(), e.getValue()));
    }
    int fps = cutRate(shots);
    int frames = 0;
    int chosen = 0;
    for (ShotView s : shots) {
      if (s.chosen() != null) {
        chosen++;
        frames += atRate(s.chosen().frames(), s.chosen().fps(), fps);
      }
    }
    return new SequenceView(
        studio, sequence, fps, List.copyOf(shots), chosen, frames, frames / (double) fps, Map.of());
  }

  private static ShotView shot(String shot, List<JobView> jobs) {
    jobs.sort(
        Comparator.comparingInt(Shots::version)
            .thenComparing(JobView::submittedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(JobView::jobId));
    List<VersionRef> versions = new ArrayList<>();
    Map<Integer, Integer> takesSoFar = new HashMap<>();
    Map<String, Integer> firstTake = new LinkedHashMap<>();
    for (JobView j : jobs) {
      int v = Shots.version(j);
      int first = takesSoFar.getOrDefault(v, 0) + 1;
      takesSoFar.put(v, first - 1 + j.spec().variants());
      firstTake.put(j.jobId(), first);
      versions.add(
          new VersionRef(v, j.jobId(), j.clientJobId(), j.status(), j.spec().variants(), first));
    }
    JobView chosenJob = chosen(jobs);
    ChosenTake chosen = null;
    if (chosenJob != null) {
      chosen = take(shot, chosenJob, firstTake.get(chosenJob.jobId()));
    }
    return new ShotView(shot, List.copyOf(versions), chosen);
  }

  private static ChosenTake take(String shot, JobView j, int firstTake) {
    int variant = j.selected().variant();
    int version = Shots.version(j);
    int take = firstTake + variant;
    String verdict =
        j.outputs().stream()
            .filter(o -> o.variant() == variant)
            .map(VariantOutput::verdict)
            .findFirst()
            .orElse(null);
    int frames = j.spec().shots().stream().mapToInt(ShotSpec::frames).sum();
    String v = String.format(Locale.ROOT, "v%03d", version);
    return new ChosenTake(
        j.jobId(),
        j.clientJobId(),
        version,
        variant,
        take,
        shot + " " + v + " take " + take,
        fileSafe(shot) + "_" + v + "_t" + take + ".mp4",
        frames,
        j.spec().fps(),
        j.spec().width(),
        j.spec().height(),
        verdict,
        j.selected().by(),
        j.selected().note(),
        j.selected().at(),
        Map.of());
  }

  /**
   * The job whose take the shot's cut uses: of the shot's jobs, the one whose take was chosen last
   * (and has its clip); null when none was chosen.
   */
  static JobView chosen(java.util.Collection<JobView> shotJobs) {
    JobView chosen = null;
    for (JobView j : shotJobs) {
      if (j.selected() != null
          && ReviewDecisions.hasClip(j, j.selected().variant())
          && (chosen == null || j.selected().at().isAfter(chosen.selected().at()))) {
        chosen = j;
      }
    }
    return chosen;
  }

  /** The rate most chosen takes have; the first chosen take's on a tie; 16 with none chosen. */
  private static int cutRate(List<ShotView> shots) {
    Map<Integer, Integer> count = new LinkedHashMap<>();
    for (ShotView s : shots) {
      if (s.chosen() != null) {
        count.merge(s.chosen().fps(), 1, Integer::sum);
      }
    }
    int best = 16;
    int most = 0;
    for (var e : count.entrySet()) {
      if (e.getValue() > most) {
        best = e.getKey();
        most = e.getValue();
      }
    }
    return best;
  }

  /** A take's length on a timeline of another rate: what its seconds make there. */
  static int atRate(int frames, int fps, int timelineFps) {
    return fps == timelineFps
        ? frames
        : (int) Math.round(frames * (double) timelineFps / (double) fps);
  }

  /** A shot name as a file name: what is not a letter, digit, dot, dash or underscore becomes _. */
  static String fileSafe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * Names compared with their digits as numbers, so {@code sh9} comes before {@code sh10}, and
   * {@code sh010} before {@code sh020} as they are written.
   */
  static final Comparator<String> NATURAL =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          char x = a.charAt(i);
          char y = b.charAt(j);
          if (Character.isDigit(x) && Character.isDigit(y)) {
            int i2 = i;
            int j2 = j;
            while (i2 < a.length() && Character.isDigit(a.charAt(i2))) {
              i2++;
            }
            while (j2 < b.length() && Character.isDigit(b.charAt(j2))) {
              j2++;
            }
            int c =
                new java.math.BigInteger(a.substring(i, i2))
                    .compareTo(new java.math.BigInteger(b.substring(j, j2)));
            if (c != 0) {
              return c;
            }
            i = i2;
            j = j2;
          } else {
            if (x != y) {
              return Character.compare(x, y);
            }
            i++;
            j++;
          }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
      };
}
