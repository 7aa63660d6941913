package io.previs.qccore.face;

import io.previs.qccore.config.FaceConfig;
import io.previs.qccore.face.FaceObservation.State;
import io.previs.qccore.flow.CameraMotion;
import io.previs.qccore.stats.DoubleSeries;
import io.previs.qccore.video.AnalysisFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds faces in every frame and links them into tracks. A tracked face is looked for near where it
 * should be in every frame (cheap); the whole frame is scanned for new faces every {@code
 * scanInterval} frames (costly). When the cascade misses a tracked face, its appearance is searched
 * for: near the prediction (the cascade just missed it), anywhere (it jumped), or nowhere (it is
 * gone). Each observation also measures the face patch against the previous frame and against the
 * track's reference appearance, after aligning them, which is what the distortion check reads.
 */
public final class FaceAnalyzer implements AutoCloseable {

  static final int PATCH = Appearance.PATCH;

  private static final double SEARCH_MARGIN = 0.5;
  private static final double REFERENCE_RATE = 0.25;
  private static final double STEADY = 0.8;
  private static final int REANCHOR_AFTER = 6;

  /** {@link #inside} at or above this is a whole face (rounding aside). */
  static final double WHOLE = 0.999;

  /** A head is about 2.2 cascade boxes across: the box grown by this much on every side. */
  private static final double HEAD_MARGIN = 0.6;

  private final FaceConfig cfg;
  private final FaceDetector detector;
  private final int width;
  private final int height;
  private final List<FaceTrack> active = new ArrayList<>();
  private final List<FaceTrack> all = new ArrayList<>();
  private final DoubleSeries faceCount = new DoubleSeries();
  private final Appearance appearance = new Appearance();
  private final Mat patch = new Mat();
  private int nextId = 1;

  /** Compares the tracks' faces with the protected gallery; null without one. */
  private LikenessProbe likeness;

  private int lastFrame = -1;

  public FaceAnalyzer(FaceModels models, FaceConfig cfg, int width, int height) {
    this.cfg = cfg;
    this.width = width;
    this.height = height;
    this.detector = new FaceDetector(models, cfg, height);
  }

  /** Also compares every track's face with these protected faces (see {@link #likenesses()}). */
  public FaceAnalyzer withGallery(ProtectedGallery gallery) {
    likeness = gallery == null || gallery.isEmpty() ? null : new LikenessProbe(gallery);
    return this;
  }

  /** The tracks that resemble a protected person; empty without a gallery. */
  List<LikenessProbe.Likeness> likenesses() {
    return likeness == null ? List.of() : likeness.likenesses();
  }

