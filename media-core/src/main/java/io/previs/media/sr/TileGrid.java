package io.previs.media.sr;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the tiles of one axis go and how much each output pixel of each tile weighs. Tiles are
 * {@code tile} input pixels long, step by {@code tile - overlap}, and the last one is moved back to
 * end at the edge, so every tile has the model's preferred size. Across each overlap the two tiles'
 * weights ramp linearly against each other after a dead margin of a quarter of the overlap, where a
 * tile's own border padding still shows; weights are normalised to sum to 1 at every position, so
 * where tiles agree the blend is exact and where they do not there is no step.
 */
final class TileGrid {

  final int[] starts;
  final int size;
  final int scale;

  /** weights[t][i]: weight of output position i of tile t, already normalised. */
  final float[][] weights;

  TileGrid(int length, int tile, int overlap, int scale) {
    this.scale = scale;
    if (length <= tile) {
      starts = new int[] {0};
      size = length;
    } else {
      List<Integer> s = new ArrayList<>();
      int step = tile - overlap;
      for (int p = 0; ; p += step) {
        if (p + tile >= length) {
          s.add(length - tile);
          break;
        }
        s.add(p);
      }
      starts = s.stream().mapToInt(Integer::intValue).toArray();
      size = tile;
    }
    weights = weights(length);
  }

  int count() {
    return starts.length;
  }

  private float[][] weights(int length) {
    int n = starts.length;
    int out = size * scale;
    double[][] w = new double[n][out];
    double[] sum = new double[length * scale];
    for (int t = 0; t < n; t++) {
      int before = t > 0 ? (starts[t - 1] + size - starts[t]) * scale : 0;
      int after = t < n - 1 ? (starts[t] + size - starts[t + 1]) * scale : 0;
      for (int i = 0; i < out; i++) {
        double v = Math.min(ramp(i, before), ramp(out - 1 - i, after));
        w[t][i] = v;
        sum[starts[t] * scale + i] += v;
      }
    }
    float[][] norm = new float[n][out];
    for (int t = 0; t < n; t++) {
      for (int i = 0; i < out; i++) {
        double s = sum[starts[t] * scale + i];
        norm[t][i] = s > 0 ? (float) (w[t][i] / s) : 0f;
      }
    }
    return norm;
  }

  /** Weight at distance {@code d} from a tile edge shared with a neighbour over {@code overlap}. */
  static double ramp(int d, int overlap) {
    if (overlap <= 0) {
      return 1;
    }
    double margin = Math.floor(overlap / 4.0);
    double span = overlap - 2 * margin;
    double v = (d + 0.5 - margin) / span;
    // Never exactly 0: a position must keep a weight even if both neighbours are in their margin.
    return Math.max(1e-6, Math.min(1, v));
  }
}
