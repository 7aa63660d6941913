package io.previs.media.color;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.media.ReferenceTools;
import io.previs.media.TestFrames;
import io.previs.media.frames.BgrFrame;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our LUT application against Debian's {@code ffmpeg -vf lut3d}/{@code lut1d} on the same frames
 * and the same .cube files: at most 1/255 per channel. (FFmpeg truncates to 8 bits where we round,
 * so 1 is the expected worst case, not 0.)
 */
class LutVsFfmpegTest {

  private static final int W = 256;
  private static final int H = 160;

  @TempDir Path dir;

  /** Noise covers the whole cube; the gradient covers smooth ramps and the grey axis. */
  private static BgrFrame input() {
    BgrFrame noise = TestFrames.noise(W, H / 2, 7);
    BgrFrame ramp = TestFrames.gradient(W, H / 2);
    byte[] d = new byte[3 * W * H];
    System.arraycopy(noise.data(), 0, d, 0, noise.data().length);
    System.arraycopy(ramp.data(), 0, d, noise.data().length, ramp.data().length);
    return new BgrFrame(W, H, d);
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void generatedLookMatchesFfmpeg(Interpolation interp) throws Exception {
    Path cube = dir.resolve("dusk.cube");
    CubeWriter.write(Looks.lut(Look.WARM_DUSK, 33), cube);

    assertMatches3d(cube, interp);
  }

  @ParameterizedTest
  @EnumSource(
      value = Interpolation.class,
      names = {"TRILINEAR", "TETRAHEDRAL"})
  void roughRandomLutWithWideDomainMatchesFfmpeg(Interpolation interp) throws Exception {
    // A non-smooth LUT is the hard case: any indexing or weighting slip shows at full size.
    int n = 17;
    float[] t = new float[3 * n * n * n];
    Random rnd = new Random(42);
    for (int i = 0; i < t.length; i++) {
      t[i] = rnd.nextFloat();
    }
    // FFmpeg takes DOMAIN_MIN as 0 whatever the file says, so the reference case keeps it at 0.
    Domain wide = new Domain(new double[] {0, 0, 0}, new double[] {2, 1.5, 1.25});
    Path cube = dir.resolve("rough.cube");
    CubeWriter.write(new Lut3d("rough", n, wide, t), cube);

    assertMatches3d(cube, interp);
  }

  @Test
  void oneDimensionalLutMatchesFfmpeg() throws Exception {
    int n = 1024;
    float[] t = new float[3 * n];
    for (int i = 0; i < n; i++) {
      double x = i / (n - 1.0);
      t[3 * i] = (float) Math.pow(x, 0.8);
      t[3 * i + 1] = (float) (x * x);
      t[3 * i + 2] = (float) (0.5 - 0.5 * Math.cos(Math.PI * x));
    }
    Path cube = dir.resolve("curve.cube");
    CubeWriter.write(new Lut1d("curve", n, Domain.UNIT, t), cube);
    BgrFrame in = input();

    BgrFrame ours = CubeParser.read(cube).transform(Interpolation.TETRAHEDRAL).apply(in);
    byte[] ref =
        ReferenceTools.ffmpegFilterRgb(in.toRgb(), W, H, "lut1d=file=" + cube + ":interp=linear");

    int max = TestFrames.maxAbsDiff(ours, BgrFrame.fromRgb(W, H, ref));
    System.out.printf("lut1d vs ffmpeg: max |diff| = %d/255%n", max);
    assertThat(max).isLessThanOrEqualTo(1);
  }

  private void assertMatches3d(Path cube, Interpolation interp) throws Exception {
    BgrFrame in = input();
    BgrFrame ours = CubeParser.read(cube).transform(interp).apply(in);
    String filter = "lut3d=file=" + cube + ":interp=" + interp.name().toLowerCase();
    byte[] ref = ReferenceTools.ffmpegFilterRgb(in.toRgb(), W, H, filter);

    int max = TestFrames.maxAbsDiff(ours, BgrFrame.fromRgb(W, H, ref));
    System.out.printf(
        "lut3d %s %s vs ffmpeg: max |diff| = %d/255, mean %.4f%n",
        cube.getFileName(), interp, max, TestFrames.meanAbsDiff(ours, BgrFrame.fromRgb(W, H, ref)));
    assertThat(max).as("max per-channel difference to ffmpeg, in 1/255").isLessThanOrEqualTo(1);
  }
}
