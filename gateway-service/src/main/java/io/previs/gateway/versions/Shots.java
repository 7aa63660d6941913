package io.previs.gateway.versions;

import io.previs.contracts.job.JobLabels;
import io.previs.gateway.jobs.JobView;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which shot a job renders and which version of it: what the director's loop (next versions, more
 * like this, chosen takes, sequences) groups jobs by.
 */
public final class Shots {

  /**
   * The studio label that puts a job's shot in a sequence. A studio label, not a platform one: the
   * studio names its sequences as its editorial does ({@code sq010}).
   */
  public static final String SEQUENCE_LABEL = "sequence";

  private static final Pattern VERSIONED = Pattern.compile("^(.*)/v(\\d{3})$");

  private Shots() {}

  /**
   * The shot a job is a version of: its {@code previs.version.shot} label, else its clientJobId.
   */
  public static String shot(JobView job) {
    String label = job.spec() == null ? null : job.spec().labels().get(JobLabels.VERSION_SHOT);
    if (label != null) {
      return label;
    }
    Matcher m = VERSIONED.matcher(job.clientJobId() == null ? "" : job.clientJobId());
    return m.matches() ? m.group(1) : job.clientJobId();
  }

  /** The version a job is: its {@code previs.version} label, else 1. */
  public static int version(JobView job) {
    String v = job.spec() == null ? null : job.spec().labels().get(JobLabels.VERSION);
    return v == null ? 1 : Integer.parseInt(v);
  }

  /** The job's sequence label, or null. */
  public static String sequence(JobView job) {
    return job.spec() == null ? null : job.spec().labels().get(SEQUENCE_LABEL);
  }

  static String clientJobId(String shot, int version) {
    return shot + String.format(Locale.ROOT, "/v%03d", version);
  }
}
