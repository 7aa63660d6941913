package io.previs.gateway.jobs;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.Regeneration;
import io.previs.contracts.job.JobEvent.Review;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.Stage;
import io.previs.gateway.jobs.JobView.ShardView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds one event into a job's view: the pure state machine behind the projection. Events may
 * arrive twice (at-least-once delivery) and progress may interleave across shards; folding is
 * idempotent for both. A terminal status is never left except by a later acceptance of a previously
 * rejected client job id.
 */
public final class JobFolder {

  private JobFolder() {}

  public static JobView fold(JobView current, JobEvent e) {
    if (current == null) {
      current =
          new JobView(
              e.jobId(),
              e.studio(),
              null,
              JobStatus.ACCEPTED,
              e.at(),
              e.at(),
              0,
              null,
              List.of(),
              null,
              Map.of(),
              List.of(),
              0,
              Map.of(),
              List.of(),
              List.of(),
              JobView.Usage.NONE,
              JobView.Scheduling.NONE,
              null,
              null,
              List.of(),
              null);
    }
    JobView.Waiting waiting = current.waiting();
    JobView.Scheduling sched = current.scheduling();
    List<Regeneration> regenerations = new ArrayList<>(current.regenerations());
    List<Review> reviews = new ArrayList<>(current.reviews());
    Map<String, ShardView> shards = new LinkedHashMap<>(current.shards());
    List<VariantOutput> outputs = new ArrayList<>(current.outputs());
    JobStatus status = current.status();
    var spec = current.spec();
    var errors = current.errors();
    String failure = current.failure();
    String clientJobId = current.clientJobId();
    int duplicates = current.duplicates();
    List<JobEvent.Version> versions = new ArrayList<>(current.versions());
    if (e.type() == JobEventType.VERSION_CREATED
        && e.version() != null
        && versions.stream().noneMatch(v -> v.jobId().equals(e.version().jobId()))) {
      versions.add(e.version()); // a redelivered event adds nothing
    }
    JobView.Selected selected = current.selected();
    if (e.type() == JobEventType.TAKE_SELECTED && e.take() != null) {
      selected = new JobView.Selected(e.take().variant(), e.take().by(), e.take().note(), e.at());
    }
    var policy = current.policy();
    if (e.policy() != null) {
      policy = e.policy();
    }
    if (e.type() == JobEventType.PROGRESS
        || e.type() == JobEventType.STAGE_STARTED
        || e.type() == JobEventType.STAGE_COMPLETED
        || e.type() == JobEventType.COMPLETED
        || e.type() == JobEventType.FAILED) {
      waiting = null; // the job moved on: whatever held it answers again
    }
    switch (e.type()) {
      case ACCEPTED -> {
        status = JobStatus.ACCEPTED;
        spec = e.spec();
        clientJobId = e.spec() == null ? null : e.spec().clientJobId();
        errors = List.of();
        failure = null;
        if (e.spec() != null && e.spec().priority() != null) {
          sched = withPriority(sched, e.spec().priority().wire());
        }
      }
      case POLICY_HELD -> {
        if (status == JobStatus.ACCEPTED && spec == null) {
          status = JobStatus.HELD;
          spec = e.spec();
          clientJobId = e.spec() == null ? null : e.spec().clientJobId();
        }
      }
      case REJECTED -> {
        if (spec == null || status == JobStatus.HELD) {
          status = JobStatus.REJECTED;
          errors = e.errors() == null ? List.of() : e.errors();
        }
      }
      case DUPLICATE -> duplicates++;
      case STAGE_STARTED -> status = advance(status, e.stage());
      case PROGRESS -> {
        status = advance(status, Stage.RENDER);
        if (e.shard() != null && e.progress() != null) {
          ShardView old = shards.get(e.shard().shardId());
          int attempts = old == null ? 1 : old.attempts();
          var p = e.progress();
          if (p.resumedFromStep() != null
              && (old == null
                  || old.resumedFromStep() == null
                  || !old.resumedFromStep().equals(p.resumedFromStep()))) {
            attempts = old == null ? 2 : old.attempts() + 1;
          }
          if (old == null || !"rendered".equals(old.state())) {
            shards.put(
                e.shard().shardId(),
                new ShardView(
                    e.shard().shot(),
                    e.shard().variant(),
                    "rendering",
                    p.step(),
                    p.steps(),
                    p.expert(),
                    attempts,
                    p.resumedFromStep(),
                    null,
                    null,
                    p.fraction(),
                    p.window(),
                    p.windows()));
          }
        }
      }
      case STAGE_COMPLETED -> {
        if (e.stage() == Stage.RENDER && e.shard() != null) {
          ShardView old = shards.get(e.shard().shardId());
          shards.put(
              e.shard().shardId(), settled(old, e, "rendered", old == null ? 0 : old.steps()));
        }
        if (e.outputs() != null) {
          mergeOutputs(outputs, e.outputs());
        }
        status = advance(status, next(e.stage()));
      }
      case FAILED -> {
        if (!status.terminal()) {
          status = JobStatus.FAILED;
          failure = e.reason();
        }
      }
      case COMPLETED -> {
        if (!status.terminal() || status == JobStatus.COMPLETED) {
          status = JobStatus.COMPLETED;
        }
        if (e.outputs() != null) {
          mergeOutputs(outputs, e.outputs());
        }
      }
      case REGENERATION_REQUESTED -> {
        Regeneration r = e.regeneration();
        if (r != null
            && regenerations.stream()
                .noneMatch(o -> o.variant() == r.variant() && o.attempt() == r.attempt())) {
          regenerations.add(r);
        }
      }
      case REVIEW_REQUESTED -> {
        Review r = e.review();
        // A redelivered request must not reopen a variant a person has already decided on. A
        // content-policy hold is QC's first word on a variant, before any other review of it.
        if (r != null && reviews.stream().noneMatch(o -> o.variant() == r.variant())) {
          reviews.add(r);
        } else if (r != null && r.hold() != null) {
          reviews.stream()
              .filter(o -> o.variant() == r.variant() && o.hold() == null)
              .findFirst()
              .ifPresent(
                  o -> {
                    reviews.remove(o);
                    reviews.add(r);
                  });
        }
      }
      case REVIEW_RECORDED -> {
        Review r = e.review();
        if (r != null) {
          reviews.removeIf(o -> o.variant() == r.variant());
          reviews.add(r);
        }
      }
      case SHARD_STOPPED -> {
        if (e.shard() != null) {
          // Stopped at a step boundary: for a cancelled shard, its usage here is its final bill
          // (the day it is billed under is the day it stopped); a later render replaces it.
          ShardView old = shards.get(e.shard().shardId());
          if (old == null || !"rendered".equals(old.state())) {
            shards.put(
                e.shard().shardId(), settled(old, e, "stopped", old == null ? 0 : old.step()));
          }
        }
      }
      case STORAGE_WAITING ->
          waiting =
              waiting != null
                  ? new JobView.Waiting(waiting.on(), waiting.since(), e.reason())
                  : new JobView.Waiting("storage", e.at(), e.reason());
      case STORAGE_RECOVERED -> waiting = null;
      case SHARD_STALLED -> {
        if (e.shard() != null) {
          // Shown until the next step's progress puts it back to rendering (or its worker is
          // restarted and another resumes it).
          ShardView old = shards.get(e.shard().shardId());
          if (old != null && "rendering".equals(old.state())) {
            shards.put(
                e.shard().shardId(),
                new ShardView(
                    old.shot(),
                    old.variant(),
                    "stalled",
                    old.step(),
                    old.steps(),
                    old.expert(),
                    old.attempts(),
                    old.resumedFromStep(),
                    old.usage(),
                    old.renderedAt(),
                    old.fraction(),
                    old.window(),
                    old.windows()));
          }
        }
      }
      case CANCELLED -> {
        if (!status.terminal()) {
          status = JobStatus.CANCELLED;
        }
        if (sched.cancelledAt() == null) {
          sched =
              new JobView.Scheduling(
                  sched.priority(),
                  false,
                  null,
                  e.control() == null ? null : e.control().by(),
                  e.at(),
                  sched.preemptions());
        }
      }
      case PAUSED, RESUMED ->
          sched =
              new JobView.Scheduling(
                  sched.priority(),
                  e.type() == JobEventType.PAUSED,
                  sched.queue(),
                  sched.cancelledBy(),
                  sched.cancelledAt(),
                  sched.preemptions());
      case PRIORITY_CHANGED -> {
        if (e.control() != null && e.control().priority() != null) {
          sched = withPriority(sched, e.control().priority());
        }
      }
      case QUEUE_UPDATED ->
          sched =
              new JobView.Scheduling(
                  sched.priority(),
                  sched.paused(),
                  e.queue() == null || e.queue().queuedShards() == 0 || status.terminal()
                      ? null
                      : e.queue(),
                  sched.cancelledBy(),
                  sched.cancelledAt(),
                  sched.preemptions());
      case PREEMPTED ->
          sched =
              new JobView.Scheduling(
                  sched.priority(),
                  sched.paused(),
                  sched.queue(),
                  sched.cancelledBy(),
                  sched.cancelledAt(),
                  sched.preemptions() + 1);
    }
    regenerations.sort(
        Comparator.comparingInt(Regeneration::variant).thenComparingInt(Regeneration::attempt));
    reviews.sort(Comparator.comparingInt(Review::variant));
    outputs.sort(Comparator.comparingInt(VariantOutput::variant));
    return new JobView(
        current.jobId(),
        current.studio(),
        clientJobId,
        status,
        current.submittedAt(),
        e.at(),
        progress(spec, shards),
        spec,
        errors,
        failure,
        Map.copyOf(shards),
        List.copyOf(outputs),
        duplicates,
        artifacts(current.artifacts(), e.artifacts()),
        List.copyOf(regenerations),
        List.copyOf(reviews),
        usage(shards),
        status.terminal() && sched.queue() != null
            ? new JobView.Scheduling(
                sched.priority(),
                sched.paused(),
                null,
                sched.cancelledBy(),
                sched.cancelledAt(),
                sched.preemptions())
            : sched,
        waiting,
        policy,
        versions,
        selected);
  }

