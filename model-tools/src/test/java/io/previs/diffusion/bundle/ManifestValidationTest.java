package io.previs.diffusion.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.diffusion.TestBundles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Each malformed bundle gets its own message naming the file and the field. */
class ManifestValidationTest {

  @TempDir Path tmp;

  private Path copy(Path source) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "bundle");
    try (Stream<Path> files = Files.list(source)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  private Path oracleWith(Consumer<ObjectNode> edit) throws IOException {
    Path dir = copy(TestBundles.oracle().directory());
    ObjectNode root =
        (ObjectNode) BundleLoader.JSON.readTree(dir.resolve("manifest.json").toFile());
    edit.accept(root);
    BundleLoader.JSON.writeValue(dir.resolve("manifest.json").toFile(), root);
    return dir;
  }

  private static ObjectNode obj(ObjectNode root, String field) {
    return (ObjectNode) root.get(field);
  }

  private void assertProblem(Path dir, String expected) {
    assertThatThrownBy(() -> BundleLoader.load(dir))
        .isInstanceOf(BundleValidationException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void theGeneratedBundlesAreValid() {
    assertThat(BundleLoader.load(TestBundles.oracle().directory()).id()).isEqualTo("previs-oracle");
    assertThat(BundleLoader.load(TestBundles.tinyDit().directory()).denoiser().experts())
        .hasSize(2);
  }

  @Test
  void missingManifest() throws IOException {
    Path dir = copy(TestBundles.oracle().directory());
    Files.delete(dir.resolve("manifest.json"));
    assertProblem(dir, "manifest.json: not found in " + dir);
  }

  @Test
  void malformedJson() throws IOException {
    Path dir = copy(TestBundles.oracle().directory());
    Files.writeString(dir.resolve("manifest.json"), "{\"formatVersion\": 1,");
    assertProblem(dir, "manifest.json: invalid JSON");
  }

  @Test
  void wrongFieldType() throws IOException {
    assertProblem(
        oracleWith(r -> obj(r, "scheduler").put("steps", "forty")),
        "manifest.json: scheduler.steps:");
  }

  @Test
  void newerFormatVersion() throws IOException {
    assertProblem(
        oracleWith(r -> r.put("formatVersion", 2)),
        "manifest.json: formatVersion: 2 is not supported (this Previs reads format 1)");
  }

  @Test
  void missingExpertFile() throws IOException {
    Path dir = copy(TestBundles.oracle().directory());
    Files.delete(dir.resolve("low_noise.onnx"));
    assertProblem(
        dir,
        "manifest.json: denoiser.experts[1].file: file 'low_noise.onnx' does not exist in the bundle");
  }

  @Test
  void pathOutsideTheBundle() throws IOException {
    assertProblem(
        oracleWith(r -> obj(r, "vae").put("file", "../vae_decoder.onnx")),
        "manifest.json: vae.file: '../vae_decoder.onnx' must be a path inside the bundle");
  }

  @Test
  void wrongInputName() throws IOException {
    assertProblem(
        oracleWith(r -> obj(r, "denoiser").put("latentInput", "x")),
        "high_noise.onnx: input 'x' (denoiser.latentInput) not found; the model's inputs are [latent, timestep, context, frame_offset, shot_frames]");
  }

  @Test
  void dtypeMismatch() throws IOException {
    Path dir =
        oracleWith(
            r -> {
              obj(r, "denoiser").put("dtype", "float32");
              obj(r, "denoiser").put("timestepDtype", "float32");
            });
    assertProblem(
        dir, "high_noise.onnx: input 'latent' is float64, but denoiser.dtype says float32");
  }

  @Test
  void rankMismatch() throws IOException {
    assertProblem(
        oracleWith(
            r -> {
              obj(r, "textEncoder").put("file", "vae_decoder.onnx");
              obj(r, "textEncoder").put("idsInput", "latent");
            }),
        "vae_decoder.onnx: input 'latent' has rank 5, expected 2 ([1, L])");
  }

  @Test
  void framesNotFourNPlusOne() throws IOException {
    assertProblem(
        oracleWith(r -> obj(r, "video").put("maxFrames", 80)),
        "manifest.json: video.maxFrames: 80 is not 4n+1 (vae.temporalStride 4)");
  }

  @Test
  void sizeNotAMultipleOfTheStride() throws IOException {
    assertProblem(
        oracleWith(r -> obj(r, "video").putArray("sizes").add("1000x480")),
        "manifest.json: video.sizes[0]: 1000x480: width 1000 is not a multiple of 16 (vae.spatialStride 8 × patch 2)");
  }

  @Test
  void latentChannelMismatch() throws IOException {
    assertProblem(
        oracleWith(r -> obj(r, "vae").put("latentChannels", 48)),
        "manifest.json: vae.latentChannels: 48 does not match denoiser.latentChannels 16");
  }

  @Test
  void boundaryRequiredForTwoExperts() throws IOException {
    assertProblem(
        oracleWith(r -> obj(r, "denoiser").remove("boundary")),
        "manifest.json: denoiser.boundary: is required");
  }

  @Test
  void unknownSolver() throws IOException {
    assertProblem(
        oracleWith(r -> obj(r, "scheduler").put("solver", "heun")),
        "manifest.json: scheduler.solver: 'heun' is not one of euler, unipc, dpm++");
  }

  @Test
  void stepsOutOfRange() throws IOException {
    assertProblem(
        oracleWith(r -> obj(r, "scheduler").put("steps", 0)),
        "manifest.json: scheduler.steps: must be between 1 and 1000, got 0");
  }

  @Test
  void allProblemsAreReportedTogether() throws IOException {
    Path dir =
        oracleWith(
            r -> {
              obj(r, "scheduler").put("steps", 0);
              obj(r, "video").put("fps", 0);
            });
    assertThatThrownBy(() -> BundleLoader.load(dir))
        .isInstanceOfSatisfying(
            BundleValidationException.class, e -> assertThat(e.problems()).hasSize(2))
        .hasMessageContaining("(2 problems)");
  }

  @Test
  void missingExternalDataFile() throws IOException {
    Path dir = copy(TestBundles.tinyDit().directory());
    Files.delete(dir.resolve("high_noise.onnx.data"));
    assertProblem(dir, "external data: file 'high_noise.onnx.data' is missing");
    assertProblem(dir, "high_noise.onnx: initializer '");
  }

  @Test
  void truncatedExternalDataFile() throws IOException {
    Path dir = copy(TestBundles.tinyDit().directory());
    try (RandomAccessFile f =
        new RandomAccessFile(dir.resolve("low_noise.onnx.data").toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    assertProblem(dir, "low_noise.onnx: initializer '");
    assertProblem(dir, "shorter than offset");
  }

  @Test
  void notAnOnnxFile() throws IOException {
    Path dir = copy(TestBundles.oracle().directory());
    Files.writeString(dir.resolve("vae_decoder.onnx"), "this is not protobuf");
    assertProblem(dir, "vae_decoder.onnx: cannot be read as an ONNX model");
  }
}
