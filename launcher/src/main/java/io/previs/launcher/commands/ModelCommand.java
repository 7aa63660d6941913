package io.previs.launcher.commands;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.previs.diffusion.bundle.BundleLoader;
import io.previs.diffusion.bundle.BundleValidationException;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.launcher.platform.ModelInstaller;
import io.previs.modeltools.diffusion.OracleBundle;
import io.previs.modeltools.diffusion.TinyDitBundle;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code ./previs model check DIR} and {@code ./previs model generate oracle|tiny-dit DIR}. */
public final class ModelCommand {

  private final PrintStream out;
  private final PrintStream err;

  public ModelCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public int run(List<String> args) {
    if (args.size() >= 2 && args.get(0).equals("check")) {
      try {
        describe(BundleLoader.load(Path.of(args.get(1))));
        return 0;
      } catch (BundleValidationException e) {
        err.println(e.getMessage());
        return 1;
      }
    }
    if (args.size() >= 3 && args.get(0).equals("generate")) {
      ModelBundle b =
          switch (args.get(1)) {
            case "oracle" ->
                OracleBundle.generate(Path.of(args.get(2)), OracleBundle.Params.defaults());
            case "tiny-dit" ->
                TinyDitBundle.generate(Path.of(args.get(2)), TinyDitBundle.Params.defaults());
            default ->
                throw new IllegalArgumentException(
                    "model generate: '" + args.get(1) + "' is not oracle or tiny-dit");
          };
      describe(b);
      return 0;
    }
    if (args.size() >= 2 && args.get(0).equals("upload")) {
      return upload(Path.of(args.get(1)));
    }
    throw new IllegalArgumentException(
        "usage: model check DIR | model generate oracle|tiny-dit DIR | model upload DIR");
  }

  /**
   * Validates a bundle and uploads it to models/&lt;id&gt;/ of the bucket named by PREVIS_STORAGE_*
   * (endpoint, access key, secret key, bucket), as services would read it.
   */
  private int upload(Path dir) {
    ModelBundle bundle;
    try {
      bundle = BundleLoader.load(dir);
    } catch (BundleValidationException e) {
      err.println(e.getMessage());
      return 1;
    }
    String endpoint = env("PREVIS_STORAGE_ENDPOINT", null);
    String bucket = env("PREVIS_STORAGE_BUCKET", "previs");
    MinioClient client =
        MinioClient.builder()
            .endpoint(endpoint)
            .credentials(
                env("PREVIS_STORAGE_ACCESS_KEY", null), env("PREVIS_STORAGE_SECRET_KEY", null))
            .build();
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
    } catch (Exception e) {
      err.println("cannot reach s3 bucket " + bucket + " at " + endpoint + ": " + e.getMessage());
      return 2;
    }
    int n = ModelInstaller.upload(client, bucket, bundle);
    out.printf(
        "uploaded %s to s3://%s/models/%s/ (%d files changed)%n",
        bundle.id(), bucket, bundle.id(), n);
    return 0;
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      if (dflt == null) {
        throw new IllegalArgumentException("model upload needs " + name + " in the environment");
      }
      return dflt;
    }
    return v;
  }

  private void describe(ModelBundle b) {
    out.printf("%s %s: valid%n", b.id(), b.version());
    out.printf(
        "  experts     %s (boundary %s)%n",
        b.denoiser().experts().stream().map(e -> e.name() + " g=" + e.guidanceScale()).toList(),
        b.denoiser().boundary());
    out.printf(
        "  latent      %d channels, %s, patch %dx%dx%d%n",
        b.denoiser().latentChannels(),
        b.denoiser().dtype(),
        b.denoiser().patchT(),
        b.denoiser().patchH(),
        b.denoiser().patchW());
    out.printf(
        "  vae         strides %d (time) × %d (space)%n",
        b.vae().temporalStride(), b.vae().spatialStride());
    out.printf(
        "  scheduler   %s, %d steps, shift %s%n",
        b.scheduler().solver(), b.scheduler().steps(), b.scheduler().shift());
    out.printf(
        "  video       %s, %d..%d frames at %d fps%n",
        b.video().sizes(), b.video().minFrames(), b.video().maxFrames(), b.video().fps());
  }
}
