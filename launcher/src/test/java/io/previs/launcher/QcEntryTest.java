package io.previs.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./previs qc} reaches the QC library's command line with its exit codes. */
class QcEntryTest {

  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return PrevisCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aStudioProfileIsAppliedToTheEffectiveConfiguration() throws Exception {
    Path profile = Files.writeString(tmp.resolve("acme.json"), "{\"flow\": {\"jitterMin\": 0.8}}");
    assertThat(run("qc", "--profile", profile.toString(), "--print-config")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"jitterMin\" : 0.8");
  }

  @Test
  void anInvalidProfileIsAUsageErrorNamingTheField() throws Exception {
    Path profile =
        Files.writeString(tmp.resolve("bad.json"), "{\"flow\": {\"reversalCosine\": 3}}");
    assertThat(run("qc", "--profile", profile.toString(), "clip.mp4")).isEqualTo(64);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("flow.reversalCosine");
  }

  @Test
  void aClipThatCannotBeReadExitsWith66() {
    assertThat(run("qc", tmp.resolve("missing.mp4").toString())).isEqualTo(66);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.mp4");
  }
}
