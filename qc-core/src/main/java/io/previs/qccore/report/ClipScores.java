package io.previs.qccore.report;

/**
 * Clip-level numbers for metrics and dashboards (score distributions), whatever the verdict. NaN
 * where a clip has too few frames, written as null in JSON.
 *
 * @param ssimMin lowest SSIM of any consecutive pair
 * @param ssimMedian median SSIM of consecutive pairs
 * @param histogramCorrelationMin lowest luma-histogram correlation of any pair
 * @param meanAbsDiff VBench's temporal-flickering input: mean absolute luma difference of
 *     consecutive frames, 0..255
 * @param temporalFlickering VBench's temporal flickering score, (255 − meanAbsDiff) / 255; 1 is
 *     perfectly steady
 * @param motionMedian median mean flow magnitude, % of width per frame
 * @param warpErrorMedian median motion-compensated residual, luma levels
 * @param warpErrorMax largest motion-compensated residual, luma levels
 * @param jitterMedian median change of the flow field between pairs, % of width
 * @param dynamicDegree fraction of pairs that move (VBench's dynamic degree, per pair)
 * @param faceTracks face tracks long enough to be judged
 * @param faceScoreMin lowest face-track score, 0..1; 1 when there are no faces
 */
public record ClipScores(
    double ssimMin,
    double ssimMedian,
    double histogramCorrelationMin,
    double meanAbsDiff,
    double temporalFlickering,
    double motionMedian,
    double warpErrorMedian,
    double warpErrorMax,
    double jitterMedian,
    double dynamicDegree,
    int faceTracks,
    double faceScoreMin) {}
