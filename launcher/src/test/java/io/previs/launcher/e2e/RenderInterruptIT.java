package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C on {@code ./previs render} mid-render: the whole embedded stack stops in order (the worker
 * checkpoints its shard at a step boundary before its model sessions close) and the command exits
 * with the shell's status for SIGINT, without a native crash.
 */
class RenderInterruptIT {

  /** A progress line short of 100 %: the render is between its first and last step. */
  private static final java.util.regex.Pattern DENOISING =
      java.util.regex.Pattern.compile("Denoise: [1-9][0-9]?% ");

  @Test
  void ctrlCMidRenderStopsTheStackCleanly() throws Exception {
    Path tmp = Files.createDirectories(Path.of("target", "interrupt-" + UUID.randomUUID()));
    Path args =
        Files.writeString(
            tmp.resolve("cli.args"), "-cp \"" + System.getProperty("java.class.path") + "\"\n");
    Process cli =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    "-Xmx3g",
                    "-XX:ErrorFile=" + tmp.toAbsolutePath().resolve("hs_err_pid%p.log"),
                    "@" + args.toAbsolutePath(),
                    "io.previs.launcher.PrevisCli",
                    "render",
                    "a knight rides through fog at dawn",
                    "--seconds",
                    "5",
                    "--data-dir",
                    tmp.resolve("data").toAbsolutePath().toString(),
                    "--out",
                    tmp.resolve("out").toAbsolutePath().toString()))
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("cli.out").toFile())
            .start();
    try {
      // given: the render is under way
      await()
          .atMost(Duration.ofSeconds(240))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> DENOISING.matcher(output(tmp)).find() || !cli.isAlive());
      assertThat(cli.isAlive()).as(output(tmp)).isTrue();

      // when: Ctrl-C
      new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();

      // then: it stops the stack and exits 130, with no native crash
      assertThat(cli.waitFor(90, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(cli.exitValue()).as(output(tmp)).isEqualTo(130);
      assertThat(output(tmp))
          .contains("previs: interrupted; stopping the stack")
          .doesNotContain("SIGSEGV")
          .doesNotContain("completed.");
      try (Stream<Path> files = Files.list(tmp)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith("hs_err"));
      }
      assertThat(Files.readString(tmp.resolve("data/logs/previs.log")))
          .contains("checkpoint stored, handing the shard back");
    } finally {
      cli.destroyForcibly();
    }
  }

  private static String output(Path tmp) throws Exception {
    Path f = tmp.resolve("cli.out");
    return Files.exists(f) ? Files.readString(f) : "";
  }
}
