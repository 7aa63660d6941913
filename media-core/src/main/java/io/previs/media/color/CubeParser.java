package io.previs.media.color;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads LUTs in the Adobe/IRIDAS .cube format (Cube LUT Specification 1.0): {@code TITLE}, {@code
 * LUT_1D_SIZE}, {@code LUT_3D_SIZE}, {@code DOMAIN_MIN}, {@code DOMAIN_MAX}, plus Resolve's {@code
 * LUT_1D_INPUT_RANGE}/{@code LUT_3D_INPUT_RANGE}; {@code #} comments and blank lines anywhere.
 * Unknown keywords before the table are skipped (vendors add their own); anything malformed fails
 * with the line that is wrong.
 */
public final class CubeParser {

  private final String source;
  private int lineNo;
  private String title = "";
  private int size1d;
  private int size3d;
  private int size1dLine;
  private int size3dLine;
  private double[] min = {0, 0, 0};
  private double[] max = {1, 1, 1};
  private double[] min3d;
  private double[] max3d;
  private float[] table1d;
  private float[] table3d;
  private int rows;
  private int firstDataLine;

  private CubeParser(String source) {
    this.source = source;
  }

  public static CubeLut read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new CubeParser(file.getFileName().toString()).parse(in);
    }
  }

  public static CubeLut read(Reader reader, String source) throws IOException {
    BufferedReader in =
        reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    return new CubeParser(source).parse(in);
  }

  public static CubeLut parse(String text, String source) {
    try {
      return read(new StringReader(text), source);
    } catch (IOException e) {
      throw new IllegalStateException("a string reader does not fail", e);
    }
  }

  private CubeLut parse(BufferedReader in) throws IOException {
    for (String raw; (raw = in.readLine()) != null; ) {
      lineNo++;
      String line = stripComment(raw).strip();
      if (line.isEmpty()) {
        continue;
      }
      char c = line.charAt(0);
      if (Character.isLetter(c)) {
        keyword(line);
      } else {
        data(line);
      }
    }
    return finish();
  }

  private static String stripComment(String line) {
    int hash = line.indexOf('#');
    return hash < 0 ? line : line.substring(0, hash);
  }

  private void keyword(String line) {
    String[] parts = line.split("\\s+");
    String key = parts[0].toUpperCase(Locale.ROOT);
    if (firstDataLine > 0) {
      throw error(
          key
              + " appears after the table data began at line "
              + firstDataLine
              + "; keywords must come first");
    }
    switch (key) {
      case "TITLE" -> title = title(line);
      case "LUT_1D_SIZE" -> {
        checkOnce(key, size1dLine);
        size1d = size(parts, key, Lut1d.MIN_SIZE, Lut1d.MAX_SIZE);
        size1dLine = lineNo;
      }
      case "LUT_3D_SIZE" -> {
        checkOnce(key, size3dLine);
        size3d = size(parts, key, Lut3d.MIN_SIZE, Lut3d.MAX_SIZE);
        size3dLine = lineNo;
      }
      case "DOMAIN_MIN" -> min = triple(parts, key);
      case "DOMAIN_MAX" -> max = triple(parts, key);
      case "LUT_1D_INPUT_RANGE" -> {
        double[] r = pair(parts, key);
        min = new double[] {r[0], r[0], r[0]};
        max = new double[] {r[1], r[1], r[1]};
      }
      case "LUT_3D_INPUT_RANGE" -> {
        double[] r = pair(parts, key);
        min3d = new double[] {r[0], r[0], r[0]};
        max3d = new double[] {r[1], r[1], r[1]};
      }
      default -> {
        // Unknown keyword (e.g. Resolve's LUT_IN_VIDEO_RANGE): the spec lets readers skip it.
      }
    }
  }

  private String title(String line) {
    String rest = line.substring("TITLE".length()).strip();
    if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
      return rest.substring(1, rest.length() - 1);
    }
    throw error("TITLE must be followed by a quoted string, found: " + line);
  }

  private void checkOnce(String key, int firstLine) {
    if (firstLine > 0) {
      throw error(key + " is given twice (first at line " + firstLine + ")");
    }
  }

  private int size(String[] parts, String key, int lo, int hi) {
    if (parts.length != 2) {
      throw error(key + " takes one integer, found: " + String.join(" ", parts));
    }
    int n;
    try {
      n = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw error(key + " '" + parts[1] + "' is not an integer");
    }
    if (n < lo || n > hi) {
      throw error(key + " " + n + " is out of range " + lo + ".." + hi);
    }
    return n;
  }

  private double[] triple(String[] parts, String key) {
    if (parts.length != 4) {
      throw error(key + " takes three numbers (R G B), found " + (parts.length - 1));
    }
    return new double[] {number(parts[1], key), number(parts[2], key), number(parts[3], key)};
  }

  private double[] pair(String[] parts, String key) {
    if (parts.length != 3) {
      throw error(key + " takes two numbers (min max), found " + (parts.length - 1));
    }
    return new double[] {number(parts[1], key), number(parts[2], key)};
  }

  private double number(String s, String what) {
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw error(what + ": '" + s + "' is not a number");
    }
    if (!Double.isFinite(v)) {
      throw error(what + ": '" + s + "' is not a finite number");
    }
    return v;
  }

  private void data(String line) {
    if (firstDataLine == 0) {
      firstDataLine = lineNo;
      if (size1d == 0 && size3d == 0) {
        throw error("table data before any LUT_1D_SIZE or LUT_3D_SIZE");
      }
      checkDomain(min, max, "DOMAIN");
      if (size1d > 0) {
        table1d = new float[3 * size1d];
      }
      if (size3d > 0) {
        table3d = new float[3 * size3d * size3d * size3d];
      }
    }
    int expected = size1d + size3d * size3d * size3d;
    if (rows >= expected) {
      throw error("more table lines than the " + describeSizes() + " needs (" + expected + ")");
    }
    int p0 = 0;
    int n = line.length();
    float[] target = rows < size1d ? table1d : table3d;
    int base = 3 * (rows < size1d ? rows : rows - size1d);
    int count = 0;
    while (p0 < n) {
      while (p0 < n && Character.isWhitespace(line.charAt(p0))) {
        p0++;
      }
      if (p0 == n) {
        break;
      }
      int p1 = p0;
      while (p1 < n && !Character.isWhitespace(line.charAt(p1))) {
        p1++;
      }
      if (count == 3) {
        throw error("expected 3 numbers (R G B), found more: '" + line + "'");
      }
      target[base + count++] = (float) number(line.substring(p0, p1), "table value");
      p0 = p1;
    }
    if (count != 3) {
      throw error("expected 3 numbers (R G B), found " + count + ": '" + line + "'");
    }
    rows++;
  }

  private void checkDomain(double[] lo, double[] hi, String what) {
    for (int c = 0; c < 3; c++) {
      if (!(hi[c] > lo[c])) {
        throw error(
            what
                + "_MAX "
                + hi[c]
                + " must be greater than "
                + what
                + "_MIN "
                + lo[c]
                + " on channel "
                + "RGB".charAt(c));
      }
    }
  }

  private String describeSizes() {
    if (size1d > 0 && size3d > 0) {
      return "LUT_1D_SIZE " + size1d + " + LUT_3D_SIZE " + size3d;
    }
    return size1d > 0 ? "LUT_1D_SIZE " + size1d : "LUT_3D_SIZE " + size3d;
  }

  private CubeLut finish() {
    if (firstDataLine == 0) {
      int line = lineNo;
      lineNo = 0;
      if (size1d == 0 && size3d == 0) {
        throw error("no LUT_1D_SIZE or LUT_3D_SIZE and no table data (" + line + " lines read)");
      }
      throw error("no table data after " + describeSizes());
    }
    int expected = size1d + size3d * size3d * size3d;
    if (rows != expected) {
      lineNo = 0;
      throw error(
          "expected "
              + expected
              + " table lines for "
              + describeSizes()
              + ", found "
              + rows
              + " (table starts at line "
              + firstDataLine
              + ")");
    }
    Domain domain = new Domain(min, max);
    Optional<Lut1d> lut1d =
        size1d > 0 ? Optional.of(new Lut1d(title, size1d, domain, table1d)) : Optional.empty();
    Optional<Lut3d> lut3d = Optional.empty();
    if (size3d > 0) {
      // With a shaper, the cube's input is the shaper's output: its own range or 0..1.
      Domain d3 = min3d != null ? new Domain(min3d, max3d) : (size1d > 0 ? Domain.UNIT : domain);
      lut3d = Optional.of(new Lut3d(title, size3d, d3, table3d));
    }
    return new CubeLut(title, lut1d, lut3d);
  }

  private CubeFormatException error(String message) {
    return new CubeFormatException(source, lineNo, message);
  }
}
