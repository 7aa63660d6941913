package io.previs.qccore.stats;

import java.util.Arrays;

/**
 * A growable list of doubles, one per frame or frame pair; NaN marks "no value" (the first frame
 * has no predecessor). About 8 bytes per frame, the only part of QC that grows with clip length.
 */
public final class DoubleSeries {

  private double[] values = new double[128];
  private int size;

  public void add(double v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  /** Sets index {@code i}, padding any gap with NaN. */
  public void set(int i, double v) {
    while (size <= i) {
      add(Double.NaN);
    }
    values[i] = v;
  }

  public double get(int i) {
    return i >= 0 && i < size ? values[i] : Double.NaN;
  }

  public int size() {
    return size;
  }

  /** A copy of length {@code n}, NaN-padded when this series is shorter. */
  public double[] toArray(int n) {
    double[] out = Arrays.copyOf(values, n);
    for (int i = size; i < n; i++) {
      out[i] = Double.NaN;
    }
    return out;
  }
}
