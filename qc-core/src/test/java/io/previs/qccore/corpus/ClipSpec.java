package io.previs.qccore.corpus;

/**
 * One corpus clip: footage, planted defect and where.
 *
 * @param start first frame of the defect (a cut's first frame from the new scene)
 * @param length frames the defect lasts
 * @param variant a defect's flavour (flicker in luma or colour; black or blank; warp or smear)
 */
record ClipSpec(
    String name,
    Content content,
    Defect defect,
    int width,
    int height,
    int frames,
    long seed,
    int start,
    int length,
    int variant) {

  /** The frame a finding's range must contain (±1) to count as locating the defect. */
  int plantedFrame() {
    return switch (defect) {
      case FREEZE, REVERSAL -> start + 1;
      default -> start;
    };
  }
}
