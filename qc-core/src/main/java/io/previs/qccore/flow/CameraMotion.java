package io.previs.qccore.flow;

/**
 * The similarity transform that best fits a pair's flow field, in analysis-frame pixels: what a
 * camera pan, zoom or roll would have moved each point by.
 *
 * @param dx horizontal shift of the frame centre
 * @param dy vertical shift of the frame centre
 * @param zoom relative scale change (0.01 = 1 % larger)
 * @param rotation radians
 * @param cx frame centre x
 * @param cy frame centre y
 */
public record CameraMotion(
    double dx, double dy, double zoom, double rotation, double cx, double cy) {

  public static CameraMotion none(double cx, double cy) {
    return new CameraMotion(0, 0, 0, 0, cx, cy);
  }

  public double displacementX(double x, double y) {
    return dx + zoom * (x - cx) - rotation * (y - cy);
  }

  public double displacementY(double x, double y) {
    return dy + zoom * (y - cy) + rotation * (x - cx);
  }
}
