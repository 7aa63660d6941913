package io.previs.onnxkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime 1.29 kills the JVM (SIGSEGV, no hs_err) when argv passes ~4 KB; the runtime refuses
 * to start ONNX Runtime in such a process and says why, instead of letting it crash.
 */
class CommandLineGuardIT {

  public static void main(String[] args) throws Exception {
    try (var rt = new OrtRuntime(ExecutionConfig.cpu())) {
      System.out.println("ORT_OK");
    } catch (IllegalStateException e) {
      System.out.println("REFUSED: " + e.getMessage());
    }
  }

  @Test
  void aLongCommandLineIsRefusedWithAnExplanationNotACrash() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path argFile = Files.createTempFile("guard", ".args");
    Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
    String padding = "x".repeat(5000);
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "--enable-native-access=ALL-UNNAMED",
                    "@" + argFile,
                    CommandLineGuardIT.class.getName(),
                    padding))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("REFUSED: this process's command line is").contains("argument file");
  }
}
