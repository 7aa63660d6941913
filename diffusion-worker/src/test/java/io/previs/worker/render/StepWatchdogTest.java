package io.previs.worker.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StepWatchdogTest {

  final AtomicLong now = new AtomicLong();
  final List<String> said = new ArrayList<>();
  final StepWatchdog dog =
      new StepWatchdog(
          5,
          Duration.ofSeconds(10),
          Duration.ofSeconds(120),
          now::get,
          new StepWatchdog.Listener() {
            @Override
            public void stalled(StepWatchdog.Watch w, int step, Duration running, Duration exp) {
              said.add(
                  "stalled " + step + " " + running.toSeconds() + "s/" + exp.toSeconds() + "s");
            }

            @Override
            public void hung(StepWatchdog.Watch w, int step, Duration running) {
              said.add("hung " + step + " " + running.toSeconds() + "s");
            }

            @Override
            public void recovered(StepWatchdog.Watch w) {
              said.add("recovered");
            }
          });

  void advance(double seconds) {
    now.addAndGet((long) (seconds * 1e9));
    dog.check();
  }

  /** Runs steps of the given lengths, the watchdog checking every second. */
  void steps(StepWatchdog.Watch w, int from, double... seconds) {
    for (int i = 0; i < seconds.length; i++) {
      double left = seconds[i];
      while (left > 1) {
        advance(1);
        left -= 1;
      }
      advance(left);
      w.stepDone(from + i, (long) (seconds[i] * 1e9));
    }
  }

  @Test
  void aStepFarSlowerThanTheShardsOwnIsReportedOnceAndAHangBreaksLiveness() {
    StepWatchdog.Watch w = dog.watch("m", 2.0, null);
    steps(w, 0, 9, 4, 4, 4); // warm-up, then 4 s steps
    assertThat(said).isEmpty();

    // a step at 19 s: under 5 × 4 s, no stall; at 21 s it is one, said once
    advance(19);
    assertThat(said).isEmpty();
    advance(2);
    assertThat(said).containsExactly("stalled 4 21s/4s");
    advance(50);
    assertThat(said).hasSize(1);

    // past the hang timeout: liveness breaks; a later step end restores it
    advance(50);
    assertThat(said).last().isEqualTo("hung 4 121s");
    w.stepDone(4, 121_000_000_000L);
    assertThat(said).last().isEqualTo("recovered");
    w.close();
  }

  @Test
  void theStallMinimumKeepsQuickModelsFromCryingWolf() {
    StepWatchdog.Watch w = dog.watch("m", 1.0, null);
    steps(w, 0, 1, 0.1, 0.1, 0.1);
    advance(9); // 90 × the step, but under the 10 s minimum
    assertThat(said).isEmpty();
    advance(2);
    assertThat(said).singleElement().asString().startsWith("stalled 4");
  }

  @Test
  void aNewShardOfTheModelIsJudgedByEarlierShardsPerUnitBeforeItHasStepsOfItsOwn() {
    StepWatchdog.Watch first = dog.watch("m", 2.0, null);
    steps(first, 0, 3, 3, 3, 3); // 1.5 s per unit
    first.close();

    // twice the work per step: expected 6 s; its first step hangs at 31 s (> 5 × 6 s)
    StepWatchdog.Watch second = dog.watch("m", 4.0, null);
    advance(29);
    assertThat(said).isEmpty();
    advance(2);
    assertThat(said).containsExactly("stalled 0 31s/6s");

    // a model never seen has no expectation: only the hang timeout applies
    second.close();
    said.clear();
    dog.watch("other", 1.0, null);
    advance(100);
    assertThat(said).isEmpty();
    advance(21);
    assertThat(said).containsExactly("hung 0 121s");
  }

  @Test
  void decodingAfterTheLastStepIsNotWatched() {
    StepWatchdog.Watch w = dog.watch("m", 1.0, null);
    steps(w, 0, 1, 1, 1);
    w.close();
    advance(500);
    assertThat(said).isEmpty();
  }
}
