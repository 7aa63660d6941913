package io.previs.contracts.qc;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.previs.contracts.job.JobScoped;
import java.util.List;

/**
 * A QC result on {@code previs.qc.events}: either one finding of one check on one clip, or the
 * clip's verdict. One flat type, so dashboards read both the same way.
 *
 * @param check e.g. "similarity.jump_cut", "face.vanish", "flow.reversal"
 * @param frameStart, frameEnd the frame range the finding covers (inclusive)
 * @param verdict on verdicts: pass, review or fail
 * @param reportKey object key of the full JSON report; seriesKey of the per-frame time series
 * @param action on verdicts, what happens next: {@code none} (pass), {@code review} (flagged for a
 *     person), {@code regenerate} (a new render was requested), {@code exhausted} (fail, and the
 *     regeneration attempts are used up) or {@code keep} (fail, regeneration switched off)
 * @param regenerationJobId with {@code regenerate}: the job that renders the variant again
 */
public record QcEvent(
    int schemaVersion,
    Kind kind,
    String jobId,
    String studio,
    int variant,
    int variantCount,
    String check,
    Double score,
    Double threshold,
    Integer frameStart,
    Integer frameEnd,
    String severity,
    String message,
    String verdict,
    List<String> reasons,
    String reportKey,
    String seriesKey,
    String action,
    String regenerationJobId)
    implements JobScoped {

  public static final int SCHEMA_VERSION = 1;

  public enum Kind {
    FINDING,
    VERDICT;

    @JsonValue
    public String wire() {
      return name().toLowerCase();
    }

    @JsonCreator
    public static Kind parse(String s) {
      return valueOf(s.toUpperCase());
    }
  }
}
