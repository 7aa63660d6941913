package io.previs.diffusion.sampling;

import io.previs.diffusion.bundle.BundleLoader;
import io.previs.diffusion.bundle.ModelBundle;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Run in a child JVM by DeterminismIT: samples the oracle and prints the SHA-256 of the latent. */
public final class DeterminismMain {

  public static void main(String[] args) throws Exception {
    ModelBundle bundle = BundleLoader.load(Path.of(args[0]));
    System.out.println("SHA256=" + digest(bundle));
  }

  static String digest(ModelBundle bundle) throws Exception {
    try (OracleFixture oracle = new OracleFixture(bundle)) {
      SamplePlan plan = oracle.plan(SolverKind.UNIPC, 40, 12.0, 4.0, 2026);
      double[] x = oracle.sample(plan);
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(8);
      for (double d : x) {
        md.update(buf.clear().putDouble(d).flip());
      }
      return HexFormat.of().formatHex(md.digest());
    }
  }
}
