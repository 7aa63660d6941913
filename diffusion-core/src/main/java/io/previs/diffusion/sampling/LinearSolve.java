package io.previs.diffusion.sampling;

/** Gaussian elimination with partial pivoting for the tiny (≤ 3×3) systems of multistep solvers. */
final class LinearSolve {

  private LinearSolve() {}

  /** Solves a·x = b in place; a is n×n. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
          pivot = row;
        }
      }
      if (a[pivot][col] == 0) {
        throw new ArithmeticException("singular solver system");
      }
      double[] tmpRow = a[col];
      a[col] = a[pivot];
      a[pivot] = tmpRow;
      double tmp = b[col];
      b[col] = b[pivot];
      b[pivot] = tmp;
      for (int row = col + 1; row < n; row++) {
        double f = a[row][col] / a[col][col];
        for (int k = col; k < n; k++) {
          a[row][k] -= f * a[col][k];
        }
        b[row] -= f * b[col];
      }
    }
    double[] x = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double s = b[row];
      for (int k = row + 1; k < n; k++) {
        s -= a[row][k] * x[k];
      }
      x[row] = s / a[row][row];
    }
    return x;
  }
}
