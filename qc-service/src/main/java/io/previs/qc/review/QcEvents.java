package io.previs.qc.review;

import io.previs.contracts.qc.QcEvent;
import io.previs.contracts.video.VideoReady;
import io.previs.qccore.report.Finding;
import io.previs.qccore.report.QcReport;
import java.util.Locale;

/** The records a clip's review puts on {@code previs.qc.events}. */
final class QcEvents {

  private QcEvents() {}

  static QcEvent finding(VideoReady v, Finding f, String reportKey, String seriesKey) {
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
        seriesKey,
        null,
        null);
  }

  static QcEvent verdict(
      VideoReady v,
      QcReport report,
      String action,
      String regenerationJobId,
      String reportKey,
      String seriesKey) {
    String verdict = report.verdict().name().toLowerCase(Locale.ROOT);
    return new QcEvent(
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
        "variant " + v.variant() + ": " + verdict + " (" + action + ")",
        verdict,
        report.reasons(),
        reportKey,
        seriesKey,
        action,
        regenerationJobId);
  }
}
