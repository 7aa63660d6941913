package io.previs.media.sr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the SR model a model bundle names. The bundle manifest (docs/MODELS.md) ignores unknown
 * fields, so a bundle can carry an optional block without a new manifest format:
 *
 * <pre>{@code "superResolution": { "file": "sr/realesrgan-x2.onnx" }}</pre>
 *
 * The file must lie inside the bundle, as every other file a manifest names.
 */
final class BundleSrModel {

  static final String MANIFEST = "manifest.json";

  private BundleSrModel() {}

  /** The bundle's SR model, or empty when its manifest names none. */
  public static Optional<Path> find(Path bundleDir) throws IOException {
    Path manifest = bundleDir.resolve(MANIFEST);
    JsonNode root;
    try {
      root = JsonMapper.builder().build().readTree(Files.readString(manifest));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          manifest + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode sr = root.path("superResolution").path("file");
    if (sr.isMissingNode() || sr.isNull()) {
      return Optional.empty();
    }
    String name = sr.asString();
    Path dir = bundleDir.toAbsolutePath().normalize();
    Path file = dir.resolve(name).normalize();
    if (name.isBlank() || Path.of(name).isAbsolute() || !file.startsWith(dir)) {
      throw new IllegalArgumentException(
          manifest
              + ": superResolution.file '"
              + name
              + "' must be a relative path inside the"
              + " bundle");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          manifest + ": superResolution.file '" + name + "' does not exist");
    }
    return Optional.of(file);
  }
}
