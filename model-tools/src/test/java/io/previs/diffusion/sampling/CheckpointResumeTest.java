package io.previs.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.diffusion.TestBundles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckpointResumeTest {

  private static OracleFixture oracle;

  @BeforeAll
  static void open() {
    oracle = new OracleFixture(TestBundles.oracle()); // two experts, guidance 4.0 / 3.0
  }

  @AfterAll
  static void close() {
    oracle.close();
  }

  private SamplePlan plan(SolverKind kind) {
    FlowSchedule schedule = FlowSchedule.of(40, 12.0, 1000, TimestepRounding.NONE);
    return new SamplePlan(
        new long[] {1, 16, 2, 6, 8},
        99,
        kind,
        schedule,
        0.875,
        new double[] {4.0, 3.0},
        OracleFixture.names(oracle.bundle));
  }

  @ParameterizedTest
  @EnumSource(SolverKind.class)
  void resumingFromAnyStepIsBitIdentical(SolverKind kind) {
    SamplePlan plan = plan(kind);
    double[] uninterrupted = oracle.sample(plan);
    String cond = oracle.positive.fingerprint() + oracle.negative.fingerprint();
    for (int k : new int[] {0, 1, 2, 17, 25, 26, 27, 39, 40}) {
      SamplerState first = Sampler.start(plan);
      Sampler.run(first, oracle.denoiser, oracle.positive, oracle.negative, StepListener.NONE, k);
      byte[] checkpoint = first.checkpoint(cond);

      SamplerState resumed = SamplerState.restore(plan, checkpoint, cond);
      assertThat(resumed.nextStep()).isEqualTo(k);
      Sampler.run(resumed, oracle.denoiser, oracle.positive, oracle.negative, StepListener.NONE);
      assertThat(resumed.latent())
          .as("%s resumed at step %d", kind, k)
          .containsExactly(uninterrupted);
    }
  }

  @Test
  void eachStepReportsItsExpertGuidanceAndSigma() {
    SamplePlan plan = plan(SolverKind.UNIPC);
    List<StepProgress> steps = new ArrayList<>();
    SamplerState s = Sampler.start(plan);
    Sampler.run(s, oracle.denoiser, oracle.positive, oracle.negative, (p, st) -> steps.add(p));
    assertThat(steps).hasSize(40);
    for (StepProgress p : steps) {
      boolean high = p.timestep() >= 875.0;
      assertThat(p.expertName()).isEqualTo(high ? "high_noise" : "low_noise");
      assertThat(p.guidance()).isEqualTo(high ? 4.0 : 3.0);
      assertThat(p.sigma()).isEqualTo(plan.schedule().sigmas()[p.step()]);
    }
    assertThat(steps.get(0).solverOrder()).isEqualTo(1);
    assertThat(steps.get(1).solverOrder()).isEqualTo(2);
    assertThat(steps.get(39).solverOrder()).isEqualTo(1);
  }

  @Test
  void refusesACheckpointFromAnotherPlanOrConditioningOrWithFlippedBits() {
    SamplePlan plan = plan(SolverKind.UNIPC);
    SamplerState state = Sampler.start(plan);
    Sampler.run(state, oracle.denoiser, oracle.positive, oracle.negative, StepListener.NONE, 3);
    byte[] cp = state.checkpoint("cond-a");

    SamplePlan otherSeed =
        new SamplePlan(
            plan.latentShape(),
            100,
            plan.solver(),
            plan.schedule(),
            plan.boundary(),
            plan.guidance(),
            plan.expertNames());
    assertThatThrownBy(() -> SamplerState.restore(otherSeed, cp, "cond-a"))
        .hasMessageContaining("different sample plan");
    assertThatThrownBy(() -> SamplerState.restore(plan, cp, "cond-b"))
        .hasMessageContaining("different text conditioning");
    byte[] corrupt = cp.clone();
    corrupt[corrupt.length / 2] ^= 1;
    assertThatThrownBy(() -> SamplerState.restore(plan, corrupt, "cond-a"))
        .hasMessageContaining("corrupt");
    assertThatThrownBy(() -> SamplerState.restore(plan, java.util.Arrays.copyOf(cp, 100), "cond-a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void interruptionStopsBetweenStepsWithAConsistentState() {
    SamplePlan plan = plan(SolverKind.UNIPC);
    SamplerState state = Sampler.start(plan);
    assertThatThrownBy(
            () ->
                Sampler.run(
                    state,
                    oracle.denoiser,
                    oracle.positive,
                    oracle.negative,
                    (p, s) -> {
                      if (p.step() == 4) {
                        Thread.currentThread().interrupt();
                      }
                    }))
        .isInstanceOf(SamplingStoppedException.class)
        .hasMessageContaining("step 5");
    assertThat(Thread.interrupted()).isTrue();
    assertThat(state.nextStep()).isEqualTo(5);
  }

  @Test
  void aRequestedStopEndsAtAStepBoundaryAndItsCheckpointResumesBitExactly() {
    // given: an uninterrupted run
    SamplePlan plan = plan(SolverKind.UNIPC);
    SamplerState whole = Sampler.start(plan);
    Sampler.run(whole, oracle.denoiser, oracle.positive, oracle.negative, (p, s) -> {});

    // when: another run is asked to stop after step 7 (a worker told to shut down)
    SamplerState stopped = Sampler.start(plan);
    boolean[] stop = {false};
    var e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            SamplingStoppedException.class,
            () ->
                Sampler.run(
                    stopped,
                    oracle.denoiser,
                    oracle.positive,
                    oracle.negative,
                    (p, s) -> stop[0] = p.step() == 7,
                    () -> stop[0]));

    // then: it stopped with 8 steps done, and its checkpoint finishes to the same bits
    assertThat(e.nextStep()).isEqualTo(8);
    assertThat(stopped.nextStep()).isEqualTo(8);
    SamplerState resumed = SamplerState.restore(plan, stopped.checkpoint("cond-a"), "cond-a");
    Sampler.run(resumed, oracle.denoiser, oracle.positive, oracle.negative, (p, s) -> {});
    assertThat(resumed.latent()).isEqualTo(whole.latent());
  }
}
