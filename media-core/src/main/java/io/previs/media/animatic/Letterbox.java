package io.previs.media.animatic;

import io.previs.media.frames.BgrFrame;
import io.previs.media.sr.Resample;
import java.util.Arrays;

/**
 * Fits one take into the animatic frame: scaled to the largest size that fits with its aspect ratio
 * kept, centred, and black bars (letterbox above and below, pillarbox at the sides) where it does
 * not reach. Pixels are taken as square: previs renders have no anamorphic takes. Never crops and
 * never stretches, so framing decisions survive the cut.
 *
 * @param x left edge of the picture in the animatic frame
 * @param y top edge
 * @param width picture width (the animatic width when there are no side bars)
 * @param height picture height
 */
record Letterbox(int x, int y, int width, int height) {

  static Letterbox fit(int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
    double scale = Math.min((double) dstWidth / srcWidth, (double) dstHeight / srcHeight);
    int w = Math.clamp(Math.round(srcWidth * scale), 1, dstWidth);
    int h = Math.clamp(Math.round(srcHeight * scale), 1, dstHeight);
    return new Letterbox((dstWidth - w) / 2, (dstHeight - h) / 2, w, h);
  }

  /** Draws {@code frame} into {@code canvas}, which must be the animatic size. */
  void draw(BgrFrame frame, Resample resample, BgrFrame canvas) {
    BgrFrame picture = resample.upscale(frame);
    byte[] dst = canvas.data();
    if (picture.sameSize(canvas)) {
      System.arraycopy(picture.data(), 0, dst, 0, dst.length);
      return;
    }
    // Bars are cleared every frame: a burn-in box may have been drawn over them.
    Arrays.fill(dst, (byte) 0);
    byte[] src = picture.data();
    int row = width * 3;
    for (int r = 0; r < height; r++) {
      System.arraycopy(src, r * row, dst, ((y + r) * canvas.width() + x) * 3, row);
    }
  }

  Resample resample() {
    return new Resample(width, height);
  }
}