  /**
   * A shard whose render ended (rendered) or paused at a step boundary (stopped): its progress
   * kept, its usage and billing time from the event.
   */
  private static ShardView settled(ShardView old, JobEvent e, String state, int step) {
    return new ShardView(
        e.shard().shot(),
        e.shard().variant(),
        state,
        step,
        old == null ? 0 : old.steps(),
        old == null ? null : old.expert(),
        old == null ? 1 : old.attempts(),
        old == null ? null : old.resumedFromStep(),
        e.usage() != null ? e.usage() : old == null ? null : old.usage(),
        e.at(),
        "rendered".equals(state) ? 1.0 : old == null ? 0 : old.fraction(),
        old == null ? null : old.window(),
        old == null ? null : old.windows());
  }

  private static JobView.Scheduling withPriority(JobView.Scheduling s, String priority) {
    return new JobView.Scheduling(
        priority, s.paused(), s.queue(), s.cancelledBy(), s.cancelledAt(), s.preemptions());
  }

  private static JobView.Usage usage(Map<String, ShardView> shards) {
    double total = 0;
    Map<Integer, Double> byVariant = new TreeMap<>();
    for (ShardView s : shards.values()) {
      if (s.usage() != null) {
        total += s.usage().deviceSeconds();
        byVariant.merge(s.variant(), s.usage().deviceSeconds(), Double::sum);
      }
    }
    return total == 0 ? JobView.Usage.NONE : new JobView.Usage(total, Map.copyOf(byVariant));
  }

