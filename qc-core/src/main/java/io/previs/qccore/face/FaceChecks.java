package io.previs.qccore.face;

import io.previs.qccore.config.FaceConfig;
import io.previs.qccore.face.FaceGeometry.Eyes;
import io.previs.qccore.face.FaceObservation.State;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.FaceTrackSummary;
import io.previs.qccore.report.Findings;
import io.previs.qccore.report.Severity;
import io.previs.qccore.stats.Robust;
import io.previs.qccore.stats.Runs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The face checks over finished tracks. A track is cut at every shot boundary and judged per shot;
 * a track with fewer than {@code minTrackDetections} detections is cascade noise and not judged.
 */
public final class FaceChecks {

  public record Result(List<FaceTrackSummary> tracks) {}

  /** A box at least this much inside the frame still says where the face is. */
  private static final double LOCATED = 0.7;

  private FaceChecks() {}

  public static Result run(
      FaceAnalyzer analyzer,
      FaceConfig cfg,
      List<Integer> shotStarts,
      int frameHeight,
      Findings f) {
    List<FaceTrackSummary> summaries = new ArrayList<>();
    int id = 1;
    for (FaceTrack track : analyzer.tracks()) {
      for (List<FaceObservation> segment : segments(track.observations, shotStarts)) {
        long detected = segment.stream().filter(o -> o.state() == State.DETECTED).count();
        if (detected < cfg.minTrackDetections()) {
          continue;
        }
        summaries.add(judge(id++, segment, cfg, frameHeight, f));
      }
    }
    return new Result(summaries);
  }

  /** Splits at shot starts and trims the unseen ends (where the track was already lost). */
  static List<List<FaceObservation>> segments(List<FaceObservation> obs, List<Integer> starts) {
    List<List<FaceObservation>> out = new ArrayList<>();
    List<FaceObservation> current = new ArrayList<>();
    for (FaceObservation o : obs) {
      if (!current.isEmpty() && starts.contains(o.frame())) {
        out.add(trim(current));
        current = new ArrayList<>();
      }
      current.add(o);
    }
    out.add(trim(current));
    out.removeIf(List::isEmpty);
    return out;
  }

  private static List<FaceObservation> trim(List<FaceObservation> seg) {
    int a = 0;
    int b = seg.size() - 1;
    while (a <= b && !seg.get(a).seen()) {
      a++;
    }
    while (b >= a && !seg.get(b).seen()) {
      b--;
    }
    return a > b ? List.of() : new ArrayList<>(seg.subList(a, b + 1));
  }

