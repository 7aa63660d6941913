package io.previs.launcher.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldNoticeTest {

  @Test
  void aHeldRenderSaysWhatHeldItAndHowOpsDecideButNotWhatWasAllowed() {
    JobEvent held =
        JobEvent.of(JobEventType.POLICY_HELD, "local-sh010", "local", Instant.EPOCH)
            .withPolicy(
                new JobEvent.Policy(
                    "builtin@3f2a",
                    "review",
                    List.of(
                        new JobEvent.PolicyFinding(
                            "violence",
                            "review",
                            "shots[0].prompt",
                            12,
                            20,
                            "beheaded",
                            "behead",
                            "builtin:violence.txt:7"),
                        new JobEvent.PolicyFinding(
                            "weapons",
                            "allow",
                            "shots[0].prompt",
                            30,
                            35,
                            "sword",
                            "sword",
                            "builtin:weapons.txt:2"))));

    String notice = HoldNotice.of(held, "local-sh010", "http://localhost:8080");

    assertThat(notice)
        .contains("Held for review by the content policy (builtin@3f2a)")
        .contains(
            "review: \"beheaded\" (violence, builtin:violence.txt:7) at shots[0].prompt [12, 20)")
        .doesNotContain("sword")
        .contains("POST http://localhost:8080/v1/jobs/local-sh010/policy-review");
  }
}
