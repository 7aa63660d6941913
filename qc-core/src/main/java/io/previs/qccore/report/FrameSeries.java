package io.previs.qccore.report;

/**
 * Per-frame time series for dashboards. Every array has one entry per frame; pair values (SSIM,
 * flow, warp error) sit at the later frame of the pair, so entry 0 is null (NaN in Java).
 *
 * @param ssim SSIM of luma against the previous frame
 * @param histogramCorrelation luma-histogram correlation against the previous frame
 * @param meanAbsDiff mean absolute luma difference against the previous frame, 0..255
 * @param lumaMean mean luma, 0..255
 * @param flowMagnitude mean optical-flow magnitude, % of width per frame
 * @param warpError motion-compensated residual, luma levels
 * @param flowJitter change of the flow field against the previous pair's, % of width
 * @param faceCount faces seen
 */
public record FrameSeries(
    double[] ssim,
    double[] histogramCorrelation,
    double[] meanAbsDiff,
    double[] lumaMean,
    double[] flowMagnitude,
    double[] warpError,
    double[] flowJitter,
    double[] faceCount) {}