  private static FaceTrackSummary judge(
      int id, List<FaceObservation> seg, FaceConfig cfg, int frameHeight, Findings f) {
    int n = seg.size();
    int first = seg.getFirst().frame();
    double[] ssimRef = new double[n];
    for (int i = 0; i < n; i++) {
      FaceObservation o = seg.get(i);
      boolean judged = o.seen() && o.inside() >= FaceAnalyzer.WHOLE && !f.claimed(o.frame());
      ssimRef[i] = judged ? o.ssimViews() : Double.NaN;
    }
    double typical = Robust.median(ssimRef);
    boolean[] vanished = new boolean[n];
    boolean[] distorted = new boolean[n];
    // unlike the running reference: a distortion, or a turn that the views explain
    boolean[] drifted = new boolean[n];
    boolean[] jumped = new boolean[n];
    int plausible = 0;
    int implausible = 0;
    boolean[] badGeometry = new boolean[n];
    double maxJump = 0;
    int detected = 0;
    int present = 0;
    int missing = 0;
    double size = 0;
    for (int i = 0; i < n; i++) {
      FaceObservation o = seg.get(i);
      size += o.box().size();
      boolean explained = f.claimed(o.frame()) || o.inside() < FaceAnalyzer.WHOLE;
      // where a face is matters even when the frame edge cuts it; how it looks does not
      boolean located = !f.claimed(o.frame()) && o.inside() >= LOCATED;
      switch (o.state()) {
        case DETECTED -> detected++;
        case PRESENT, RELOCATED -> present++;
        case MISSING -> missing++;
      }
      if (o.state() == State.MISSING) {
        // the cascade and the template lost it, but its tones are still there: spoilt, not gone
        if (o.histogramReference() >= cfg.distortedHistogram()) {
          distorted[i] = !explained;
          drifted[i] = distorted[i];
        } else {
          vanished[i] = !explained;
        }
        continue;
      }
      distorted[i] = !explained && unlike(seg, distorted, i, FaceObservation::ssimViews, cfg);
      drifted[i] = !explained && unlike(seg, drifted, i, FaceObservation::ssimReference, cfg);
      double jump = jumpScore(o, cfg);
      if (located && jump >= 1) {
        jumped[i] = true;
      }
      if (Double.isFinite(o.displacement())) {
        maxJump = Math.max(maxJump, o.displacement());
      }
      if (o.geometry() == Eyes.PLAUSIBLE) {
        plausible++;
      } else if (o.geometry() == Eyes.IMPLAUSIBLE) {
        implausible++;
        badGeometry[i] = true;
      }
    }
    // how sure the detector itself is of this face: the cascade's share of the frames it was seen
    boolean confident = detected >= cfg.confidentDetections() * (detected + present);
    Severity atMost = confident ? Severity.CRITICAL : Severity.WARNING;
    String unsure =
        confident
            ? ""
            : String.format(
                "; the detector found this face in only %d of the %d frames it was seen in",
                detected, detected + present);
    for (int[] run : Runs.of(distorted, 1)) {
      if (!abrupt(seg, run, cfg)) {
        continue; // a turn or an expression: see turning()
      }
      double worst = 1;
      for (int i = run[0]; i <= run[1]; i++) {
        double s = seg.get(i).ssimViews();
        worst = Double.isFinite(s) ? Math.min(worst, s) : worst;
      }
      f.add(
          Check.FACE_DISTORTION,
          atMost,
          1 - worst,
          1 - cfg.distortionSsim(),
          seg.get(run[0]).frame(),
          seg.get(run[1]).frame(),
          id,
          String.format(
              "face %d is distorted for %d frame(s) (SSIM %.2f against its track, typically %.2f)%s",
              id, Runs.count(run), worst, typical, unsure));
      f.claim(seg.get(run[0]).frame(), seg.get(run[1]).frame() + 1);
    }
    boolean[] turning = turning(seg, drifted, cfg);
    for (int[] run : Runs.of(vanished, 0)) {
      if (overlaps(turning, run)) {
        continue; // the detector lost a face turning, for a frame or two: not a vanish
      }
      double best = -1;
      for (int i = run[0]; i <= run[1]; i++) {
        best = Math.max(best, seg.get(i).templateScore());
      }
      f.add(
          Check.FACE_VANISH,
          atMost,
          1 - best,
          1 - cfg.presentSimilarity(),
          seg.get(run[0]).frame(),
          seg.get(run[1]).frame(),
          id,
          String.format(
              "face %d disappears for %d frame(s) and returns (best appearance match %.2f)%s",
              id, Runs.count(run), best, unsure));
      f.claim(seg.get(run[0]).frame(), seg.get(run[1]).frame() + 1);
    }
    for (int[] run : Runs.of(jumped, 0)) {
      double score = 0;
      for (int i = run[0]; i <= run[1]; i++) {
        score = Math.max(score, jumpScore(seg.get(i), cfg));
      }
      f.add(
          Check.FACE_JUMP,
          score,
          1,
          seg.get(run[0]).frame() - 1,
          seg.get(run[1]).frame(),
          id,
          String.format("face %d jumps further than its motion explains", id));
      f.claim(seg.get(run[0]).frame(), seg.get(run[1]).frame());
    }
    geometry(id, seg, badGeometry, cfg, f);
    double presence = (double) (detected + present) / n;
    double integrity = Robust.min(ssimRef);
    double geometryScore =
        plausible + implausible == 0 ? 1 : (double) plausible / (plausible + implausible);
    double stability = Math.max(0, 1 - maxJump);
    double score =
        Math.min(
            Math.min(presence, Double.isFinite(integrity) ? integrity : 1),
            Math.min(geometryScore, stability));
    return new FaceTrackSummary(
        id,
        first,
        seg.getLast().frame(),
        detected,
        present,
        missing,
        round(size / n / frameHeight),
        round(presence),
        round(integrity),
        round(geometryScore),
        round(stability),
        round(score));
  }

