package io.previs.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Our schedule against Wan2.2's, computed independently by
 * src/test/python/wan_schedule_reference.py (numpy, the same operations as
 * FlowUniPCMultistepScheduler.set_timesteps).
 */
class FlowScheduleTest {

  static List<JsonNode> references() throws Exception {
    try (InputStream in =
        FlowScheduleTest.class.getResourceAsStream("/wan_schedule_reference.json")) {
      JsonNode root = JsonMapper.builder().build().readTree(in);
      return IntStream.range(0, root.size()).mapToObj(root::get).toList();
    }
  }

  @ParameterizedTest
  @MethodSource("references")
  void sigmasAndTimestepsEqualWansScheduleExactly(JsonNode ref) {
    int steps = ref.get("steps").asInt();
    double shift = ref.get("shift").asDouble();
    FlowSchedule s = FlowSchedule.of(steps, shift, 1000, TimestepRounding.FLOOR);

    assertThat(s.sigmas()).hasSize(steps + 1);
    for (int i = 0; i <= steps; i++) {
      assertThat(s.sigmas()[i]).as("sigma[%d]", i).isEqualTo(ref.get("sigmas").get(i).asDouble());
    }
    for (int i = 0; i < steps; i++) {
      assertThat(s.timesteps()[i])
          .as("timestep[%d]", i)
          .isEqualTo((double) ref.get("timesteps").get(i).asLong());
    }
  }

  @ParameterizedTest
  @MethodSource("references")
  void expertSwitchHappensAtTheBoundaryRulesSteps(JsonNode ref) {
    FlowSchedule s =
        FlowSchedule.of(
            ref.get("steps").asInt(), ref.get("shift").asDouble(), 1000, TimestepRounding.FLOOR);
    SamplePlan plan =
        new SamplePlan(
            new long[] {1, 16, 1, 2, 2},
            0,
            SolverKind.UNIPC,
            s,
            0.875,
            new double[] {4.0, 3.0},
            List.of("high_noise", "low_noise"));
    List<Integer> expected =
        IntStream.range(0, ref.get("highNoiseSteps").size())
            .map(i -> ref.get("highNoiseSteps").get(i).asInt())
            .boxed()
            .toList();
    List<Integer> high =
        IntStream.range(0, s.steps()).filter(i -> plan.expertAt(i) == 0).boxed().toList();
    assertThat(high).isEqualTo(expected);
    if (ref.get("steps").asInt() == 40 && ref.get("shift").asDouble() == 12.0) {
      // Wan2.2 T2V-A14B: the high-noise expert runs steps 0..25, the low-noise one 26..39.
      assertThat(high).hasSize(26).endsWith(25);
    }
  }

  @org.junit.jupiter.api.Test
  void exactRoundingFeedsTheFloat32SigmaItself() {
    FlowSchedule s = FlowSchedule.of(40, 12.0, 1000, TimestepRounding.NONE);
    for (int i = 0; i < 40; i++) {
      assertThat(s.timesteps()[i]).isEqualTo(s.sigmas()[i] * 1000);
    }
    double sigmaMax = (float) 0.999;
    assertThat(s.sigmas()[0]).isEqualTo((double) (float) (12 * sigmaMax / (1 + 11 * sigmaMax)));
  }
}
