package io.previs.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON schemas (published with the AsyncAPI document) name exactly the fields the records
 * write: a field added to a record without its schema, or the reverse, fails here.
 */
class SchemasTest {

  @ParameterizedTest
  @CsvSource({
    "render-request.schema.json, io.previs.contracts.job.RenderRequest, ",
    "render-request.schema.json, io.previs.contracts.job.RenderRequest$ShotRequest, ShotRequest",
    "job-event.schema.json, io.previs.contracts.job.JobEvent, ",
    "job-event.schema.json, io.previs.contracts.job.JobSpec, JobSpec",
    "job-event.schema.json, io.previs.contracts.job.JobSpec$ShotSpec, ShotSpec",
    "job-event.schema.json, io.previs.contracts.job.JobEvent$FieldError, FieldError",
    "job-event.schema.json, io.previs.contracts.job.JobEvent$ShardRef, ShardRef",
    "job-event.schema.json, io.previs.contracts.job.JobEvent$Progress, Progress",
    "job-event.schema.json, io.previs.contracts.job.JobEvent$VariantOutput, VariantOutput",
    "job-event.schema.json, io.previs.contracts.job.JobEvent$Regeneration, Regeneration",
    "job-event.schema.json, io.previs.contracts.job.JobEvent$Review, Review",
    "job-event.schema.json, io.previs.contracts.job.GpuUsage, GpuUsage",
    "shard-rendered.schema.json, io.previs.contracts.job.GpuUsage, GpuUsage",
    "shard-task.schema.json, io.previs.contracts.shard.ShardTask, ",
    "shard-rendered.schema.json, io.previs.contracts.shard.ShardRendered, ",
    "video-ready.schema.json, io.previs.contracts.video.VideoReady, ",
    "qc-event.schema.json, io.previs.contracts.qc.QcEvent, ",
    "audit-event.schema.json, io.previs.contracts.audit.AuditEvent, ",
    "api-key.schema.json, io.previs.contracts.security.ApiKeyRecord, ",
    "job-event.schema.json, io.previs.contracts.job.JobEvent$Queue, Queue",
    "job-event.schema.json, io.previs.contracts.job.JobEvent$Control, Control",
    "job-event.schema.json, io.previs.contracts.job.JobEvent$Take, Take",
    "animatic-request.schema.json, io.previs.contracts.animatic.AnimaticRequest, ",
    "animatic-request.schema.json, io.previs.contracts.animatic.AnimaticRequest$Clip, Clip",
    "animatic-event.schema.json, io.previs.contracts.animatic.AnimaticEvent, ",
    "animatic-event.schema.json, io.previs.contracts.animatic.AnimaticEvent$Edit, Edit",
    "job-command.schema.json, io.previs.contracts.scheduling.JobCommand, ",
    "worker-report.schema.json, io.previs.contracts.scheduling.WorkerReport, ",
    "scheduler-input.schema.json, io.previs.contracts.scheduling.SchedulerInput, ",
    "shard-control.schema.json, io.previs.contracts.scheduling.ShardControl, ",
    "pool-backlog.schema.json, io.previs.contracts.scheduling.PoolBacklog, ",
    "worker-drain.schema.json, io.previs.contracts.scheduling.WorkerDrain, ",
    "studio-quota.schema.json, io.previs.contracts.scheduling.StudioQuota, ",
    "studio-event.schema.json, io.previs.contracts.scheduling.StudioEvent, "
  })
  void schemaPropertiesAreTheRecordComponents(String schema, String recordClass, String def)
      throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/schemas/" + schema)) {
      assertThat(in).as(schema).isNotNull();
      root = JsonMapper.builder().build().readTree(in);
    }
    JsonNode node = def == null ? root : root.path("$defs").path(def);
    Set<String> schemaProps = new TreeSet<>();
    node.path("properties").propertyNames().forEach(schemaProps::add);
    Set<String> recordProps =
        new TreeSet<>(
            Arrays.stream(Class.forName(recordClass).getRecordComponents())
                .map(RecordComponent::getName)
                .toList());
    assertThat(schemaProps)
        .as("%s%s vs %s", schema, def == null ? "" : "#" + def, recordClass)
        .isEqualTo(recordProps);
    node.path("required").forEach(r -> assertThat(recordProps).contains(r.asString()));
  }

  @org.junit.jupiter.api.Test
  void theEventTypeEnumsAreTheJavaEnums() throws Exception {
    JsonNode jobEvent;
    try (InputStream in = getClass().getResourceAsStream("/schemas/job-event.schema.json")) {
      jobEvent = JsonMapper.builder().build().readTree(in);
    }
    Set<String> schemaTypes = new TreeSet<>();
    jobEvent
        .path("properties")
        .path("type")
        .path("enum")
        .forEach(t -> schemaTypes.add(t.asString()));
    Set<String> javaTypes = new TreeSet<>();
    for (var t : io.previs.contracts.job.JobEventType.values()) {
      javaTypes.add(t.wire());
    }
    assertThat(schemaTypes).isEqualTo(javaTypes);
  }
}
