package io.previs.media.sr;

/**
 * Tiling of the ONNX path, in input pixels.
 *
 * @param size tile edge fed to the model (the model sees size x size, or the whole frame if that is
 *     smaller)
 * @param overlap pixels shared by neighbouring tiles; must be below {@code size}, and 4 or more of
 *     it beyond the model's receptive radius makes the blend seamless
 */
public record TileSpec(int size, int overlap) {

  public static final int MIN_SIZE = 32;
  public static final int MAX_SIZE = 2048;

  public static final TileSpec DEFAULT = new TileSpec(256, 16);

  public TileSpec {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "sr.tileSize " + size + " is out of range " + MIN_SIZE + ".." + MAX_SIZE);
    }
    if (overlap < 0) {
      throw new IllegalArgumentException("sr.tileOverlap must be ≥ 0, got " + overlap);
    }
    if (overlap >= size) {
      throw new IllegalArgumentException(
          "sr.tileOverlap " + overlap + " must be less than sr.tileSize " + size);
    }
  }
}
