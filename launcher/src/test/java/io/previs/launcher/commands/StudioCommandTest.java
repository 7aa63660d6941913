package io.previs.launcher.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad arguments are refused by name before anything reaches Kafka. */
class StudioCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final StudioCommand command =
      new StudioCommand(new PrintStream(out, true, StandardCharsets.UTF_8));

  @Test
  void withoutAStudioItPrintsItsUsage() {
    assertThat(command.run(List.of("add"))).isEqualTo(64);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("./previs studio add STUDIO", "PREVIS_ADMIN_SASL_JAAS_CONFIG");
  }

  @Test
  void partitionsAndReplicationMustBeInRange() {
    assertThatThrownBy(() -> command.run(List.of("add", "acme", "--partitions", "0")))
        .hasMessage("--partitions: '0' must be a whole number from 1 to 1000");
    assertThatThrownBy(() -> command.run(List.of("add", "acme", "--replication", "three")))
        .hasMessage("--replication: 'three' must be a whole number from 1 to 7");
  }

  @Test
  void aStudioNameThatCannotBeATopicIsRefused() {
    assertThatThrownBy(() -> command.run(List.of("add", "Acme Films")))
        .hasMessageContaining("studio: 'Acme Films' must match");
  }
}
