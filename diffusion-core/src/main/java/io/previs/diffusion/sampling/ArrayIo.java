package io.previs.diffusion.sampling;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bulk, bit-exact (raw IEEE bits, little-endian) double arrays for checkpoints. */
final class ArrayIo {

  private static final int CHUNK = 1 << 16;

  private ArrayIo() {}

  static void writeDoubles(DataOutput out, double[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer buf = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < values.length; start += CHUNK) {
      int n = Math.min(CHUNK, values.length - start);
      buf.clear();
      buf.asDoubleBuffer().put(values, start, n);
      out.write(buf.array(), 0, n * 8);
    }
  }

  static double[] readDoubles(DataInput in, int expectedLength) throws IOException {
    int n = in.readInt();
    if (n != expectedLength) {
      throw new IOException("array of " + n + " values where " + expectedLength + " were expected");
    }
    double[] values = new double[n];
    byte[] bytes = new byte[CHUNK * 8];
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < n; start += CHUNK) {
      int len = Math.min(CHUNK, n - start);
      in.readFully(bytes, 0, len * 8);
      buf.clear();
      buf.asDoubleBuffer().get(values, start, len);
    }
    return values;
  }
}
