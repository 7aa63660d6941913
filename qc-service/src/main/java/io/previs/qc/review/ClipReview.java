package io.previs.qc.review;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.qc.QcEvent;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import io.previs.qc.QcProperties;
import io.previs.qc.completion.JobCompletion;
import io.previs.qccore.ClipContext;
import io.previs.qccore.ClipQc;
import io.previs.qccore.config.QcConfig;
import io.previs.qccore.report.Finding;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.report.ReportJson;
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
 * detector (streaming decode), the full report and its per-frame series are stored next to the clip
 * for dashboards, and one QC event per finding plus the verdict go to previs.qc.events. A variant
 * already reviewed is not reviewed again.
 */
@Component
public class ClipReview {

  private static final Logger log = LoggerFactory.getLogger(ClipReview.class);

  private final ObjectStore store;
  private final EventPublisher publisher;
  private final QcProperties props;
  private final JobCompletion completion;
  private final MeterRegistry registry;
  private final QcConfig config = QcConfig.defaults();

  public ClipReview(
      ObjectStore store,
      EventPublisher publisher,
      QcProperties props,
      JobCompletion completion,
      MeterRegistry registry) {
    this.store = store;
    this.publisher = publisher;
    this.props = props;
    this.completion = completion;
    this.registry = registry;
  }

  public void review(VideoReady v, String correlationId) throws Exception {
    String reportKey = ObjectKeys.qcReport(v.studio(), v.jobId(), v.variant());
    if (store.exists(reportKey)) {
      completion.maybeComplete(v.jobId(), v.studio(), v.variantCount(), correlationId);
      return;
    }
    long t0 = System.nanoTime();
    event(
        JobEvent.of(JobEventType.STAGE_STARTED, v.jobId(), v.studio(), Instant.now())
            .withStage(Stage.QC)
            .withReason("variant " + v.variant()),
        v,
        correlationId);
    Path clip = props.workDir().resolve(v.jobId() + "-v" + v.variant() + ".mp4");
    QcReport report;
    try {
      store.download(v.videoKey(), clip);
      ClipContext context =
          ClipContext.of(v.jobId() + "/v" + v.variant())
              .withFps(v.fps())
              .withExpectMotion(expectsMotion(v.prompt()));
      try (ClipQc qc = new ClipQc(config)) {
        report = qc.check(clip, context);
      }
    } finally {
      Files.deleteIfExists(clip);
    }
    String seriesKey = ObjectKeys.qcSeries(v.studio(), v.jobId(), v.variant());
    store.put(
        seriesKey, ReportJson.mapper().writeValueAsBytes(report.series()), "application/json");
    for (Finding f : report.findings()) {
      publisher.publish(
          Topics.QC_EVENTS,
          v.jobId(),
          finding(v, f, reportKey, seriesKey),
          "finding",
          v.jobId(),
          correlationId);
      registry
          .counter(
              "previs.qc.findings",
              "check",
              f.check().id(),
              "severity",
              f.severity().name().toLowerCase(Locale.ROOT))
          .increment();
    }
    String verdict = report.verdict().name().toLowerCase(Locale.ROOT);
    publisher.publishAndWait(
        Topics.QC_EVENTS,
        v.jobId(),
        new QcEvent(
            QcEvent.SCHEMA_VERSION,
            QcEvent.Kind.VERDICT,
            v.jobId(),
            v.studio(),
            v.variant(),
            v.variantCount(),
            null,
            null,
            null,
            null,
            null,
            null,
            "variant " + v.variant() + ": " + verdict,
            verdict,
            report.reasons(),
            reportKey,
            seriesKey),
        "verdict",
        v.jobId(),
        correlationId);
    // The report is written last: its presence marks the variant as reviewed.
    store.put(
        reportKey,
        ReportJson.writePretty(report).getBytes(StandardCharsets.UTF_8),
        "application/json");
    registry.counter("previs.qc.verdicts", "verdict", verdict).increment();
    registry
        .timer("previs.stage.duration", "stage", "qc")
        .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    event(
        JobEvent.of(JobEventType.STAGE_COMPLETED, v.jobId(), v.studio(), Instant.now())
            .withStage(Stage.QC)
            .withOutputs(
                List.of(
                    new VariantOutput(
                        v.variant(), v.seed(), v.videoKey(), v.posterKey(), reportKey, verdict)))
            .withReason(
                "variant "
                    + v.variant()
                    + ": "
                    + verdict
                    + " ("
                    + report.findings().size()
                    + " findings)"),
        v,
        correlationId);
    log.info("Variant {}: {} with {} findings", v.variant(), verdict, report.findings().size());
    completion.maybeComplete(v.jobId(), v.studio(), v.variantCount(), correlationId);
  }

  private static QcEvent finding(VideoReady v, Finding f, String reportKey, String seriesKey) {
    return new QcEvent(
        QcEvent.SCHEMA_VERSION,
        QcEvent.Kind.FINDING,
        v.jobId(),
        v.studio(),
        v.variant(),
        v.variantCount(),
        f.check().id(),
        f.score(),
        f.threshold(),
        f.firstFrame(),
        f.lastFrame(),
        f.severity().name().toLowerCase(Locale.ROOT),
        f.message(),
        null,
        null,
        reportKey,
        seriesKey);
  }

  /**
   * Previs prompts describe action unless they say otherwise; a clip that should hold still says so
   * ("static", "still", "locked-off", "静止"), and then a static clip is no defect.
   */
  static boolean expectsMotion(String prompt) {
    if (prompt == null) {
      return true;
    }
    String p = prompt.toLowerCase(Locale.ROOT);
    return !(p.contains("static")
        || p.contains("still frame")
        || p.contains("still shot")
        || p.contains("locked-off")
        || p.contains("freeze frame")
        || p.contains("静止")
        || p.contains("定格"));
  }

  private void event(JobEvent e, VideoReady v, String correlationId) {
    publisher.publishAndWait(
        Topics.JOBS_EVENTS, v.jobId(), e, e.type().wire(), v.jobId(), correlationId);
  }
}
