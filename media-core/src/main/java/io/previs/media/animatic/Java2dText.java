package io.previs.media.animatic;

import io.previs.media.frames.BgrFrame;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anti-aliased text through Java2D, drawn straight into the canvas bytes: a {@link
 * BufferedImage#TYPE_3BYTE_BGR} image stores B, G, R per pixel at rising addresses with no row
 * padding, which is exactly {@link BgrFrame}'s layout, so the image is a view of the frame's array
 * and nothing is copied.
 *
 * <p>The logical {@link Font#SANS_SERIF} font resolves through fontconfig to whatever the image has
 * (DejaVu Sans on Debian). Headless mode is switched on when the JVM was not told either way; a
 * service that initialises AWT earlier should pass {@code -Djava.awt.headless=true} itself.
 */
final class Java2dText implements TextPainter {

  private static final Logger log = LoggerFactory.getLogger(Java2dText.class);

  private static final Color TEXT = new Color(WHITE, WHITE, WHITE);

  private static final boolean AVAILABLE = probe();

  private final Graphics2D g;
  private final FontMetrics metrics;

  Java2dText(BgrFrame canvas, int px) {
    g = view(canvas).createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(font(px));
    g.setColor(TEXT);
    metrics = g.getFontMetrics();
  }

  /** Whether this JVM can draw text: false on an image with no fonts at all. */
  static boolean available() {
    return AVAILABLE;
  }

  /** A TYPE_3BYTE_BGR image over {@code frame}'s own array: drawing into it changes the frame. */
  static BufferedImage view(BgrFrame frame) {
    int w = frame.width();
    DataBufferByte buffer = new DataBufferByte(frame.data(), frame.data().length);
    WritableRaster raster =
        Raster.createInterleavedRaster(
            buffer, w, frame.height(), 3 * w, 3, new int[] {2, 1, 0}, null);
    ComponentColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            new int[] {8, 8, 8},
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_BYTE);
    return new BufferedImage(model, raster, false, null);
  }

  private static Font font(int px) {
    // With the identity transform of an image, one point is one pixel.
    return new Font(Font.SANS_SERIF, Font.BOLD, px);
  }

  private static boolean probe() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    try {
      BufferedImage tiny = new BufferedImage(32, 16, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = tiny.createGraphics();
      try {
        g.setFont(font(12));
        g.drawString("01:00", 0, 12);
        return g.getFontMetrics().stringWidth("01:00") > 0;
      } finally {
        g.dispose();
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      // No fonts (e.g. a slim image without fontconfig) fails here, not on the first frame.
      log.warn(
          "Java2D cannot draw text ({}); animatic burn-in uses OpenCV's Hershey font",
          e.toString());
      return false;
    }
  }

  @Override
  public int width(String s) {
    return metrics.stringWidth(s);
  }

  @Override
  public int ascent() {
    return metrics.getAscent();
  }

  @Override
  public int descent() {
    return metrics.getDescent();
  }

  @Override
  public void draw(List<Run> runs) {
    for (Run r : runs) {
      g.drawString(r.text(), r.x(), r.baseline());
    }
  }

  @Override
  public void close() {
    g.dispose();
  }
}
