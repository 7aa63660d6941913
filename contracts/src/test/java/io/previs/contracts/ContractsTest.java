package io.previs.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.cloudevents.EventMetadata;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.Priority;
import io.previs.contracts.job.Stage;
import io.previs.contracts.json.JsonSerde;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ContractsTest {

  static final Instant T = Instant.parse("2026-11-20T10:00:00.123456Z");

  @Test
  void jobEventsRoundTripWithWireNamesAndWithoutNulls() {
    JobSpec spec =
        new JobSpec(
            "acme",
            "sh010",
            List.of(new JobSpec.ShotSpec(0, "p", "n", 81)),
            2,
            16,
            832,
            480,
            7,
            null,
            4.0,
            "previs-oracle",
            Priority.HIGH,
            Map.of("show", "x"),
            2,
            T);
    JobEvent e =
        JobEvent.of(JobEventType.ACCEPTED, "j-1", "acme", T).withStage(Stage.INTAKE).withSpec(spec);
    String json = new String(PrevisJson.mapper().writeValueAsBytes(e), StandardCharsets.UTF_8);
    assertThat(json)
        .contains(
            "\"type\":\"accepted\"",
            "\"stage\":\"intake\"",
            "\"priority\":\"high\"",
            "\"at\":\"2026-11-20T10:00:00.123456Z\"")
        .doesNotContain("null", "\"steps\"");
    assertThat(PrevisJson.mapper().readValue(json, JobEvent.class)).isEqualTo(e);
  }

  @Test
  void consumersIgnoreFieldsFromNewerSchemas() {
    String json =
        """
        {"schemaVersion":2,"type":"stage.progress","jobId":"j-1","studio":"a","at":"2026-11-20T10:00:00Z",
         "gpuModel":"H100","progress":{"step":3,"steps":40,"expert":"high_noise","sigma":0.9,"fraction":0.075,
         "elapsedMillis":10,"vramBytes":123}}""";
    JobEvent e = new JsonSerde<>(JobEvent.class).deserialize("previs.jobs.events", json.getBytes());
    assertThat(e.type()).isEqualTo(JobEventType.PROGRESS);
    assertThat(e.progress().step()).isEqualTo(3);
  }

  @Test
  void aRecordThatIsNotTheContractFailsDeserializationWithTheTopic() {
    assertThatThrownBy(
            () ->
                new JsonSerde<>(ShardTask.class)
                    .deserialize("previs.shards.queued", "{oops".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not a valid ShardTask on previs.shards.queued");
  }

  @Test
  void cloudEventAttributesTravelAsCeHeaders() {
    RecordHeaders headers = new RecordHeaders();
    CloudEventHeaders.write(
        headers,
        new EventMetadata("id-1", "previs.job.accepted", "/previs/gateway", T, "j-1", "corr-9"));
    assertThat(CloudEventHeaders.get(headers, "ce_specversion")).isEqualTo("1.0");
    assertThat(CloudEventHeaders.get(headers, "content-type")).isEqualTo("application/json");
    assertThat(CloudEventHeaders.read(headers))
        .contains(
            new EventMetadata(
                "id-1", "previs.job.accepted", "/previs/gateway", T, "j-1", "corr-9"));
    assertThat(CloudEventHeaders.read(new RecordHeaders())).isEmpty();
  }

  @Test
  void jobIdsAreDeterministicPerStudioAndClientJobId() {
    assertThat(JobIds.jobId("acme", "sh010"))
        .isEqualTo(JobIds.jobId("acme", "sh010"))
        .isNotEqualTo(JobIds.jobId("acme", "sh011"))
        .isNotEqualTo(JobIds.jobId("acme2", "sh010"))
        .matches("j-[0-9a-f]{16}");
    assertThat(JobIds.shardId("j-1", 2, 3)).isEqualTo("j-1-s2v3");
  }

  @Test
  void topicsFollowTheNamingConventionAndHaveDeadLetterTopics() {
    assertThat(Topics.all())
        .extracting(Topic::name)
        .allMatch(n -> n.matches("previs\\.[a-z]+(\\.[a-z]+)?"))
        .doesNotHaveDuplicates();
    assertThat(Topics.JOBS_SUBMIT.deadLetter()).isEqualTo("previs.jobs.submit-dlt");
    assertThat(Topics.all()).allSatisfy(t -> assertThat(t.partitions()).isPositive());
  }
}
