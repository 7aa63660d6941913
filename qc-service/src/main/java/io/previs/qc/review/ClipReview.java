package io.previs.qc.review;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.Review;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import io.previs.qc.QcProperties;
import io.previs.qc.completion.JobCompletion;
import io.previs.qc.likeness.ProtectedFaces;
import io.previs.qc.profiles.StudioProfiles;
import io.previs.qc.regeneration.Regenerations;
import io.previs.qc.regeneration.Regenerations.NotRequested;
import io.previs.qc.regeneration.Regenerations.Outcome;
import io.previs.qc.regeneration.Regenerations.Requested;
import io.previs.qccore.ClipContext;
import io.previs.qccore.ClipQc;
import io.previs.qccore.config.QcConfig;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Finding;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.report.ReportJson;
import io.previs.qccore.report.Verdict;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * QC of one delivered variant: the clip is fetched from object storage and run through every
 * detector with the studio's thresholds, the per-frame series is stored next to the clip for
 * dashboards, one QC event per finding and the verdict go to previs.qc.events, and the verdict is
 * acted on: {@code fail} asks for a regeneration with a new seed (bounded), {@code review} flags
 * the variant for a person. The full report is written last and marks the variant as reviewed, so a
 * redelivered clip is not checked again.
 */
@Component
class ClipReview {

  private static final Logger log = LoggerFactory.getLogger(ClipReview.class);

  private final ObjectStore store;
  private final EventPublisher publisher;
  private final QcProperties props;
  private final JobCompletion completion;
  private final StudioProfiles profiles;
  private final Regenerations regenerations;
  private final ScoreMetrics metrics;
  private final MeterRegistry registry;
  private final ProtectedFaces protectedFaces;

  ClipReview(
      ObjectStore store,
      EventPublisher publisher,
      QcProperties props,
      JobCompletion completion,
      StudioProfiles profiles,
      Regenerations regenerations,
      ScoreMetrics metrics,
      MeterRegistry registry,
      ProtectedFaces protectedFaces) {
    this.store = store;
    this.publisher = publisher;
    this.props = props;
    this.completion = completion;
    this.profiles = profiles;
    this.regenerations = regenerations;
    this.metrics = metrics;
    this.registry = registry;
    this.protectedFaces = protectedFaces;
  }

  public void review(VideoReady v, String correlationId) throws Exception {
    if (store.exists(ObjectKeys.cancelled(v.studio(), v.jobId()))) {
      return; // cancelled after its clip was made: no QC, no verdict, no regeneration
    }
    String reportKey = ObjectKeys.qcReport(v.studio(), v.jobId(), v.variant());
    if (store.exists(reportKey)) {
      completion.maybeComplete(v.jobId(), v.studio(), v.variantCount(), correlationId);
      return;
    }
    long t0 = System.nanoTime();
    publisher.publishJobEvent(
        JobEvent.of(JobEventType.STAGE_STARTED, v.jobId(), v.studio(), Instant.now())
            .withStage(Stage.QC)
            .withReason("variant " + v.variant()),
        correlationId);
    QcConfig config = profiles.forStudio(v.studio());
    QcReport report = check(v, config);
    String seriesKey = ObjectKeys.qcSeries(v.studio(), v.jobId(), v.variant());
    store.put(
        seriesKey, ReportJson.mapper().writeValueAsBytes(report.series()), "application/json");
    for (Finding f : report.findings()) {
      publisher.publish(
          Topics.QC_EVENTS,
          v.jobId(),
          QcEvents.finding(v, f, reportKey, seriesKey),
          "finding",
          v.jobId(),
          correlationId);
    }
    Outcome outcome = act(v, report, correlationId);
    String regenerationJobId = outcome instanceof Requested r ? r.regeneration().jobId() : null;
    publisher.publishAndWait(
        Topics.QC_EVENTS,
        v.jobId(),
        QcEvents.verdict(v, report, outcome.action(), regenerationJobId, reportKey, seriesKey),
        "verdict",
        v.jobId(),
        correlationId);
    // The report is written last: its presence marks the variant as reviewed.
    store.put(
        reportKey,
        ReportJson.writePretty(report).getBytes(StandardCharsets.UTF_8),
        "application/json");
    metrics.record(report, v.studio());
    registry
        .timer("previs.stage.duration", "stage", "qc")
        .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    String verdict = report.verdict().name().toLowerCase(Locale.ROOT);
    publisher.publishJobEvent(
        JobEvent.of(JobEventType.STAGE_COMPLETED, v.jobId(), v.studio(), Instant.now())
            .withStage(Stage.QC)
            .withOutputs(
                List.of(
                    new VariantOutput(
                        v.variant(), v.seed(), v.videoKey(), v.posterKey(), reportKey, verdict)))
            .withReason(summary(v, report, outcome)),
        correlationId);
    log.info("{}", summary(v, report, outcome));
    completion.maybeComplete(v.jobId(), v.studio(), v.variantCount(), correlationId);
  }

