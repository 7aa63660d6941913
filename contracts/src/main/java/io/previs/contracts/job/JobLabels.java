package io.previs.contracts.job;

import java.util.Map;
import java.util.Set;

/**
 * Labels the platform itself puts on jobs, under the reserved {@code previs.} prefix.
 *
 * <p>Why reserved: the QC service submits regenerations through the same topic as studios, and its
 * lineage labels must neither collide with a studio's own tags nor push a studio that used its
 * whole allowance of {@link #MAX_STUDIO_LABELS} over the limit. The gateway therefore counts only
 * labels outside the prefix against the limit, and refuses {@code previs.} keys it does not know.
 */
public final class JobLabels {

  /** Keys starting with this belong to the platform. */
  public static final String RESERVED_PREFIX = "previs.";

  /** How many labels of its own a studio may put on a job. */
  public static final int MAX_STUDIO_LABELS = 32;

  /** The job the studio submitted, on every job of a regeneration chain. */
  public static final String REGENERATION_OF = "previs.regeneration.of";

  /** The job whose failed variant this job renders again. */
  public static final String REGENERATION_PARENT = "previs.regeneration.parent";

  /** The root job's variant this chain renders again. */
  public static final String REGENERATION_VARIANT = "previs.regeneration.variant";

  /** 1 for the first regeneration of the root variant. */
  public static final String REGENERATION_ATTEMPT = "previs.regeneration.attempt";

  /** The shot a version belongs to: the root clientJobId (the v001 job's). */
  public static final String VERSION_SHOT = "previs.version.shot";

  /** 2 for v002: a director rejected a take of the version before with edits. */
  public static final String VERSION = "previs.version";

  /** The job whose rejected take this version was made from. */
  public static final String VERSION_PARENT = "previs.version.parent";

  /** The edit a version was made with (its digest): a retried rejection finds its version. */
  public static final String VERSION_EDIT = "previs.version.edit";

  /** Every platform label a request may carry. */
  public static final Set<String> PLATFORM =
      Set.of(
          REGENERATION_OF,
          REGENERATION_PARENT,
          REGENERATION_VARIANT,
          REGENERATION_ATTEMPT,
          VERSION_SHOT,
          VERSION,
          VERSION_PARENT,
          VERSION_EDIT);

  private JobLabels() {}

  public static boolean reserved(String key) {
    return key.startsWith(RESERVED_PREFIX);
  }

  /** Labels that count against {@link #MAX_STUDIO_LABELS}. */
  public static long studioCount(Map<String, String> labels) {
    return labels.keySet().stream().filter(k -> !reserved(k)).count();
  }
}
