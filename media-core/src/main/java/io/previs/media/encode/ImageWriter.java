package io.previs.media.encode;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Mats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Stills (poster, contact sheet) as JPEG or PNG, chosen by the file extension. A JPEG gets the
 * clip's provenance as a COM segment, which exiftool, ImageMagick and ffprobe print.
 */
public final class ImageWriter {

  /** A COM segment holds at most 65533 bytes of text. */
  static final int MAX_COMMENT = 65_533;

  private ImageWriter() {}

  /**
   * @param quality JPEG quality 1..100 (ignored for PNG)
   * @param comment text for the JPEG COM segment, or null
   */
  public static long write(BgrFrame image, Path file, int quality, String comment)
      throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean jpeg = name.endsWith(".jpg") || name.endsWith(".jpeg");
    if (!jpeg && !name.endsWith(".png")) {
      throw new IllegalArgumentException("image file must end in .jpg, .jpeg or .png: " + file);
    }
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality " + quality + " is out of range 1..100");
    }
    byte[] bytes;
    int[] params =
        jpeg
            ? new int[] {opencv_imgcodecs.IMWRITE_JPEG_QUALITY, quality}
            : new int[] {opencv_imgcodecs.IMWRITE_PNG_COMPRESSION, 3};
    try (Mat m = Mats.toMat(image);
        BytePointer buf = new BytePointer();
        IntPointer p = new IntPointer(params)) {
      if (!opencv_imgcodecs.imencode(jpeg ? ".jpg" : ".png", m, buf, p)) {
        throw new IOException(file + ": OpenCV could not encode the image");
      }
      bytes = new byte[(int) Math.max(buf.limit(), buf.capacity())];
      buf.get(bytes);
    }
    if (jpeg && comment != null && !comment.isEmpty()) {
      bytes = withComment(bytes, comment);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, bytes);
    return bytes.length;
  }

  /** Inserts a COM segment right after SOI. */
  static byte[] withComment(byte[] jpeg, String comment) {
    byte[] text = comment.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(text.length, MAX_COMMENT);
    byte[] out = new byte[jpeg.length + 4 + n];
    out[0] = jpeg[0];
    out[1] = jpeg[1];
    out[2] = (byte) 0xFF;
    out[3] = (byte) 0xFE;
    out[4] = (byte) ((n + 2) >> 8);
    out[5] = (byte) (n + 2);
    System.arraycopy(text, 0, out, 6, n);
    System.arraycopy(jpeg, 2, out, 6 + n, jpeg.length - 2);
    return out;
  }
}
