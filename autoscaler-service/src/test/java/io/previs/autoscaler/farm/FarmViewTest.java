package io.previs.autoscaler.farm;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.scheduling.WorkerReport;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FarmViewTest {

  private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

  private static WorkerReport report(WorkerReport.Kind kind, String shard) {
    return new WorkerReport(
        WorkerReport.SCHEMA_VERSION,
        kind,
        "w1",
        "h100",
        80,
        1.0,
        false,
        null,
        shard,
        shard == null ? null : "j",
        0,
        null,
        T);
  }

  @Test
  void aWorkerThatStartedItsNextShardWhileTheLastIsStoredStaysBusyWhenTheLastFinishes() {
    try (FarmView view = new FarmView(Map.of(), Clock.systemUTC())) {
      view.report(report(WorkerReport.Kind.STARTED, "j-s0"), T);
      view.report(report(WorkerReport.Kind.FINISHING, "j-s0"), T.plusSeconds(1));
      assertThat(view.worker("w1").shardId()).as("its GPU is free of j-s0").isNull();
      assertThat(view.worker("w1").idleSince()).isEqualTo(T.plusSeconds(1));

      view.report(report(WorkerReport.Kind.STARTED, "j-s1"), T.plusSeconds(2));
      view.report(report(WorkerReport.Kind.FINISHED, "j-s0"), T.plusSeconds(3));

      assertThat(view.worker("w1").shardId()).isEqualTo("j-s1");
      assertThat(view.worker("w1").idleSince()).isNull();
      view.report(report(WorkerReport.Kind.FINISHED, "j-s1"), T.plusSeconds(4));
      assertThat(view.worker("w1").shardId()).isNull();
      assertThat(view.worker("w1").idleSince()).isEqualTo(T.plusSeconds(4));
    }
  }
}
