package io.previs.media.assembly;

/** What is assembled exactly once: one variant of one job. */
public record AssemblyKey(String jobId, int variant) implements Comparable<AssemblyKey> {

  public AssemblyKey {
    if (jobId == null || jobId.isBlank()) {
      throw new IllegalArgumentException("jobId is required");
    }
  }

  @Override
  public int compareTo(AssemblyKey o) {
    int c = jobId.compareTo(o.jobId);
    return c != 0 ? c : Integer.compare(variant, o.variant);
  }

  @Override
  public String toString() {
    return jobId + "/v" + variant;
  }
}
