package io.previs.media.sr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.modeltools.sr.SrModelGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleSrModelTest {

  @TempDir Path bundle;

  @Test
  void findsTheModelTheManifestNamesInsideTheBundle() throws Exception {
    Files.createDirectories(bundle.resolve("sr"));
    SrModelGenerator.write(bundle.resolve("sr/x2.onnx"), 2);
    Files.writeString(
        bundle.resolve("manifest.json"),
        "{\"formatVersion\":1,\"id\":\"b\",\"superResolution\":{\"file\":\"sr/x2.onnx\"}}");

    assertThat(BundleSrModel.find(bundle)).contains(bundle.resolve("sr/x2.onnx").toAbsolutePath());
  }

  @Test
  void noBlockNoModelAndEscapesAreRefused() throws Exception {
    Files.writeString(bundle.resolve("manifest.json"), "{\"formatVersion\":1}");
    assertThat(BundleSrModel.find(bundle)).isEmpty();

    Files.writeString(
        bundle.resolve("manifest.json"), "{\"superResolution\":{\"file\":\"../elsewhere.onnx\"}}");
    assertThatThrownBy(() -> BundleSrModel.find(bundle))
        .hasMessageContaining("superResolution.file '../elsewhere.onnx' must be a relative path");

    Files.writeString(
        bundle.resolve("manifest.json"), "{\"superResolution\":{\"file\":\"missing.onnx\"}}");
    assertThatThrownBy(() -> BundleSrModel.find(bundle)).hasMessageContaining("does not exist");
  }
}
