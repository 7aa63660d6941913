package io.previs.qccore;

import io.previs.qccore.face.FaceAnalyzer;
import io.previs.qccore.similarity.SimilarityAnalyzer.SimilaritySeries;
import io.previs.qccore.stats.Robust;
import java.util.function.IntPredicate;

/**
 * Tells a cut from a face event that changes as many pixels: a large face vanishing or jumping. A
 * candidate cut is vetoed when a tracked face continues across it with its appearance intact and
 * the frame outside the heads changed no more than it usually does. Both are needed: two shots of
 * the same actor also have the face "continue", but not the background.
 */
final class CutVeto implements IntPredicate {

  /** Background difference within this factor of its clip median counts as usual... */
  private static final double USUAL_RATIO = 2;

  /** ...or within this many levels (nearly static clips have medians near zero). */
  private static final double USUAL_LEVELS = 3;

  private final FaceAnalyzer faces;
  private final SimilaritySeries sim;
  private final double typical;

  CutVeto(FaceAnalyzer faces, SimilaritySeries sim, int frames) {
    this.faces = faces;
    this.sim = sim;
    this.typical = Robust.median(sim.backgroundDiff.toArray(frames));
  }

  @Override
  public boolean test(int k) {
    if (faces == null || !faces.continuesAcross(k)) {
      return false;
    }
    return sim.backgroundDiff.get(k) <= Math.max(USUAL_RATIO * typical, typical + USUAL_LEVELS);
  }
}
