package io.previs.media.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CubeParserTest {

  @TempDir Path dir;

  private static final String SIZE2 =
      """
      # a 2-point cube that swaps red and blue
      TITLE "swap"
      LUT_3D_SIZE 2
      DOMAIN_MIN 0 0 0
      DOMAIN_MAX 1 1 1

      0 0 0
      0 0 1
      0 1 0
      0 1 1
      1 0 0
      1 0 1
      1 1 0
      1 1 1
      """;

  @Test
  void readsA3dLutWithTitleDomainAndComments() {
    CubeLut lut = CubeParser.parse(SIZE2, "swap.cube");

    assertThat(lut.title()).isEqualTo("swap");
    Lut3d cube = lut.lut3d().orElseThrow();
    assertThat(cube.size()).isEqualTo(2);
    double[] rgb = {0.8, 0.1, 0.3};
    cube.evaluate(rgb, Interpolation.TETRAHEDRAL);
    assertThat(rgb).containsExactly(new double[] {0.3, 0.1, 0.8}, within(1e-6));
  }

  @Test
  void readsA1dLutAndAShaperPlusCube() {
    CubeLut oneD = CubeParser.parse("LUT_1D_SIZE 3\n0 0 0\n0.25 0.5 1\n1 1 1\n", "curve.cube");
    double[] rgb = {0.25, 0.25, 0.25};
    oneD.lut1d().orElseThrow().evaluate(rgb);
    assertThat(rgb).containsExactly(new double[] {0.125, 0.25, 0.5}, within(1e-6));

    CubeLut both =
        CubeParser.parse(
            "LUT_1D_SIZE 2\nLUT_3D_SIZE 2\n0 0 0\n1 1 1\n"
                + SIZE2.lines().skip(6).reduce("", (a, b) -> a + b + "\n"),
            "resolve.cube");
    assertThat(both.lut1d()).isPresent();
    assertThat(both.lut3d()).isPresent();
  }

  @Test
  void roundTripsThroughTheWriter() throws Exception {
    Lut3d warm = Looks.lut(Look.WARM_DUSK, 9);
    Path file = dir.resolve("warm.cube");
    CubeWriter.write(warm, file);

    Lut3d back = CubeParser.read(file).lut3d().orElseThrow();

    assertThat(back.size()).isEqualTo(9);
    assertThat(back.value(4, 7, 2, 1)).isCloseTo(warm.value(4, 7, 2, 1), within(1e-6f));
  }

  @Test
  void malformedFilesNameTheLineAndTheLimit() {
    assertError("LUT_3D_SIZE 300\n", 1, "LUT_3D_SIZE 300 is out of range 2..256");
    assertError("LUT_3D_SIZE 1\n", 1, "out of range 2..256");
    assertError("LUT_3D_SIZE two\n", 1, "'two' is not an integer");
    assertError("LUT_1D_SIZE 70000\n", 1, "LUT_1D_SIZE 70000 is out of range 2..65536");
    assertError("LUT_3D_SIZE 2\n0 0 0\n0 0\n", 3, "expected 3 numbers (R G B), found 2");
    assertError("LUT_3D_SIZE 2\n0 0 0\n0 0 0 0\n", 3, "found more");
    assertError("LUT_3D_SIZE 2\n0 0 0\n0 x 0\n", 3, "'x' is not a number");
    assertError("LUT_3D_SIZE 2\n0 0 NaN\n", 2, "not a finite number");
    assertError("0 0 0\n", 1, "before any LUT_1D_SIZE or LUT_3D_SIZE");
    assertError("LUT_3D_SIZE 2\nLUT_3D_SIZE 3\n", 2, "given twice (first at line 1)");
    assertError("LUT_3D_SIZE 2\nDOMAIN_MAX 1 0 1\n0 0 0\n", 3, "DOMAIN_MAX 0.0 must be greater");
    assertError("LUT_3D_SIZE 2\nDOMAIN_MIN 0 0\n", 2, "DOMAIN_MIN takes three numbers");
    assertError(
        "LUT_3D_SIZE 2\n0 0 0\nTITLE \"late\"\n", 3, "after the table data began at line 2");
    assertError(
        "LUT_3D_SIZE 2\n" + "0 0 0\n".repeat(9), 10, "more table lines than the LUT_3D_SIZE 2");
    assertError(
        "LUT_3D_SIZE 2\n" + "0 0 0\n".repeat(7),
        0,
        "expected 8 table lines for LUT_3D_SIZE 2, found 7 (table starts at line 2)");
    assertError("# only a comment\n", 0, "no LUT_1D_SIZE or LUT_3D_SIZE");
  }

  @Test
  void errorsFromFilesCarryTheFileName() throws Exception {
    Path bad = Files.writeString(dir.resolve("show.cube"), "LUT_3D_SIZE 2\n0 0 0\n0,5 0 0\n");
    assertThatThrownBy(() -> CubeParser.read(bad))
        .isInstanceOf(CubeFormatException.class)
        .hasMessageStartingWith("show.cube:3: ");
  }

  private static void assertError(String text, int line, String message) {
    assertThatThrownBy(() -> CubeParser.parse(text, "t.cube"))
        .isInstanceOfSatisfying(
            CubeFormatException.class,
            e -> {
              assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
              assertThat(e.getMessage()).contains(message);
            });
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static org.assertj.core.data.Offset<Float> within(float d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
