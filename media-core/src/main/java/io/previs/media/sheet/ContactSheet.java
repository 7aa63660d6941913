package io.previs.media.sheet;

import io.previs.media.encode.ImageWriter;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Mats;
import io.previs.media.frames.ShardInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A grid with one row per variant of a shot, each row a few representative frames under a label
 * with the variant and its seed, so a director picks a variant at a glance. Labels use OpenCV's
 * built-in Hershey font: no system fonts needed, ASCII only.
 */
public final class ContactSheet {

  static final int MARGIN = 12;
  static final int GAP = 6;
  static final int LABEL = 30;
  static final int TITLE = 40;
  static final int BACKGROUND = 0x20;

  private ContactSheet() {}

  /** Samples each variant's shard and renders the sheet. */
  public static BgrFrame fromShards(List<ShardInput> variants, List<Long> seeds, SheetLayout layout)
      throws IOException {
    if (variants.size() != seeds.size()) {
      throw new IllegalArgumentException(
          variants.size() + " variants but " + seeds.size() + " seeds");
    }
    List<SheetEntry> entries = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      entries.add(
          FramePicker.sample(
              variants.get(v), v, seeds.get(v), layout.framesPerVariant(), layout.thumbWidth()));
    }
    return render(entries, layout);
  }

  public static BgrFrame render(List<SheetEntry> entries, SheetLayout layout) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a contact sheet needs at least one variant");
    }
    int tw = layout.thumbWidth();
    BgrFrame first = entries.getFirst().frames().getFirst();
    int th = Math.max(2, (int) Math.round((double) first.height() * tw / first.width()));
    int cols = entries.stream().mapToInt(e -> e.frames().size()).max().orElse(1);
    int top = layout.title() != null ? TITLE : 0;
    int width = 2 * MARGIN + cols * tw + (cols - 1) * GAP;
    int rowHeight = LABEL + th + GAP;
    int height = 2 * MARGIN + top + entries.size() * rowHeight - GAP;
    try (Scalar bg = new Scalar(BACKGROUND, BACKGROUND, BACKGROUND, 0);
        Mat sheet = new Mat(height, width, org.bytedeco.opencv.global.opencv_core.CV_8UC3, bg)) {
      if (layout.title() != null) {
        text(sheet, layout.title(), MARGIN, MARGIN + 26, 0.8);
      }
      for (int r = 0; r < entries.size(); r++) {
        SheetEntry e = entries.get(r);
        int y0 = MARGIN + top + r * rowHeight;
        text(sheet, e.label(), MARGIN, y0 + 21, 0.6);
        for (int c = 0; c < e.frames().size(); c++) {
          BgrFrame thumb = fit(e.frames().get(c), tw, th);
          int x0 = MARGIN + c * (tw + GAP);
          try (Mat t = Mats.toMat(thumb);
              Rect roi = new Rect(x0, y0 + LABEL, tw, th);
              Mat dst = new Mat(sheet, roi)) {
            t.copyTo(dst);
          }
        }
      }
      return Mats.toFrame(sheet);
    }
  }

  /** Renders and writes a JPEG (with {@code comment}) or PNG; returns the bytes written. */
  public static long write(
      List<SheetEntry> entries, SheetLayout layout, Path file, int quality, String comment)
      throws IOException {
    return ImageWriter.write(render(entries, layout), file, quality, comment);
  }

  private static BgrFrame fit(BgrFrame f, int w, int h) {
    if (f.width() == w && f.height() == h) {
      return f;
    }
    BgrFrame scaled = FramePicker.thumbnail(f, w);
    if (scaled.height() == h) {
      return scaled;
    }
    try (Mat src = Mats.toMat(f);
        Mat dst = new Mat();
        org.bytedeco.opencv.opencv_core.Size size =
            new org.bytedeco.opencv.opencv_core.Size(w, h)) {
      opencv_imgproc.resize(src, dst, size, 0, 0, opencv_imgproc.INTER_AREA);
      return Mats.toFrame(dst);
    }
  }

  private static void text(Mat m, String s, int x, int y, double scale) {
    try (Point p = new Point(x, y);
        Scalar white = new Scalar(235, 235, 235, 0)) {
      opencv_imgproc.putText(
          m,
          ascii(s),
          p,
          opencv_imgproc.FONT_HERSHEY_SIMPLEX,
          scale,
          white,
          1,
          opencv_imgproc.LINE_AA,
          false);
    }
  }

  /** Hershey fonts draw ASCII only; anything else becomes '?'. */
  static String ascii(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      b.append(c >= 32 && c < 127 ? c : '?');
    }
    String out = b.toString();
    return out.length() > 120 ? out.substring(0, 117) + "..." : out;
  }
}
