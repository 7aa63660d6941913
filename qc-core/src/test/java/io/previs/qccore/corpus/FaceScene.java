package io.previs.qccore.corpus;

import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The astronaut's head moving across a slowly panning procedural background, bobbing a little and
 * growing or shrinking slowly, as a character walking through a previs shot would.
 */
final class FaceScene implements Scene {

  private final CameraScene background;
  private final Mat head;
  private final int spriteH0;
  private final double x0;
  private final double y0;
  private final double vx;
  private final double bob;
  private final double bobPeriod;
  private final double growth;
  private final double warpStrength;
  private final double smearAngle;
  private final double jump;

  FaceScene(Mat texture, Mat head, int width, int height, int frames, long seed) {
    Random rnd = new Random(seed);
    this.background = CameraScene.pan(texture, width, height, frames, seed + 1);
    this.head = head;
    this.spriteH0 = (int) Math.round(height * (0.5 + 0.2 * rnd.nextDouble()));
    this.growth = (rnd.nextDouble() - 0.5) * 0.006;
    int spriteW = spriteH0 * head.cols() / head.rows();
    double speed = width * (0.004 + 0.008 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
    double room = width - spriteW * 1.15;
    double travel = Math.min(Math.abs(speed) * frames, room * 0.9);
    this.vx = Math.signum(speed) * travel / frames;
    double start = (room - travel) * rnd.nextDouble();
    this.x0 = vx >= 0 ? start : start + travel;
    this.y0 = (height - spriteH0) * (0.15 + 0.5 * rnd.nextDouble());
    this.bob = height * 0.01 * rnd.nextDouble();
    this.bobPeriod = 12 + rnd.nextInt(12);
    this.warpStrength = 0.07 + 0.05 * rnd.nextDouble();
    this.smearAngle = rnd.nextDouble() * Math.PI;
    this.jump = 0.5 + 0.3 * rnd.nextDouble();
  }

  @Override
  public void render(int tau, FaceEffect effect, Mat out) {
    background.render(tau, FaceEffect.NORMAL, out);
    if (effect == FaceEffect.HIDDEN) {
      return;
    }
    int h = (int) Math.round(spriteH0 * Math.exp(growth * tau));
    int w = h * head.cols() / head.rows();
    double cx = x0 + vx * tau + w / 2.0;
    if (effect == FaceEffect.JUMPED) {
      // a glitch that puts the head most of its width away, towards the side with more room
      cx += (cx < out.cols() / 2.0 ? 1 : -1) * jump * w;
    }
    double y = y0 + bob * Math.sin(2 * Math.PI * tau / bobPeriod) - (h - spriteH0) / 2.0;
    try (Mat sprite = FaceSprite.scaled(head, w, h)) {
      Mat shown = sprite;
      if (effect == FaceEffect.WARPED) {
        shown = FaceSprite.warp(sprite, warpStrength, tau * 0.37);
      } else if (effect == FaceEffect.SMEARED) {
        shown = FaceSprite.smear(sprite, 0.12 + warpStrength, smearAngle);
      }
      FaceSprite.composite(
          out, shown, FaceSprite.mask(w, h), (int) Math.round(cx - w / 2.0), (int) Math.round(y));
      if (shown != sprite) {
        shown.close();
      }
    }
  }
}