  /**
   * Whether a run of frames unlike the track's reference starts or ends abruptly (the patch's SSIM
   * against the previous frame's below {@code distortionOnsetSsim} going in or coming out). A face
   * that turns, tilts or changes expression drifts from its reference smoothly, frame by frame; a
   * warp or smear arrives in one frame. A run whose edges are not measured (a face the cascade
   * lost: no patch to compare) is judged as before.
   */
  static boolean abrupt(List<FaceObservation> seg, int[] run, FaceConfig cfg) {
    double in = seg.get(run[0]).ssimPrevious();
    double out = run[1] + 1 < seg.size() ? seg.get(run[1] + 1).ssimPrevious() : Double.NaN;
    if (!Double.isFinite(in) && !Double.isFinite(out)) {
      return true;
    }
    return (Double.isFinite(in) && in < cfg.distortionOnsetSsim())
        || (Double.isFinite(out) && out < cfg.distortionOnsetSsim());
  }

  /** Frames of smooth appearance change (and two either side): a face turning. */
  private static boolean[] turning(List<FaceObservation> seg, boolean[] distorted, FaceConfig cfg) {
    boolean[] t = new boolean[seg.size()];
    for (int[] run : Runs.of(distorted, 1)) {
      if (!abrupt(seg, run, cfg)) {
        for (int i = Math.max(0, run[0] - 2); i <= Math.min(seg.size() - 1, run[1] + 2); i++) {
          t[i] = true;
        }
      }
    }
    return t;
  }

  private static boolean overlaps(boolean[] mask, int[] run) {
    for (int i = run[0]; i <= run[1]; i++) {
      if (mask[i]) {
        return true;
      }
    }
    return false;
  }

  /** Frame i's SSIM is below distortionSsim and distortionDrop below the track's recent normal. */
  private static boolean unlike(
      List<FaceObservation> seg,
      boolean[] distorted,
      int i,
      ToDoubleFunction<FaceObservation> ssim,
      FaceConfig cfg) {
    double s = ssim.applyAsDouble(seg.get(i));
    return s < cfg.distortionSsim()
        && s < localBaseline(seg, distorted, i, ssim) - cfg.distortionDrop();
  }

  /**
   * The track's recent normal appearance: median SSIM over the last five seen, whole, undistorted
   * frames (the whole track's median before there are any). Local, so that a face slowly turning or
   * leaving the light is not a distortion; undistorted, so that a distortion lasting several frames
   * does not become its own baseline.
   */
  private static double localBaseline(
      List<FaceObservation> seg, boolean[] distorted, int i, ToDoubleFunction<FaceObservation> f) {
    double[] recent = new double[5];
    int k = 0;
    for (int j = i - 1; j >= 0 && k < recent.length; j--) {
      FaceObservation o = seg.get(j);
      if (o.seen()
          && !distorted[j]
          && o.inside() >= FaceAnalyzer.WHOLE
          && Double.isFinite(f.applyAsDouble(o))) {
        recent[k++] = f.applyAsDouble(o);
      }
    }
    if (k == 0) {
      return Robust.median(seg.stream().mapToDouble(f).toArray());
    }
    return Robust.median(java.util.Arrays.copyOf(recent, k));
  }

  /** Jump size in units of its threshold: ≥ 1 is a jump. */
  private static double jumpScore(FaceObservation o, FaceConfig cfg) {
    double d = Double.isFinite(o.displacement()) ? o.displacement() / cfg.jumpDisplacement() : 0;
    double s = Double.isFinite(o.scaleChange()) ? o.scaleChange() / cfg.jumpScale() : 0;
    return Math.max(d, s);
  }

  /** Implausible eyes in {@code geometryMinFrames} consecutive evaluations, none plausible. */
  private static void geometry(
      int id, List<FaceObservation> seg, boolean[] bad, FaceConfig cfg, Findings f) {
    int streak = 0;
    int start = -1;
    for (int i = 0; i <= seg.size(); i++) {
      Eyes r = i < seg.size() ? seg.get(i).geometry() : Eyes.PLAUSIBLE;
      if (r == Eyes.IMPLAUSIBLE) {
        if (streak++ == 0) {
          start = i;
        }
      } else if (r == Eyes.PLAUSIBLE) {
        if (streak >= cfg.geometryMinFrames()) {
          f.add(
              Check.FACE_GEOMETRY,
              streak,
              cfg.geometryMinFrames(),
              seg.get(start).frame(),
              seg.get(Math.min(i, seg.size()) - 1).frame(),
              id,
              String.format(
                  "face %d: eyes found where a face cannot have them in %d checks", id, streak));
        }
        streak = 0;
      }
    }
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
  }
}
