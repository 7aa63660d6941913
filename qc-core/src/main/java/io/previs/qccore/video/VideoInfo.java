package io.previs.qccore.video;

/**
 * What the container says about a clip before its first frame is decoded.
 *
 * @param fps frames per second; 0 when the container does not say
 * @param declaredFrames frame count from the container; 0 when unknown (streams, some MKVs)
 */
public record VideoInfo(int width, int height, double fps, String codec, long declaredFrames) {}
