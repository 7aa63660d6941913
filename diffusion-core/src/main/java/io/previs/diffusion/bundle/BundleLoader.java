package io.previs.diffusion.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads and validates a model bundle directory. Whether the files are the tiny generated ones or a
 * 28 GB exported Wan expert with external data makes no difference here: only manifests and graph
 * signatures are read; weights are opened later, by ONNX Runtime, memory-mapped.
 */
public final class BundleLoader {

  public static final String MANIFEST = "manifest.json";

  static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private BundleLoader() {}

  /**
   * Validates the bundle in {@code directory}.
   *
   * @throws BundleValidationException listing every problem, each naming its file and field
   */
  public static ModelBundle load(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    List<String> problems = new ArrayList<>();
    BundleManifest manifest = readManifest(dir, problems);
    if (manifest == null) {
      throw new BundleValidationException(dir, problems);
    }
    ModelBundle bundle = new ManifestValidator(dir, problems).validate(manifest);
    if (bundle == null) {
      throw new BundleValidationException(dir, problems);
    }
    new OnnxContractChecker(dir, problems).check(bundle);
    if (!problems.isEmpty()) {
      throw new BundleValidationException(dir, problems);
    }
    return bundle;
  }

  /** Reads manifest.json without validating it (tools that rewrite manifests use this). */
  public static BundleManifest readManifest(Path dir) {
    List<String> problems = new ArrayList<>();
    BundleManifest m = readManifest(dir, problems);
    if (m == null) {
      throw new BundleValidationException(dir, problems);
    }
    return m;
  }

  public static void writeManifest(Path dir, BundleManifest manifest) {
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(MANIFEST).toFile(), manifest);
  }

  private static BundleManifest readManifest(Path dir, List<String> problems) {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isDirectory(dir)) {
      problems.add(dir + ": bundle directory does not exist");
      return null;
    }
    if (!Files.isRegularFile(file)) {
      problems.add(MANIFEST + ": not found in " + dir);
      return null;
    }
    try {
      BundleManifest m = JSON.readValue(file.toFile(), BundleManifest.class);
      if (m == null) {
        problems.add(MANIFEST + ": is empty");
      }
      return m;
    } catch (DatabindException e) {
      problems.add(MANIFEST + ": " + path(e) + ": " + e.getOriginalMessage() + location(e));
    } catch (JacksonException e) {
      problems.add(MANIFEST + ": invalid JSON: " + e.getOriginalMessage() + location(e));
    }
    return null;
  }

  private static String path(DatabindException e) {
    StringBuilder sb = new StringBuilder();
    for (JacksonException.Reference r : e.getPath()) {
      if (r.getPropertyName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "(root)" : sb.toString();
  }

  private static String location(JacksonException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
