package io.previs.media.color;

/**
 * The input range a LUT covers per channel ({@code DOMAIN_MIN}/{@code DOMAIN_MAX} of a .cube file);
 * inputs outside it are clamped to its edge.
 */
record Domain(double[] min, double[] max) {

  public static final Domain UNIT = new Domain(new double[] {0, 0, 0}, new double[] {1, 1, 1});

  public Domain {
    if (min.length != 3 || max.length != 3) {
      throw new IllegalArgumentException("domain needs three values per bound");
    }
    for (int c = 0; c < 3; c++) {
      if (!(max[c] > min[c])) {
        throw new IllegalArgumentException(
            "domain max "
                + max[c]
                + " must exceed min "
                + min[c]
                + " on channel "
                + "RGB".charAt(c));
      }
    }
    min = min.clone();
    max = max.clone();
  }

  /** {@code v} as a fraction 0..1 of this domain on channel {@code c}, clamped. */
  public double normalise(int c, double v) {
    double t = (v - min[c]) / (max[c] - min[c]);
    return t < 0 ? 0 : (t > 1 ? 1 : t);
  }

  public boolean isUnit() {
    for (int c = 0; c < 3; c++) {
      if (min[c] != 0 || max[c] != 1) {
        return false;
      }
    }
    return true;
  }

  @Override
  public double[] min() {
    return min.clone();
  }

  @Override
  public double[] max() {
    return max.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Domain d
        && java.util.Arrays.equals(d.min, min)
        && java.util.Arrays.equals(d.max, max);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(min) + java.util.Arrays.hashCode(max);
  }

  @Override
  public String toString() {
    return java.util.Arrays.toString(min) + ".." + java.util.Arrays.toString(max);
  }
}
