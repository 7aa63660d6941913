package io.previs.gateway.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.Stage;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.Text;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobStatus;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.policy.ContentPolicy;
import io.previs.gateway.policy.PolicySettings;
import io.previs.gateway.policy.PolicySource;
import io.previs.gateway.scheduling.QuotaStore;
import io.previs.servicekit.jobs.JobContext;
import io.previs.servicekit.kafka.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Decides what happens to a submission — accept, reject with every field error, or recognise it as
 * a resubmission of a job already accepted — and records the decision on the job's event log. Both
 * intake paths (Kafka and REST) go through here, so they cannot disagree: this is the only writer
 * of {@code accepted}, {@code rejected} and {@code duplicate}.
 */
@Component
class Admission {

  private static final Logger log = LoggerFactory.getLogger(Admission.class);

  public enum Outcome {
    ACCEPTED,
    /** Held by the content policy until ops approve or reject it: nothing renders meanwhile. */
    HELD,
    REJECTED,
    DUPLICATE
  }

  /** The field a rejection for the studio's queued-job quota names (REST answers it with 429). */
  static final String QUEUED_JOBS_FIELD = "quota.maxQueuedJobs";

  /** At most this many field errors are reported; one more entry says how many were left out. */
  static final int MAX_REPORTED_ERRORS = 50;

  /**
   * @param submissionId the submission decided on; the event names it so its sender finds it
   * @param existing on DUPLICATE: the job it duplicates
   */
  public record Decision(
      Outcome outcome,
      String jobId,
      String submissionId,
      String studio,
      JobSpec spec,
      List<FieldError> errors,
      JobView existing,
      JobEvent.Policy policy) {
    Decision(
        Outcome outcome,
        String jobId,
        String submissionId,
        String studio,
        JobSpec spec,
        List<FieldError> errors,
        JobView existing) {
      this(outcome, jobId, submissionId, studio, spec, errors, existing, null);
    }
  }

  private final RequestValidator validator;
  private final io.previs.gateway.prompts.PromptComposer composer;
  private final JobProjection projection;
  private final EventPublisher publisher;
  private final MeterRegistry registry;
  private final AuditLog audit;
  private final QuotaStore quotas;
  private final PolicySource policy;
  private final Clock clock;

  @org.springframework.beans.factory.annotation.Autowired
  public Admission(
      RequestValidator validator,
      io.previs.gateway.prompts.PromptComposer composer,
      JobProjection projection,
      EventPublisher publisher,
      MeterRegistry registry,
      AuditLog audit,
      QuotaStore quotas,
      PolicySource policy) {
    this.quotas = quotas;
    this.policy = policy;
    this.validator = validator;
    this.composer = composer;
    this.projection = projection;
    this.publisher = publisher;
    this.registry = registry;
    this.audit = audit;
    this.clock = Clock.systemUTC();
  }

  /** With the house's templates only (no studio templates in storage). */
  Admission(
      RequestValidator validator,
      JobProjection projection,
      EventPublisher publisher,
      MeterRegistry registry,
      AuditLog audit,
      QuotaStore quotas) {
    this(
        validator,
        new io.previs.gateway.prompts.PromptComposer(
            new io.previs.gateway.prompts.PromptTemplates(
                io.previs.gateway.prompts.PromptSettings.defaults(), null)),
        projection,
        publisher,
        registry,
        audit,
        quotas,
        new PolicySource(PolicySettings.defaults(), null));
  }

  /**
   * Decides on one submission, as queued on previs.jobs.intake under {@code jobId}. The duplicate
   * check reads the job as it stands after every decision written before (another replica may have
   * owned this partition a moment ago).
   */
  public Decision decide(JsonNode body, String jobId, String submissionId, Origin origin) {
    return decide(body, jobId, submissionId, origin, projection::findFresh);
  }

