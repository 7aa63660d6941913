package io.previs.media.animatic;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Fps;
import java.util.ArrayList;
import java.util.List;

/**
 * The editorial burn-in: title top left, clip label bottom left, record timecode bottom right,
 * white on translucent dark boxes so they read over any picture. Sizes follow the frame height
 * (about 4 %, never under {@value #MIN_FONT_PX} px), so the text is as legible on a 320x192 proxy
 * as on 1280x720. Text too long for its box is cut with "..." rather than running into the
 * timecode.
 */
final class BurnIn implements AutoCloseable {

  static final int MIN_FONT_PX = 11;

  /** Out of 256: how much of the picture a box takes away (150 leaves about 40 %). */
  static final int BOX_DARKEN = 150;

  /** Widest timecode, so the box does not change width from frame to frame. */
  private static final String WIDEST_TIMECODE = "88:88:88:88";

  private final BgrFrame canvas;
  private final Fps fps;
  private final TextPainter text;
  private final int pad;
  private final int margin;
  private final int boxHeight;
  private final int timecodeBoxWidth;
  private final String title;
  private String label;
  private String fittedLabel;

  BurnIn(BgrFrame canvas, Fps fps, String title, TextPainter text) {
    this.canvas = canvas;
    this.fps = fps;
    this.text = text;
    int px = fontPx(canvas.width(), canvas.height());
    this.pad = Math.max(2, (int) Math.round(px * 0.3));
    this.margin = Math.max(4, (int) Math.round(px * 0.6));
    this.boxHeight = text.ascent() + text.descent() + 2 * pad;
    this.timecodeBoxWidth = text.width(WIDEST_TIMECODE) + 2 * pad;
    this.title = title == null ? null : fit(title, canvas.width() - 2 * margin - 2 * pad);
  }

  /** Java2D when it has a font, else the Hershey fallback. */
  static BurnIn on(BgrFrame canvas, Fps fps, String title) {
    int px = fontPx(canvas.width(), canvas.height());
    TextPainter p =
        Java2dText.available() ? new Java2dText(canvas, px) : new HersheyText(canvas, px);
    return new BurnIn(canvas, fps, title, p);
  }

  /**
   * Font size in pixels: 1/25 of the height, or 1/28 of the width where that is less (frames near
   * square or taller), so that label and timecode still share the bottom line.
   */
  static int fontPx(int width, int height) {
    return Math.max(MIN_FONT_PX, (int) Math.round(Math.min(height / 25.0, width / 28.0)));
  }

  /** Draws the overlay for animatic frame {@code frame} of the clip labelled {@code clipLabel}. */
  void draw(String clipLabel, long frame) {
    int w = canvas.width();
    int bottom = canvas.height() - margin - boxHeight;
    int tcX = w - margin - timecodeBoxWidth;
    if (!clipLabel.equals(label)) {
      label = clipLabel;
      fittedLabel = fit(clipLabel, tcX - 2 * margin - 2 * pad);
    }
    List<TextPainter.Run> runs = new ArrayList<>(3);
    if (title != null && !title.isEmpty()) {
      runs.add(box(title, margin, margin));
    }
    if (!fittedLabel.isEmpty()) {
      runs.add(box(fittedLabel, margin, bottom));
    }
    String tc = Timecode.record(frame, fps);
    darken(tcX, bottom, timecodeBoxWidth, boxHeight);
    // Right-aligned in its box, so the digits stay put as they change.
    runs.add(
        new TextPainter.Run(
            tc, tcX + timecodeBoxWidth - pad - text.width(tc), bottom + pad + text.ascent()));
    text.draw(runs);
  }

  private TextPainter.Run box(String s, int x, int y) {
    darken(x, y, text.width(s) + 2 * pad, boxHeight);
    return new TextPainter.Run(s, x + pad, y + pad + text.ascent());
  }

  private void darken(int x0, int y0, int w, int h) {
    int x1 = Math.min(canvas.width(), x0 + w);
    int y1 = Math.min(canvas.height(), y0 + h);
    x0 = Math.max(0, x0);
    y0 = Math.max(0, y0);
    byte[] d = canvas.data();
    int keep = 256 - BOX_DARKEN;
    for (int y = y0; y < y1; y++) {
      int end = (y * canvas.width() + x1) * 3;
      for (int i = (y * canvas.width() + x0) * 3; i < end; i++) {
        d[i] = (byte) (((d[i] & 0xff) * keep) >> 8);
      }
    }
  }

  /** {@code s} as it fits in {@code max} pixels: whole, cut with "...", or empty. */
  String fit(String s, int max) {
    String clean = s.replaceAll("\\p{Cntrl}", " ").strip();
    if (text.width(clean) <= max) {
      return clean;
    }
    for (int n = clean.length() - 1; n > 0; n--) {
      if (Character.isLowSurrogate(clean.charAt(n))) {
        continue; // never split a surrogate pair
      }
      String cut = clean.substring(0, n).stripTrailing() + "...";
      if (text.width(cut) <= max) {
        return cut;
      }
    }
    return "";
  }

  @Override
  public void close() {
    text.close();
  }
}
