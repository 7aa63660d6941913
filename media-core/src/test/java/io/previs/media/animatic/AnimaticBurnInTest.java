package io.previs.media.animatic;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Fps;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The overlay drawn on an in-memory canvas, before any codec: exact pixels. */
class AnimaticBurnInTest {

  static final String LABEL = "sq010_sh020  v002  take 3";

  @Test
  void java2dDrawsIntoTheFramesOwnBytesHeadless() {
    assertThat(Java2dText.available()).as("fonts on this machine").isTrue();
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    BgrFrame f = new BgrFrame(4, 2);
    BufferedImage view = Java2dText.view(f);
    assertThat(view.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);

    f.setRgb(3, 1, 10, 20, 30);
    assertThat(view.getRGB(3, 1) & 0xffffff).isEqualTo(0x0a141e);
    view.setRGB(0, 0, 0xc81e64);
    assertThat(new int[] {f.red(0, 0), f.green(0, 0), f.blue(0, 0)}).containsExactly(200, 30, 100);
  }

  @Test
  void textSizeFollowsTheFrameHeight() {
    int small = textHeight(320, 192, true);
    int large = textHeight(1280, 720, true);
    assertThat(small).isBetween(8, 16);
    assertThat(large).isBetween(20, 40);
    assertThat((double) large / small).isBetween(2.0, 4.5);
    assertThat(BurnIn.fontPx(320, 192)).isEqualTo(BurnIn.MIN_FONT_PX);
    assertThat(BurnIn.fontPx(1280, 720)).isEqualTo(29);
  }

  @Test
  void onlyTheCornersChangeWithJava2dAndWithTheHersheyFallback() {
    for (boolean java2d : new boolean[] {true, false}) {
      BgrFrame before = grey(320, 192);
      BgrFrame canvas = before.copy();
      try (BurnIn b = burnIn(canvas, java2d, "SQ010 chase")) {
        b.draw(LABEL, 26);
      }
      assertThat(Takes.diff(canvas, before, 80, 40, 160, 100))
          .as("centre, java2d=%s", java2d)
          .isZero();
      assertThat(bright(canvas, 0, 150, 160, 42)).as("label, java2d=%s", java2d).isGreaterThan(40);
      assertThat(bright(canvas, 220, 150, 100, 42))
          .as("timecode, java2d=%s", java2d)
          .isGreaterThan(40);
      assertThat(bright(canvas, 0, 0, 160, 40)).as("title, java2d=%s", java2d).isGreaterThan(20);
      // the box darkens what is under it: grey 128 to about 53
      assertThat(canvas.green(8, 180)).isLessThan(128);
    }
  }

  @Test
  void aLabelTooLongForItsBoxIsCutAndStopsBeforeTheTimecode() {
    BgrFrame canvas = grey(320, 192);
    try (BurnIn b = burnIn(canvas, true, null)) {
      String cut = b.fit(LABEL + " with a note that goes on and on", 150);
      assertThat(cut).endsWith("...").startsWith("sq010");
      assertThat(b.fit(LABEL, 1000)).isEqualTo(LABEL);
      assertThat(b.fit("tab\there", 1000)).isEqualTo("tab here");
      assertThat(b.fit(LABEL, 3)).isEmpty();

      b.draw(LABEL.repeat(4), 0);
    }
    // Between the cut label and the timecode box some picture shows, undarkened.
    int gap = 0;
    for (int x = 150; x < 240; x++) {
      if (canvas.green(x, 180) == 128) {
        gap++;
      }
    }
    assertThat(gap).isGreaterThan(0);
  }

  private static BurnIn burnIn(BgrFrame canvas, boolean java2d, String title) {
    int px = BurnIn.fontPx(canvas.width(), canvas.height());
    TextPainter p = java2d ? new Java2dText(canvas, px) : new HersheyText(canvas, px);
    return new BurnIn(canvas, Fps.of(16), title, p);
  }

  private static BgrFrame grey(int w, int h) {
    BgrFrame f = new BgrFrame(w, h);
    Arrays.fill(f.data(), (byte) 128);
    return f;
  }

  /** Rows of the bottom band that hold text (near-white) pixels. */
  private static int textHeight(int w, int h, boolean java2d) {
    BgrFrame canvas = grey(w, h);
    try (BurnIn b = burnIn(canvas, java2d, null)) {
      b.draw("Hg 01:00:00:00", 0);
    }
    int top = -1;
    int bottom = -1;
    for (int y = h / 2; y < h; y++) {
      for (int x = 0; x < w / 2; x++) {
        if (canvas.green(x, y) > 200) {
          top = top < 0 ? y : top;
          bottom = y;
          break;
        }
      }
    }
    return bottom - top + 1;
  }

  private static int bright(BgrFrame f, int x0, int y0, int w, int h) {
    int n = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        if (f.red(x, y) > 200 && f.green(x, y) > 200 && f.blue(x, y) > 200) {
          n++;
        }
      }
    }
    return n;
  }
}