  private static void mergeOutputs(List<VariantOutput> outputs, List<VariantOutput> incoming) {
    for (VariantOutput in : incoming) {
      VariantOutput old =
          outputs.stream().filter(o -> o.variant() == in.variant()).findFirst().orElse(null);
      outputs.remove(old);
      outputs.add(
          old == null
              ? in
              : new VariantOutput(
                  in.variant(),
                  in.seed(),
                  in.videoKey() != null ? in.videoKey() : old.videoKey(),
                  in.posterKey() != null ? in.posterKey() : old.posterKey(),
                  in.reportKey() != null ? in.reportKey() : old.reportKey(),
                  in.verdict() != null ? in.verdict() : old.verdict()));
    }
  }

  private static double progress(JobSpec spec, Map<String, ShardView> shards) {
    if (spec == null || spec.shardCount() == 0) {
      return 0;
    }
    double done = 0;
    for (ShardView s : shards.values()) {
      // the shard's own fraction counts every window of a long shot's steps
      done += "rendered".equals(s.state()) ? 1.0 : s.fraction();
    }
    return Math.min(1.0, done / spec.shardCount());
  }

  private static Stage next(Stage s) {
    return switch (s == null ? Stage.INTAKE : s) {
      case INTAKE -> Stage.ENCODE;
      case ENCODE -> Stage.RENDER;
      case RENDER -> Stage.RENDER;
      case POSTPROCESS -> Stage.POSTPROCESS;
      case QC -> Stage.QC;
    };
  }

  /** Moves forward only: late progress of one shard does not pull a job back from QC. */
  private static JobStatus advance(JobStatus current, Stage stage) {
    if (current.terminal() || stage == null) {
      return current;
    }
    JobStatus target =
        switch (stage) {
          case INTAKE -> JobStatus.ACCEPTED;
          case ENCODE -> JobStatus.ENCODING;
          case RENDER -> JobStatus.RENDERING;
          case POSTPROCESS -> JobStatus.POSTPROCESSING;
          case QC -> JobStatus.QC;
        };
    return target.ordinal() > current.ordinal() ? target : current;
  }

  private static Map<String, String> artifacts(
      Map<String, String> current, Map<String, String> added) {
    if (added == null || added.isEmpty()) {
      return current;
    }
    Map<String, String> merged = new TreeMap<>(current);
    merged.putAll(added);
    return Map.copyOf(merged);
  }
}
