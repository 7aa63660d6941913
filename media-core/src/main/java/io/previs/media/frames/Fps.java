package io.previs.media.frames;

/**
 * A frame rate as an exact fraction, so that NTSC rates (24000/1001) survive into the container
 * time base instead of drifting as a double would over a long clip.
 */
public record Fps(int num, int den) {

  /**
   * Highest rate accepted anywhere in the stage; above it a value is almost surely a unit error.
   */
  public static final int MAX = 240;

  public Fps {
    if (num <= 0 || den <= 0) {
      throw new IllegalArgumentException("fps must be a positive fraction, got " + num + "/" + den);
    }
    int g = gcd(num, den);
    num /= g;
    den /= g;
    if ((double) num / den > MAX) {
      throw new IllegalArgumentException("fps " + num + "/" + den + " is above the limit " + MAX);
    }
  }

  public static Fps of(int fps) {
    return new Fps(fps, 1);
  }

  /** The nearest fraction with denominator 1 or 1001 (the rates cameras and editors use). */
  public static Fps of(double fps) {
    if (!(fps > 0) || fps > MAX) {
      throw new IllegalArgumentException("fps must be in (0, " + MAX + "], got " + fps);
    }
    long whole = Math.round(fps);
    if (Math.abs(fps - whole) < 1e-3) {
      return new Fps((int) whole, 1);
    }
    long ntsc = Math.round(fps * 1001);
    if (Math.abs(ntsc / 1001.0 - fps) < 1e-4) {
      return new Fps((int) ntsc, 1001);
    }
    return new Fps((int) Math.round(fps * 1000), 1000);
  }

  /** Parses "24", "23.976" or "24000/1001". */
  public static Fps parse(String s) {
    int slash = s.indexOf('/');
    try {
      if (slash > 0) {
        return new Fps(
            Integer.parseInt(s.substring(0, slash).trim()),
            Integer.parseInt(s.substring(slash + 1).trim()));
      }
      return of(Double.parseDouble(s.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("fps must look like 24, 23.976 or 24000/1001: " + s, e);
    }
  }

  public double value() {
    return (double) num / den;
  }

  /** Seconds covered by {@code frames} frames at this rate. */
  public double seconds(long frames) {
    return frames * (double) den / num;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  @Override
  public String toString() {
    return den == 1 ? Integer.toString(num) : num + "/" + den;
  }
}
