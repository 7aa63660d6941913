package io.previs.media.sr;

import ai.onnxruntime.OrtException;
import io.previs.media.frames.BgrFrame;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Super-resolution with an ONNX model, tile by tile, so memory is bounded by the tile and not by
 * the frame: a 4K output never exists as a float tensor.
 *
 * <p>Model contract: one input {@code [1, 3, H, W]} float32, RGB in 0..1, H and W dynamic; one
 * output {@code [1, 3, sH, sW]} float32 RGB in 0..1 for an integer scale s (read from the model's
 * {@code previs.sr.scale} metadata, else measured on a probe tile). The model's s× result is then
 * resampled to the requested output size (area when shrinking, bicubic when enlarging).
 *
 * <p>Tiles are blended as {@link TileGrid} describes. Finished output rows are converted to 8 bits
 * as soon as no later tile row can touch them, so the float accumulator holds about one tile row.
 */
public final class OnnxUpscaler implements Upscaler {

  private final SrModel model;
  private final boolean ownsModel;
  private final int scale;
  private final TileSpec tiles;
  private final int width;
  private final int height;
  private final ArrayDeque<float[]> rowPool = new ArrayDeque<>();
  private FloatBuffer input;
  private FloatBuffer output;
  // Heap copies of the tile tensors: array loops beat per-element direct-buffer access.
  private float[] inputArray;
  private float[] outputArray;
  private int gridW = -1;
  private int gridH = -1;
  private TileGrid xs;
  private TileGrid ys;

  /** Uses an opened model, which stays open when this upscaler is closed. */
  public OnnxUpscaler(SrModel model, TileSpec tiles, int width, int height) {
    this(model, false, tiles, width, height);
  }

  /** Opens {@code modelFile} for this upscaler alone; closing the upscaler closes it. */
  public OnnxUpscaler(OrtRuntime runtime, Path modelFile, TileSpec tiles, int width, int height) {
    this(SrModel.open(runtime, modelFile), true, tiles, width, height);
  }

  private OnnxUpscaler(SrModel model, boolean owns, TileSpec tiles, int width, int height) {
    this.model = model;
    this.ownsModel = owns;
    this.scale = model.scale();
    this.tiles = tiles;
    this.width = width;
    this.height = height;
  }

  public int modelScale() {
    return scale;
  }

  @Override
  public int outputWidth() {
    return width;
  }

  @Override
  public int outputHeight() {
    return height;
  }

  @Override
  public BgrFrame upscale(BgrFrame in) {
    BgrFrame big = runModel(in);
    return new Resample(width, height).upscale(big);
  }

  /** The model's s× result for the whole frame, assembled from tiles. */
  public BgrFrame runModel(BgrFrame in) {
    if (in.width() != gridW || in.height() != gridH) {
      xs = new TileGrid(in.width(), tiles.size(), tiles.overlap(), scale);
      ys = new TileGrid(in.height(), tiles.size(), tiles.overlap(), scale);
      gridW = in.width();
      gridH = in.height();
      int tw = xs.size;
      int th = ys.size;
      input = direct(3 * tw * th);
      output = direct(3 * tw * th * scale * scale);
      inputArray = new float[3 * tw * th];
      outputArray = new float[3 * tw * th * scale * scale];
    }
    int outW = in.width() * scale;
    BgrFrame big = new BgrFrame(outW, in.height() * scale);
    TreeMap<Integer, float[]> rows = new TreeMap<>();
    try {
      for (int ty = 0; ty < ys.count(); ty++) {
        for (int tx = 0; tx < xs.count(); tx++) {
          runTile(in, tx, ty, rows, outW);
        }
        int done = ty + 1 < ys.count() ? ys.starts[ty + 1] * scale : Integer.MAX_VALUE;
        flushRowsBelow(done, rows, big);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("SR model failed on a " + in + ": " + e.getMessage(), e);
    }
    return big;
  }

  private void runTile(BgrFrame in, int tx, int ty, TreeMap<Integer, float[]> rows, int outW)
      throws OrtException {
    int x0 = xs.starts[tx];
    int y0 = ys.starts[ty];
    int tw = xs.size;
    int th = ys.size;
    fillInput(in, x0, y0, tw, th);
    int s = scale;
    int ow = tw * s;
    int oh = th * s;
    long[] inShape = {1, 3, th, tw};
    long[] outShape = {1, 3, oh, ow};
    model.run(input, inShape, output, outShape);
    float[] out = outputArray;
    output.get(0, out, 0, 3 * oh * ow);
    float[] wx = xs.weights[tx];
    float[] wy = ys.weights[ty];
    int plane = oh * ow;
    for (int y = 0; y < oh; y++) {
      float[] row = rows.computeIfAbsent(y0 * s + y, k -> borrowRow(outW));
      float wyv = wy[y];
      int base = x0 * s * 3;
      int src = y * ow;
      for (int x = 0; x < ow; x++) {
        float w = wyv * wx[x];
        int d = base + 3 * x;
        row[d] += w * out[src + x];
        row[d + 1] += w * out[plane + src + x];
        row[d + 2] += w * out[2 * plane + src + x];
      }
    }
  }

  private void fillInput(BgrFrame in, int x0, int y0, int tw, int th) {
    byte[] d = in.data();
    float[] a = inputArray;
    int plane = tw * th;
    float k = 1f / 255f;
    for (int y = 0; y < th; y++) {
      int src = 3 * ((y0 + y) * in.width() + x0);
      int dst = y * tw;
      for (int x = 0; x < tw; x++, src += 3) {
        a[dst + x] = (d[src + 2] & 0xff) * k;
        a[plane + dst + x] = (d[src + 1] & 0xff) * k;
        a[2 * plane + dst + x] = (d[src] & 0xff) * k;
      }
    }
    input.put(0, a);
  }

  /** Rows are stored R G B interleaved; the output frame is B G R. */
  private void flushRowsBelow(int limit, TreeMap<Integer, float[]> rows, BgrFrame big) {
    byte[] out = big.data();
    int w = big.width();
    while (!rows.isEmpty() && rows.firstKey() < limit) {
      Map.Entry<Integer, float[]> e = rows.pollFirstEntry();
      float[] row = e.getValue();
      int o = 3 * e.getKey() * w;
      for (int x = 0; x < w; x++) {
        out[o + 3 * x] = to8(row[3 * x + 2]);
        out[o + 3 * x + 1] = to8(row[3 * x + 1]);
        out[o + 3 * x + 2] = to8(row[3 * x]);
      }
      java.util.Arrays.fill(row, 0f);
      rowPool.push(row);
    }
  }

  private float[] borrowRow(int outW) {
    float[] r = rowPool.poll();
    return r != null && r.length == 3 * outW ? r : new float[3 * outW];
  }

  private static byte to8(float v) {
    int q = (int) (v * 255f + 0.5f);
    return (byte) (q < 0 ? 0 : (q > 255 ? 255 : q));
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  @Override
  public void close() {
    if (ownsModel) {
      model.close();
    }
  }
}
