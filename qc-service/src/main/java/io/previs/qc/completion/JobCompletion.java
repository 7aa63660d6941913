package io.previs.qc.completion;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.video.VideoReady;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.report.ReportJson;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Closes a job once every variant has its QC report: the completed event lists each variant's
 * deliverables and verdict. Videos-ready events are keyed by job, so a job's variants are reviewed
 * one after another by one consumer and the last one sees all reports.
 */
@Component
public class JobCompletion {

  private final ObjectStore store;
  private final EventPublisher publisher;

  public JobCompletion(ObjectStore store, EventPublisher publisher) {
    this.store = store;
    this.publisher = publisher;
  }

  public void maybeComplete(String jobId, String studio, int variantCount, String correlationId) {
    List<VariantOutput> outputs = new ArrayList<>();
    for (int v = 0; v < variantCount; v++) {
      String reportKey = ObjectKeys.qcReport(studio, jobId, v);
      String readyKey = ObjectKeys.readyMarker(studio, jobId, v);
      if (!store.exists(reportKey) || !store.exists(readyKey)) {
        return;
      }
      VideoReady ready = PrevisJson.mapper().readValue(store.get(readyKey), VideoReady.class);
      QcReport report = ReportJson.read(new String(store.get(reportKey), StandardCharsets.UTF_8));
      outputs.add(
          new VariantOutput(
              v,
              ready.seed(),
              ready.videoKey(),
              ready.posterKey(),
              reportKey,
              report.verdict().name().toLowerCase(Locale.ROOT)));
    }
    JobEvent done =
        JobEvent.of(JobEventType.COMPLETED, jobId, studio, Instant.now())
            .withStage(Stage.QC)
            .withOutputs(outputs);
    publisher.publishJobEvent(done, correlationId);
  }
}
