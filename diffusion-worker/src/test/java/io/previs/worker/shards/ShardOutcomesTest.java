package io.previs.worker.shards;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.diffusion.bundle.BundleValidationException;
import io.previs.servicekit.kafka.NonRetryableException;
import io.previs.servicekit.storage.StorageException;
import io.previs.worker.render.ShardStoppedException;
import io.previs.worker.shards.ShardOutcomes.Outcome;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardOutcomesTest {

  @Test
  void aStoredRenderIsAccepted() {
    Outcome o = ShardOutcomes.afterRender(null);
    assertThat(o.ack()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(o.metric()).isEqualTo("rendered");
    assertThat(o.deadLetter()).isFalse();
  }

  @Test
  void aRetryableFailureIsReleasedForAnotherAttempt() {
    Outcome o =
        ShardOutcomes.afterRender(new StorageException("cannot put s3://previs/x: 503", null));
    assertThat(o.ack()).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(o.metric()).isEqualTo("released");
    assertThat(o.deadLetter()).isFalse();
    assertThat(o.gracefulRelease()).isFalse();
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
      assertThat(o.ack()).as("%s", t).isEqualTo(AcknowledgeType.REJECT);
      assertThat(o.deadLetter()).isTrue();
      assertThat(o.metric()).isEqualTo("dead_lettered");
      assertThat(o.reason()).isEqualTo(t.getMessage());
    }
  }

  @Test
  void aStoppingWorkerHandsTheShardBackWithoutSpendingAnAttempt() {
    Outcome o = ShardOutcomes.afterRender(new ShardStoppedException("j-1-s0v0", 12));
    assertThat(o.ack()).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(o.gracefulRelease()).isTrue();
    assertThat(o.metric()).isEqualTo("handed_back");
    assertThat(o.reason()).contains("checkpoint at step 12");
  }

  @ParameterizedTest
  @CsvSource({"1, 0, 3", "3, 0, 3", "5, 2, 3", "2, 5, 3"})
  void deliveriesWithinTheAttemptsAreRendered(int delivery, int graceful, int max) {
    assertThat(ShardOutcomes.beforeRender(delivery, graceful, max, false)).isNull();
  }

  @Test
  void pastMaxAttemptsTheShardIsDeadLetteredNamingTheCount() {
    Outcome o = ShardOutcomes.beforeRender(4, 0, 3, false);
    assertThat(o.ack()).isEqualTo(AcknowledgeType.REJECT);
    assertThat(o.deadLetter()).isTrue();
    assertThat(o.reason())
        .isEqualTo(
            "gave up after 3 attempts (limit 3; 0 hand-backs by stopping workers not counted)");
  }

  @Test
  void gracefulHandBacksDoNotCountButCrashesDo() {
    // two deploys handed it back, then three workers died with it
    assertThat(ShardOutcomes.beforeRender(5, 2, 3, false)).isNull();
    assertThat(ShardOutcomes.beforeRender(6, 2, 3, false).deadLetter()).isTrue();
  }

  @Test
  void aRedeliveryOfARenderedShardIsAcceptedEvenPastTheLimit() {
    Outcome o = ShardOutcomes.beforeRender(9, 0, 3, true);
    assertThat(o.ack()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(o.metric()).isEqualTo("already_rendered");
    assertThat(o.deadLetter()).isFalse();
  }

  @Test
  void poisonIsRejectedAndDeadLettered() {
    assertThat(ShardOutcomes.POISON.ack()).isEqualTo(AcknowledgeType.REJECT);
    assertThat(ShardOutcomes.POISON.deadLetter()).isTrue();
    assertThat(ShardOutcomes.NOT_STARTED.ack()).isEqualTo(AcknowledgeType.RELEASE);
  }
}