  Decision decide(
      JsonNode body,
      String jobId,
      String submissionId,
      Origin origin,
      Function<String, Optional<JobView>> knownJobs) {
    var parsed = RenderRequestParser.parse(body);
    List<FieldError> originErrors = new ArrayList<>(parsed.errors());
    String studio = parsed.request().studio();
    if (origin.studio() != null
        && studio != null
        && RequestValidator.STUDIO.matcher(studio).matches() // else the pattern error says it
        && !origin.studio().equals(studio)) {
      originErrors.add(
          new FieldError(
              "studio",
              "'"
                  + Text.quote(studio)
                  + "' is not "
                  + origin.studio()
                  + ", the studio "
                  + (origin.via().equals("rest")
                      ? "of your credentials"
                      : "whose topic this came from ("
                          + Topics.studioSubmit(origin.studio())
                          + ")")));
    }
    // Shot forms composed into prompts, every prompt normalised: validation sees what the model
    // will see. Studio templates are looked up only under a studio the origin does not contradict.
    boolean studioOk =
        studio != null
            && RequestValidator.STUDIO.matcher(studio).matches()
            && (origin.studio() == null || origin.studio().equals(studio));
    var composed = composer.compose(parsed.request(), studioOk ? studio : null);
    originErrors.addAll(composed.errors());
    var result =
        validator.validate(composed.request(), originErrors, clock.instant(), origin.platform());
    if (!result.valid()) {
      // Filed under the studio the origin proves, never under one the body merely claims.
      String filedUnder = origin.studio() != null ? origin.studio() : studio;
      return new Decision(
          Outcome.REJECTED, jobId, submissionId, filedUnder, null, capped(result.errors()), null);
    }
    if (!jobId.equals(result.jobId())) {
      // Submissions.assign and the validator derive the id from the same fields; if they disagree
      // the request would be decided on the wrong partition.
      throw new IllegalStateException(
          "submission "
              + submissionId
              + " is queued as "
              + jobId
              + " but is job "
              + result.jobId());
    }
    JobSpec spec = composed.annotate(result.spec());
    // Content policy, before any GPU second: on the prompts the model would get.
    JobEvent.Policy screened = screen(studio, spec);
    if (screened.action().equals("block")) {
      return new Decision(
          Outcome.REJECTED,
          jobId,
          submissionId,
          studio,
          null,
          capped(blocked(screened)),
          null,
          screened);
    }
    JobView existing = knownJobs.apply(jobId).orElse(null);
    if (existing != null && existing.status() != JobStatus.REJECTED) {
      return new Decision(
          Outcome.DUPLICATE,
          jobId,
          submissionId,
          studio,
          composed.annotate(result.spec()),
          List.of(),
          existing);
    }
    int limit = quotas == null ? 0 : quotas.quota(studio).maxQueuedJobs();
    long active = limit > 0 ? projection.activeJobs(studio) : 0;
    if (limit > 0 && active >= limit) {
      return new Decision(
          Outcome.REJECTED,
          jobId,
          submissionId,
          studio,
          null,
          List.of(
              new FieldError(
                  QUEUED_JOBS_FIELD,
                  "studio "
                      + studio
                      + " has "
                      + active
                      + " jobs queued or running; its limit (maxQueuedJobs) is "
                      + limit
                      + ": submit again when one has finished")),
          null);
    }
    return new Decision(
        screened.action().equals("review") ? Outcome.HELD : Outcome.ACCEPTED,
        jobId,
        submissionId,
        studio,
        spec,
        List.of(),
        null,
        screened);
  }

