package io.previs.worker.shards;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.diffusion.bundle.BundleValidationException;
import io.previs.servicekit.kafka.NonRetryableException;
import io.previs.servicekit.storage.StorageException;
import io.previs.worker.render.ShardStoppedException;
import io.previs.worker.shards.ShardOutcomes.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardOutcomesTest {

  @Test
  void aStoredRenderIsAccepted() {
    Outcome o = ShardOutcomes.afterRender(null);
    assertThat(o.metric()).isEqualTo("rendered");
    assertThat(o.deadLetter()).isFalse();
  }

  @Test
  void aSupersededAttemptIsNeitherRetriedNorDeadLetteredNorHandedBack() {
    Outcome o =
        ShardOutcomes.afterRender(
            new io.previs.worker.render.ShardSupersededException(
                "j-s0v0", true, "another attempt committed it first"));
    assertThat(o.metric()).isEqualTo("superseded");
    assertThat(o.deadLetter()).isFalse();
    assertThat(o.handedBack()).isFalse();
    assertThat(o.reason()).contains("j-s0v0").contains("another attempt");
  }

  @Test
  void aRetryableFailureIsLeftToTheSchedulerForAnotherAttempt() {
    Outcome o =
        ShardOutcomes.afterRender(new StorageException("cannot put s3://previs/x: 503", null));
    assertThat(o.metric()).isEqualTo("retried");
    assertThat(o.deadLetter()).isFalse();
    assertThat(o.handedBack()).isFalse();
  }

  @Test
  void failuresNoRetryCanFixAreRejectedAndDeadLettered() {
    for (Throwable t :
        new Throwable[] {
          new NonRetryableException("model previs-nope is not installed"),
          new BundleValidationException(
              java.nio.file.Path.of("/models/m"), java.util.List.of("denoiser.experts is empty")),
          new IllegalArgumentException("size 999x1 is not offered")
        }) {
      Outcome o = ShardOutcomes.afterRender(t);
      assertThat(o.deadLetter()).as("%s", t).isTrue();
      assertThat(o.metric()).isEqualTo("dead_lettered");
      assertThat(o.reason()).isEqualTo(t.getMessage());
    }
  }

  @Test
  void aStoppedShardIsDoneWithForThisRecordTheSchedulerQueuesItAgain() {
    // stopped by a deploy, a pause, a cancel or a preemption: the checkpoint is stored and the
    // scheduler releases the shard again as a new record, so this one must not be redelivered
    Outcome o =
        ShardOutcomes.afterRender(
            new ShardStoppedException(
                "j-1-s0v0", 12, new io.previs.contracts.job.GpuUsage(3.5, 24, 12, "m", "default")));
    assertThat(o.handedBack()).isTrue();
    assertThat(o.deadLetter()).isFalse();
    assertThat(o.metric()).isEqualTo("handed_back");
    assertThat(o.reason()).contains("checkpoint at step 12");
    assertThat(ShardOutcomes.STOPPED_BEFORE_START.handedBack()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"1, 3", "3, 3", "2, 5"})
  void deliveriesWithinTheAttemptsAreRendered(int delivery, int max) {
    assertThat(ShardOutcomes.beforeRender(delivery, max, false)).isNull();
  }

  @Test
  void pastMaxAttemptsTheShardIsDeadLetteredNamingTheCount() {
    Outcome o = ShardOutcomes.beforeRender(4, 3, false);
    assertThat(o.deadLetter()).isTrue();
    assertThat(o.reason()).isEqualTo("gave up after 3 attempts (limit 3)");
  }

  @Test
  void aRedeliveryOfARenderedShardIsAcceptedEvenPastTheLimit() {
    Outcome o = ShardOutcomes.beforeRender(9, 3, true);
    assertThat(o.metric()).isEqualTo("already_rendered");
    assertThat(o.deadLetter()).isFalse();
  }

  @Test
  void poisonIsRejectedAndDeadLettered() {
    assertThat(ShardOutcomes.POISON.deadLetter()).isTrue();
  }
}
