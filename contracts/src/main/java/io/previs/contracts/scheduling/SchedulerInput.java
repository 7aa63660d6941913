package io.previs.contracts.scheduling;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.previs.contracts.shard.ShardTask;
import java.util.Locale;

/**
 * One record of {@code previs.scheduler.inbox}, everything the scheduler acts on, in one ordered
 * log: shards the encoder planned, commands on jobs, and workers' reports. Exactly one of {@code
 * shard}, {@code command} and {@code report} is set, as {@code kind} says.
 */
public record SchedulerInput(
    int schemaVersion, Kind kind, ShardTask shard, JobCommand command, WorkerReport report) {

  public static final int SCHEMA_VERSION = 1;

  public enum Kind {
    SHARD,
    COMMAND,
    REPORT;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Kind parse(String s) {
      return Kind.valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** The CloudEvents type of an inbox record of this kind. */
    public String cloudEventType() {
      return switch (this) {
        case SHARD -> "previs.scheduler.shard";
        case COMMAND -> "previs.scheduler.command";
        case REPORT -> "previs.scheduler.report";
      };
    }
  }

  public static SchedulerInput of(ShardTask shard) {
    return new SchedulerInput(SCHEMA_VERSION, Kind.SHARD, shard, null, null);
  }

  public static SchedulerInput of(JobCommand command) {
    return new SchedulerInput(SCHEMA_VERSION, Kind.COMMAND, null, command, null);
  }

  public static SchedulerInput of(WorkerReport report) {
    return new SchedulerInput(SCHEMA_VERSION, Kind.REPORT, null, null, report);
  }

  /** The record key: the shard, job or worker it is about. */
  public String key() {
    return switch (kind) {
      case SHARD -> shard.shardId();
      case COMMAND -> command.jobId();
      case REPORT -> report.shardId() != null ? report.shardId() : report.worker();
    };
  }
}