  /** The policy's decision on every prompt the model would get (negative prompts are not asked). */
  private JobEvent.Policy screen(String studio, JobSpec spec) {
    if (!policy.settings().enabled()) {
      return new JobEvent.Policy("disabled", "allow", List.of());
    }
    List<ContentPolicy.Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < spec.shots().size(); i++) {
      JobSpec.ShotSpec shot = spec.shots().get(i);
      prompts.add(new ContentPolicy.Prompt("shots[" + i + "].prompt", shot.prompt()));
      for (int b = 0; b < shot.beats().size(); b++) {
        prompts.add(
            new ContentPolicy.Prompt(
                "shots[" + i + "].beats[" + b + "].prompt", shot.beats().get(b).prompt()));
      }
    }
    JobEvent.Policy p = policy.current().check(studio, prompts);
    if (!p.findings().isEmpty()) {
      registry.counter("previs.policy.decisions", "action", p.action()).increment();
      for (var f : p.findings()) {
        registry
            .counter("previs.policy.findings", "category", f.category(), "action", f.action())
            .increment();
      }
    }
    return p;
  }

  /** A field error per blocking finding: the field, what it says there, the rule and version. */
  private static List<FieldError> blocked(JobEvent.Policy p) {
    List<FieldError> errors = new ArrayList<>();
    for (var f : p.findings()) {
      if (f.action().equals("block")) {
        errors.add(
            new FieldError(
                f.field(),
                "blocked by the content policy ("
                    + f.category()
                    + "): '"
                    + Text.quote(f.text())
                    + "' at "
                    + f.start()
                    + "-"
                    + f.end()
                    + " matches '"
                    + f.term()
                    + "' ("
                    + f.rule()
                    + "; policy "
                    + p.version()
                    + ")"));
      }
    }
    return errors;
  }

  /**
   * A person's decision on a job the policy held: approved, it goes on as {@code accepted} with the
   * spec it was held with; rejected, it ends {@code rejected} naming who and why. Both keep the
   * policy decision that held it. The caller checked the job is held, on a fresh read.
   */
  public JobEvent review(
      JobView held, boolean approve, String by, String note, String correlation) {
    Instant now = clock.instant();
    String why =
        (approve ? "approved" : "rejected")
            + " in policy review by "
            + by
            + (note == null || note.isBlank() ? "" : ": " + note);
    JobEvent e =
        approve
            ? JobEvent.of(JobEventType.ACCEPTED, held.jobId(), held.studio(), now)
                .withStage(Stage.INTAKE)
                .withSpec(held.spec())
                .withReason(why)
            : JobEvent.of(JobEventType.REJECTED, held.jobId(), held.studio(), now)
                .withStage(Stage.INTAKE)
                .withErrors(List.of(new FieldError("policy", why)))
                .withReason(why);
    try (JobContext job = JobContext.enter(held.jobId(), correlation)) {
      e = publish(e, held.policy(), correlation);
      registry
          .counter("previs.policy.reviews", "decision", approve ? "approved" : "rejected")
          .increment();
      log.info("Policy review: {}", why);
    }
    return e;
  }

  /** On the job's log with its policy decision, and on this replica's projection at once. */
  private JobEvent publish(JobEvent e, JobEvent.Policy policy, String correlation) {
    JobEvent out = policy == null ? e : e.withPolicy(policy);
    publisher.publishJobEvent(out, correlation == null ? out.jobId() : correlation);
    projection.apply(out);
    return out;
  }

  /** The findings in one line, with the version: what the audit log and the held event say. */
  static String summary(JobEvent.Policy p) {
    if (p == null) {
      return "";
    }
    StringBuilder b =
        new StringBuilder(p.action()).append(" (policy ").append(p.version()).append(")");
    for (var f : p.findings()) {
      b.append("; ")
          .append(f.category())
          .append(" ")
          .append(f.action())
          .append(" in ")
          .append(f.field())
          .append(": '")
          .append(Text.quote(f.text()))
          .append("' (")
          .append(f.rule())
          .append(")");
    }
    return b.toString();
  }

  private static List<FieldError> capped(List<FieldError> errors) {
    if (errors.size() <= MAX_REPORTED_ERRORS) {
      return errors;
    }
    List<FieldError> shown = new ArrayList<>(errors.subList(0, MAX_REPORTED_ERRORS));
    shown.add(
        new FieldError(
            "request", (errors.size() - MAX_REPORTED_ERRORS) + " more errors are not listed"));
    return List.copyOf(shown);
  }

  /**
   * Publishes the decision on previs.jobs.events, applies it to the projection at once and writes
   * the submission to the audit log.
   */
  public void record(Decision d, Origin origin, String correlationId) {
    Instant now = clock.instant();
    JobEvent event =
        switch (d.outcome()) {
          case ACCEPTED ->
              JobEvent.of(JobEventType.ACCEPTED, d.jobId(), d.studio(), now)
                  .withStage(Stage.INTAKE)
                  .withSpec(d.spec());
          case HELD ->
              JobEvent.of(JobEventType.POLICY_HELD, d.jobId(), d.studio(), now)
                  .withStage(Stage.INTAKE)
                  .withSpec(d.spec())
                  .withReason("held for review by the content policy: " + summary(d.policy()));
          case REJECTED ->
              JobEvent.of(JobEventType.REJECTED, d.jobId(), d.studio(), now)
                  .withStage(Stage.INTAKE)
                  .withErrors(d.errors());
          case DUPLICATE ->
              JobEvent.of(JobEventType.DUPLICATE, d.jobId(), d.studio(), now)
                  .withStage(Stage.INTAKE)
                  .withReason(
                      "client job id already submitted at "
                          + d.existing().submittedAt()
                          + "; nothing new is rendered");
        };
    event = event.withSubmission(d.submissionId());
    try (JobContext job = JobContext.enter(d.jobId(), correlationId)) {
      publish(event, d.policy(), correlationId);
      registry
          .counter("previs.jobs.submitted", "outcome", d.outcome().name().toLowerCase())
          .increment();
      if (d.outcome() == Outcome.REJECTED) {
        log.info("Rejected: {}", d.errors());
      } else {
        log.info("{} ({} shards)", d.outcome(), d.spec() == null ? 0 : d.spec().shardCount());
      }
    }
    audit.write(
        origin.actor(),
        origin.actorKind(),
        origin.studio() != null ? origin.studio() : d.studio(),
        "job.submit",
        d.jobId(),
        switch (d.outcome()) {
          case REJECTED -> AuditLog.REJECTED;
          case HELD -> AuditLog.HELD;
          default -> AuditLog.ALLOWED;
        },
        0,
        switch (d.outcome()) {
          case ACCEPTED ->
              "accepted via "
                  + origin.via()
                  + (d.policy() == null || d.policy().findings().isEmpty()
                      ? ""
                      : "; policy: " + summary(d.policy()));
          case HELD -> "held for review via " + origin.via() + "; policy: " + summary(d.policy());
          case DUPLICATE -> "duplicate of an accepted job; nothing rendered";
          case REJECTED -> d.errors().toString();
        },
        origin.source(),
        correlationId);
  }
}