  public void accept(AnalysisFrame f, CameraMotion cam) {
    int t = f.index();
    lastFrame = t;
    Mat gray = f.gray();
    List<Box> predictions = new ArrayList<>();
    List<Box> candidates = new ArrayList<>();
    for (FaceTrack track : active) {
      Box p = track.predict(cam);
      predictions.add(p);
      candidates.addAll(detector.scanNear(gray, p));
    }
    if (t % cfg.scanInterval() == 0) {
      candidates.addAll(detector.scan(gray));
    }
    candidates = suppress(candidates);
    boolean[] taken = new boolean[candidates.size()];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < active.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> -active.get(i).detections()));
    for (int i : order) {
      FaceTrack track = active.get(i);
      Box p = predictions.get(i);
      int best = -1;
      double bestCost = 0.75;
      for (int c = 0; c < candidates.size(); c++) {
        Box b = candidates.get(c);
        double ratio = b.size() / p.size();
        double cost = Math.hypot(b.cx() - p.cx(), b.cy() - p.cy()) / p.size();
        if (!taken[c] && ratio < 1.5 && ratio > 1 / 1.5 && cost < bestCost) {
          best = c;
          bestCost = cost;
        }
      }
      if (best >= 0) {
        taken[best] = true;
        detected(track, candidates.get(best), t, gray, cam);
      } else {
        missed(track, p, t, gray, cam);
      }
    }
    for (int c = 0; c < candidates.size(); c++) {
      Box b = candidates.get(c);
      if (!taken[c] && active.stream().noneMatch(tr -> tr.last.iou(b) > 0.3)) {
        start(b, t, gray);
      }
    }
    int seen = 0;
    for (var it = active.iterator(); it.hasNext(); ) {
      FaceTrack track = it.next();
      if (track.missingRun > cfg.maxGap()) {
        it.remove();
      } else if (track.lastFrame == t && track.observations.getLast().seen()) {
        seen++;
      }
    }
    faceCount.add(seen);
  }

  private void start(Box b, int t, Mat gray) {
    Patches.crop(gray, b, PATCH, PATCH, patch);
    FaceTrack track = new FaceTrack(nextId++, b, t, patch);
    track.detections = 1;
    track.referenceWhole = inside(b) >= WHOLE;
    track.observations.add(
        new FaceObservation(
            t,
            State.DETECTED,
            b,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            inside(b),
            geometry(gray, b, 0)));
    active.add(track);
    all.add(track);
    if (likeness != null) {
      likeness.offer(track.id, t, gray, b);
    }
  }

  private void detected(FaceTrack track, Box b, int t, Mat gray, CameraMotion cam) {
    boolean consecutive = consecutive(track, t);
    double displacement = consecutive ? displacement(track, b, cam) : Double.NaN;
    double scaleChange =
        consecutive
            ? Math.abs(Math.log(b.size() / track.last.size()) - Math.log1p(cam.zoom()))
            : Double.NaN;
    track.observeSize(b);
    Box pb = track.patchBox(b);
    if (!track.referenceWhole && inside(pb) >= WHOLE) {
      // the first whole view replaces a reference the frame edge cut
      Patches.crop(gray, pb, PATCH, PATCH, patch);
      track.reanchor(patch);
      track.referenceWhole = true;
    }
    double[] cmp = appearance.compare(track, gray, pb);
    track.detections++;
    if (likeness != null) {
      likeness.offer(track.id, t, gray, b);
    }
    observe(track, t, State.DETECTED, b, cmp, Double.NaN, displacement, scaleChange, gray);
    // a jump is not the face's velocity: folding it in would make the next frames look like jumps
    track.moveTo(b, cam, consecutive && !(displacement >= cfg.jumpDisplacement()));
    Patches.crop(gray, pb, PATCH, PATCH, patch);
    patch.copyTo(track.previousPatch);
    if (cmp[1] >= cfg.distortionSsim() && inside(pb) >= WHOLE) {
      track.learn(patch, REFERENCE_RATE);
      track.mismatchRun = 0;
      if (cmp[0] >= cfg.distortionOnsetSsim()) {
        // intact and continuous with the frame before: a view of the face worth keeping
        appearance.keepView(track, gray, pb, t);
      }
    } else if (cmp[0] >= STEADY && ++track.mismatchRun >= REANCHOR_AFTER) {
      // steady frame to frame yet unlike the reference for a while: a new shot or a new normal
      // (head turned, lighting changed), not a distortion, which was reported when it began
      track.reanchor(patch);
    }
  }

  private void missed(FaceTrack track, Box p, int t, Mat gray, CameraMotion cam) {
    boolean consecutive = consecutive(track, t);
    double[] near = appearance.align(gray, p, SEARCH_MARGIN, track.reference);
    Box b = Appearance.alignedBox(p, SEARCH_MARGIN, near);
    double[] cmp = appearance.compare(track, gray, b);
    if (present(near[2], cmp[2])) {
      double displacement = consecutive ? displacement(track, b, cam) : Double.NaN;
      observe(track, t, State.PRESENT, b, cmp, near[2], displacement, Double.NaN, gray);
      track.moveTo(b, cam, consecutive && !(displacement >= cfg.jumpDisplacement()));
      Patches.crop(gray, b, PATCH, PATCH, track.previousPatch);
      return;
    }
    double[] far = appearance.searchFrame(gray, p, track.reference);
    Box moved = Box.centered(far[0], far[1], p.w(), p.h());
    double distance = Math.hypot(moved.cx() - p.cx(), moved.cy() - p.cy()) / p.size();
    if (far[2] >= cfg.relocateSimilarity() && distance > SEARCH_MARGIN) {
      double[] at = appearance.compare(track, gray, moved);
      if (at[2] >= cfg.presentHistogram()) {
        // only a face seen in the previous frame can be said to have jumped
        observe(
            track,
            t,
            State.RELOCATED,
            moved,
            at,
            far[2],
            consecutive ? distance : Double.NaN,
            Double.NaN,
            gray);
        track.moveTo(moved, cam, false);
        track.vx = 0;
        track.vy = 0;
        Patches.crop(gray, moved, PATCH, PATCH, track.previousPatch);
        return;
      }
    }
    track.observations.add(
        new FaceObservation(
            t,
            State.MISSING,
            p,
            cmp[0],
            cmp[1],
            cmp[3],
            cmp[2],
            near[2],
            Double.NaN,
            Double.NaN,
            inside(p),
            FaceGeometry.Eyes.UNKNOWN));
    track.missingRun++;
    track.lastFrame = t;
    track.last = p;
  }

  /**
   * Where the cascade missed, is the face still there? Its appearance must correlate with the
   * track's reference and its luma histogram must match too: background texture can correlate with
   * a face template by chance, but rarely has a face's tones as well.
   */
  private boolean present(double ncc, double histogram) {
    return ncc >= cfg.presentSimilarity() && histogram >= cfg.presentHistogram();
  }

  /**
   * Fraction of the box, grown by 10 %, inside the frame. A face cut by the frame edge cannot be
   * compared with its own earlier, whole, appearance, so the checks skip it below 1.
   */
  private double inside(Box b) {
    return b.grow(0.1).insideFraction(width, height);
  }

  private void observe(
      FaceTrack track,
      int t,
      State state,
      Box b,
      double[] cmp,
      double templateScore,
      double displacement,
      double scaleChange,
      Mat gray) {
    track.observations.add(
        new FaceObservation(
            t,
            state,
            b,
            cmp[0],
            cmp[1],
            cmp[3],
            cmp[2],
            templateScore,
            displacement,
            scaleChange,
            inside(track.patchBox(b)),
            state == State.DETECTED ? geometry(gray, b, track.detections) : null));
    track.missingRun = 0;
    track.lastFrame = t;
  }

  private FaceGeometry.Eyes geometry(Mat gray, Box b, int detections) {
    if (detections % cfg.geometryInterval() != 0) {
      return FaceGeometry.Eyes.UNKNOWN;
    }
    return FaceGeometry.evaluate(detector.eyes(gray, b), cfg);
  }

  private static boolean consecutive(FaceTrack track, int t) {
    return track.lastFrame == t - 1 && track.observations.getLast().seen();
  }

  /** Movement since the last frame that camera motion and the face's velocity leave unexplained. */
  private static double displacement(FaceTrack track, Box b, CameraMotion cam) {
    Box l = track.last;
    double ux = b.cx() - l.cx() - cam.displacementX(l.cx(), l.cy());
    double uy = b.cy() - l.cy() - cam.displacementY(l.cx(), l.cy());
    return Math.hypot(ux - track.vx, uy - track.vy) / l.size();
  }

  /** Overlapping candidates (the near and full scans find the same face) collapse to one. */
  private static List<Box> suppress(List<Box> boxes) {
    List<Box> out = new ArrayList<>();
    for (Box b : boxes) {
      if (out.stream().noneMatch(o -> o.iou(b) > 0.4)) {
        out.add(b);
      }
    }
    return out;
  }

  /**
   * True when a face is followed across frame {@code k} with its appearance intact on both sides:
   * last seen shortly before k and found again soon after (each within {@code maxGap}), wherever it
   * turned up, looking like its reference. Whatever changed at k, the shot did not: a large face
   * that vanishes or jumps changes enough pixels to look like a cut, and this tells them apart.
   */
  public boolean continuesAcross(int k) {
    for (FaceTrack track : all) {
      boolean before = false;
      for (FaceObservation o : track.observations) {
        if (o.frame() < k) {
          // the last sighting before k, however long ago within the gap a track survives
          if (o.seen()) {
            before = o.frame() >= k - cfg.maxGap() && intact(o);
          }
        } else if (o.frame() > k + cfg.maxGap()) {
          break;
        } else if (before && o.seen() && intact(o)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean intact(FaceObservation o) {
    return !(o.ssimViews() < cfg.distortionSsim());
  }

  /**
   * The heads of every face seen or predicted in the latest two frames, in analysis pixels {x0, y0,
   * x1, y1}: cascade boxes grown to cover the hair and neck they leave out. The parts of the frame
   * a face event can change.
   */
  public List<int[]> latestHeads() {
    List<int[]> out = new ArrayList<>();
    for (FaceTrack track : active) {
      var obs = track.observations;
      for (int i = Math.max(0, obs.size() - 2); i < obs.size(); i++) {
        if (obs.get(i).frame() >= lastFrame - 1) {
          Box b = obs.get(i).box().grow(HEAD_MARGIN);
          out.add(
              new int[] {
                (int) Math.floor(b.x()),
                (int) Math.floor(b.y()),
                (int) Math.ceil(b.x() + b.w()),
                (int) Math.ceil(b.y() + b.h())
              });
        }
      }
    }
    return out;
  }

  public DoubleSeries faceCount() {
    return faceCount;
  }

  List<FaceTrack> tracks() {
    return all;
  }

  @Override
  public void close() {
    if (likeness != null) {
      likeness.close();
    }
    detector.close();
    appearance.close();
    patch.close();
    for (FaceTrack t : all) {
      t.close();
    }
  }
}
