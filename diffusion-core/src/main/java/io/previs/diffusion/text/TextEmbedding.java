package io.previs.diffusion.text;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A text encoder's output for one prompt: context [1, tokens, dim] in float32, plus whether the
 * prompt was cut to the tokenizer's maximum length. The byte form is what the encoder service
 * stores in object storage and the worker reads back ("PVEM" v1, little-endian floats).
 */
public record TextEmbedding(float[] values, int tokens, int dim, boolean truncated) {

  private static final int MAGIC = 0x5056454D; // "PVEM"
  private static final int VERSION = 1;

  public TextEmbedding {
    if (tokens < 1 || dim < 1 || values.length != (long) tokens * dim) {
      throw new IllegalArgumentException(
          "embedding of " + values.length + " values is not " + tokens + " tokens × " + dim);
    }
  }

  public long[] shape() {
    return new long[] {1, tokens, dim};
  }

  /** SHA-256 of shape and values: identifies the conditioning a checkpoint was taken under. */
  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(toBytes());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + values.length * 4);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(tokens);
      out.writeInt(dim);
      out.writeBoolean(truncated);
      ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(values);
      out.write(buf.array());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TextEmbedding fromBytes(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a Previs embedding (bad magic)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException("unsupported embedding version " + version);
      }
      int tokens = in.readInt();
      int dim = in.readInt();
      boolean truncated = in.readBoolean();
      long count = (long) tokens * dim;
      if (tokens < 1 || dim < 1 || count * 4 != in.available()) {
        throw new IllegalArgumentException("corrupt embedding: " + tokens + "×" + dim);
      }
      byte[] raw = in.readAllBytes();
      float[] values = new float[(int) count];
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      return new TextEmbedding(values, tokens, dim, truncated);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
