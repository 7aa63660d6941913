package io.previs.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.diffusion.TestBundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same seed gives the same latent, bit for bit, in a separate JVM. */
class DeterminismIT {

  @Test
  void twoSeparateJvmsProduceBitIdenticalSamples() throws Exception {
    Path bundle = TestBundles.oracle().directory();
    String inProcess = DeterminismMain.digest(TestBundles.oracle());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp",
                    System.getProperty("java.class.path"),
                    DeterminismMain.class.getName(),
                    bundle.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SHA256=" + inProcess);
  }
}