  private QcReport check(VideoReady v, QcConfig config) throws Exception {
    Path clip =
        Files.createDirectories(props.workDir()).resolve(v.jobId() + "-v" + v.variant() + ".mp4");
    try {
      store.download(v.videoKey(), clip);
      ClipContext context =
          ClipContext.of(v.jobId() + "/v" + v.variant())
              .withFps(v.fps())
              .withExpectMotion(true)
              .withPrompt(v.prompt())
              .withGallery(protectedFaces.forStudio(v.studio()));
      try (ClipQc qc = new ClipQc(config)) {
        return qc.check(clip, context);
      }
    } finally {
      Files.deleteIfExists(clip);
    }
  }

  /**
   * Hold a variant with a protected person's likeness for ops (before anything else is said of it,
   * so no download link is minted for it in between); regenerate a failed variant, flag one for
   * review; a pass needs nothing.
   */
  private Outcome act(VideoReady v, QcReport report, String correlationId) {
    List<Finding> likeness = report.findings(Check.LIKENESS);
    if (!likeness.isEmpty()) {
      publisher.publishJobEvent(
          JobEvent.of(JobEventType.REVIEW_REQUESTED, v.jobId(), v.studio(), Instant.now())
              .withStage(Stage.QC)
              .withReview(
                  new Review(
                      v.variant(),
                      "pending",
                      likeness.stream().map(Finding::message).toList(),
                      null,
                      null,
                      Review.LIKENESS))
              .withReason(
                  "variant "
                      + v.variant()
                      + " held by the content policy: a face resembles a protected person's;"
                      + " nobody but ops may download it until ops approve it"),
          correlationId);
      registry.counter("previs.likeness.held").increment();
    }
    if (report.verdict() == Verdict.FAIL) {
      Outcome outcome = regenerations.onFail(v, correlationId);
      if (outcome instanceof Requested r) {
        publisher.publishJobEvent(
            JobEvent.of(JobEventType.REGENERATION_REQUESTED, v.jobId(), v.studio(), Instant.now())
                .withStage(Stage.QC)
                .withRegeneration(r.regeneration())
                .withReason(
                    "variant "
                        + v.variant()
                        + " failed QC ("
                        + String.join("; ", report.reasons())
                        + "): rendering it again as job "
                        + r.regeneration().jobId()
                        + " with seed "
                        + r.regeneration().seed()),
            correlationId);
      }
      registry.counter("previs.qc.regenerations", "outcome", outcome.action()).increment();
      return outcome;
    }
    if (!likeness.isEmpty()) {
      return new NotRequested("hold", "held for ops' likeness review");
    }
    if (report.verdict() == Verdict.REVIEW) {
      publisher.publishJobEvent(
          JobEvent.of(JobEventType.REVIEW_REQUESTED, v.jobId(), v.studio(), Instant.now())
              .withStage(Stage.QC)
              .withReview(new Review(v.variant(), "pending", report.reasons(), null, null))
              .withReason("variant " + v.variant() + " needs a person's review"),
          correlationId);
      return new NotRequested("review", "flagged for review");
    }
    return new NotRequested("none", "passed");
  }

  private static String summary(VideoReady v, QcReport report, Outcome outcome) {
    String verdict = report.verdict().name().toLowerCase(Locale.ROOT);
    String s =
        "variant " + v.variant() + ": " + verdict + " (" + report.findings().size() + " findings)";
    return switch (outcome) {
      case Requested r -> s + "; regenerating as job " + r.regeneration().jobId();
      case NotRequested n when report.verdict() == Verdict.FAIL -> s + "; " + n.reason();
      case NotRequested n -> s;
    };
  }
}
