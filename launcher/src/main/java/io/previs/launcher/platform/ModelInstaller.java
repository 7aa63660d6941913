package io.previs.launcher.platform;

import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.previs.diffusion.bundle.BundleLoader;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.modeltools.diffusion.OracleBundle;
import io.previs.modeltools.diffusion.TinyDitBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes model bundles available to the services: generates the built-in ones on first use (nothing
 * is downloaded), validates each, and uploads it under {@code models/<id>/} in object storage,
 * skipping files already there at the same size.
 */
public final class ModelInstaller {

  public static final String ORACLE = "previs-oracle";
  public static final String TINY_DIT = "previs-tiny-dit";

  private ModelInstaller() {}

  /** Generates the oracle and tiny DiT bundles under {@code modelsDir} unless present. */
  public static List<ModelBundle> ensureBuiltIns(Path modelsDir) {
    List<ModelBundle> bundles = new ArrayList<>();
    Path oracle = modelsDir.resolve(ORACLE);
    bundles.add(
        current(oracle, OracleBundle.VERSION)
            ? BundleLoader.load(oracle)
            : OracleBundle.generate(oracle, OracleBundle.Params.defaults()));
    Path tiny = modelsDir.resolve(TINY_DIT);
    bundles.add(
        Files.exists(tiny.resolve(BundleLoader.MANIFEST))
            ? BundleLoader.load(tiny)
            : TinyDitBundle.generate(tiny, TinyDitBundle.Params.defaults()));
    return bundles;
  }

  /** An installed bundle written by this version of its generator (older ones are made again). */
  private static boolean current(Path dir, int version) {
    if (!Files.exists(dir.resolve(BundleLoader.MANIFEST))) {
      return false;
    }
    Object v = BundleLoader.readManifest(dir).generator().get("version");
    return v instanceof Number n && n.intValue() == version;
  }

  /** Uploads a validated bundle; returns the number of files transferred. */
  public static int upload(MinioClient client, String bucket, ModelBundle bundle) {
    String prefix = "models/" + bundle.id() + "/";
    int uploaded = 0;
    try (Stream<Path> files = Files.walk(bundle.directory())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String key = prefix + bundle.directory().relativize(f).toString().replace('\\', '/');
        if (size(client, bucket, key) == Files.size(f)) {
          continue;
        }
        client.uploadObject(
            UploadObjectArgs.builder().bucket(bucket).object(key).filename(f.toString()).build());
        uploaded++;
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read bundle " + bundle.directory() + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot upload bundle " + bundle.id() + ": " + e.getMessage(), e);
    }
    return uploaded;
  }

  private static long size(MinioClient client, String bucket, String key) {
    try {
      return client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size();
    } catch (Exception e) {
      return -1;
    }
  }
}
