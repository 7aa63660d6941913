package io.previs.media.color;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes LUTs as .cube files (so generated looks can be handed to a grading tool or FFmpeg). */
final class CubeWriter {

  private CubeWriter() {}

  public static void write(Lut3d lut, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      header(w, lut.title(), "LUT_3D_SIZE " + lut.size(), lut.domain());
      int n = lut.size();
      for (int b = 0; b < n; b++) {
        for (int g = 0; g < n; g++) {
          for (int r = 0; r < n; r++) {
            row(w, lut.value(r, g, b, 0), lut.value(r, g, b, 1), lut.value(r, g, b, 2));
          }
        }
      }
    }
  }

  public static void write(Lut1d lut, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      header(w, lut.title(), "LUT_1D_SIZE " + lut.size(), lut.domain());
      for (int i = 0; i < lut.size(); i++) {
        row(w, lut.value(i, 0), lut.value(i, 1), lut.value(i, 2));
      }
    }
  }

  /**
   * The size line goes before DOMAIN_*: the spec allows either order, but FFmpeg's reader only
   * honours DOMAIN_* lines that follow the size line and silently ignores earlier ones.
   */
  private static void header(BufferedWriter w, String title, String sizeLine, Domain d)
      throws IOException {
    if (!title.isEmpty()) {
      w.write("TITLE \"" + title.replace('"', '\'') + "\"\n");
    }
    w.write(sizeLine + "\n");
    if (!d.isUnit()) {
      double[] lo = d.min();
      double[] hi = d.max();
      w.write(String.format(Locale.ROOT, "DOMAIN_MIN %.6f %.6f %.6f%n", lo[0], lo[1], lo[2]));
      w.write(String.format(Locale.ROOT, "DOMAIN_MAX %.6f %.6f %.6f%n", hi[0], hi[1], hi[2]));
    }
  }

  private static void row(BufferedWriter w, float r, float g, float b) throws IOException {
    w.write(String.format(Locale.ROOT, "%.6f %.6f %.6f%n", r, g, b));
  }
}
