package io.previs.diffusion.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.diffusion.TestBundles;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.diffusion.sampling.GaussianNoise;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VaeDecodeTest {

  private final ModelBundle bundle = TestBundles.oracle();
  private final OrtRuntime runtime = new OrtRuntime(ExecutionConfig.cpu(1));

  private List<byte[]> decode(double[] latent, long[] shape, int chunk, List<int[]> sizes) {
    List<byte[]> frames = new ArrayList<>();
    try (OrtVaeDecoder vae = new OrtVaeDecoder(runtime, bundle.vae(), chunk)) {
      int n =
          vae.decode(
              latent,
              shape,
              (index, w, h, rgb) -> {
                assertThat(index).isEqualTo(frames.size());
                sizes.add(new int[] {w, h});
                frames.add(rgb.clone());
              });
      assertThat(n).isEqualTo(frames.size());
    }
    return frames;
  }

  @Test
  void twentyOneLatentFramesDecodeToEightyOneFramesAtEightTimesTheSize() {
    long[] shape = {1, 16, 21, 4, 6};
    double[] latent = new double[16 * 21 * 4 * 6];
    GaussianNoise.fill(3, 0, 0, latent);
    List<int[]> sizes = new ArrayList<>();
    List<byte[]> frames = decode(latent, shape, 0, sizes);
    assertThat(frames).hasSize(81);
    assertThat(bundle.vae().framesFor(21)).isEqualTo(81);
    assertThat(sizes).allSatisfy(s -> assertThat(s).containsExactly(48, 32));
    assertThat(frames.get(0)).hasSize(48 * 32 * 3);
  }

  @Test
  void chunkedCausalDecodingEqualsDecodingAllAtOnce() {
    long[] shape = {1, 16, 9, 4, 4};
    double[] latent = new double[16 * 9 * 16];
    GaussianNoise.fill(4, 0, 0, latent);
    List<byte[]> whole = decode(latent, shape, 0, new ArrayList<>());
    for (int chunk : new int[] {1, 2, 4, 8}) {
      List<byte[]> chunked = decode(latent, shape, chunk, new ArrayList<>());
      assertThat(chunked).hasSize(33);
      for (int i = 0; i < whole.size(); i++) {
        assertThat(chunked.get(i)).as("chunk %d frame %d", chunk, i).isEqualTo(whole.get(i));
      }
    }
  }

  @Test
  void interpolatedFramesLieBetweenTheirLatentFrames() {
    // Frames 1..4 interpolate latent 0 → 1: frame 4 decodes latent 1 exactly, like frame 0 latent
    // 0.
    long[] shape = {1, 16, 2, 2, 2};
    double[] latent = new double[16 * 2 * 4];
    for (int c = 0; c < 16; c++) {
      for (int p = 0; p < 4; p++) {
        latent[(c * 2) * 4 + p] = -0.5;
        latent[(c * 2 + 1) * 4 + p] = 0.5;
      }
    }
    List<byte[]> frames = decode(latent, shape, 0, new ArrayList<>());
    assertThat(frames).hasSize(5);
    int prev = Byte.toUnsignedInt(frames.get(0)[0]);
    for (int t = 1; t < 5; t++) {
      int v = Byte.toUnsignedInt(frames.get(t)[0]);
      assertThat(v).as("red channel rises monotonically, frame %d", t).isGreaterThan(prev);
      prev = v;
    }
  }
}
