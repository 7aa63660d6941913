package io.previs.gateway.jobs;

import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.gateway.security.Caller;
import io.previs.gateway.security.Role;
import io.previs.servicekit.storage.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Presigned download links, minted per answer and valid for the storage's presign expiry: the one
 * place the gateway turns object keys into URLs for clients.
 */
@Component
public class Downloads {

  private final ObjectStore store;
  private final Clock clock = Clock.systemUTC();

  /** Links must not outlive a short review session: longer ones leak into chats and tickets. */
  static final Duration MAX_EXPIRY = Duration.ofMinutes(15);

  public Downloads(ObjectStore store) {
    if (store.presignExpiry().compareTo(MAX_EXPIRY) > 0) {
      throw new IllegalArgumentException(
          "previs.storage.presign-expiry "
              + store.presignExpiry()
              + " is above the gateway's limit of "
              + MAX_EXPIRY);
    }
    this.store = store;
  }

  /** A link to one object, or null for no object. */
  public String link(String key) {
    return key == null ? null : store.presignGet(key);
  }

  /**
   * Why the caller may not download a variant's pictures, or null when they may: QC has not judged
   * it yet, or the content policy holds it (a face resembles a protected person's) and ops have not
   * approved it. Ops may, to decide. The QC report (numbers and reasons, no pictures) stays
   * readable.
   */
  public static String withheld(JobView job, int variant, Caller caller) {
    if (caller.has(Role.OPS)) {
      return null;
    }
    boolean judged =
        job.outputs().stream().anyMatch(o -> o.variant() == variant && o.verdict() != null);
    if (!judged) {
      // The likeness check is part of QC: a picture served before QC's verdict could be one the
      // content policy would have held.
      return "variant "
          + variant
          + " of job "
          + job.jobId()
          + " is waiting for QC (its likeness check among them): its pictures follow its verdict";
    }
    return job.reviews().stream()
        .filter(r -> r.variant() == variant && r.withheld())
        .findFirst()
        .map(
            r ->
                "variant "
                    + variant
                    + " of job "
                    + job.jobId()
                    + " is held by the content policy ("
                    + r.hold()
                    + ", "
                    + r.decision()
                    + "): only ops may download it until ops approve it")
        .orElse(null);
  }

  /** Why the caller may not download the job's artifacts (a variant in them is held), or null. */
  public static String withheld(JobView job, Caller caller) {
    return job.outputs().stream()
        .map(o -> withheld(job, o.variant(), caller))
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .map(w -> w + "; the job's contact sheets show it, so they wait too")
        .orElse(null);
  }

  /** Links to a variant's deliverables (none to its pictures while it is withheld). */
  public JobResource.VariantLinks variant(JobView job, VariantOutput o, Caller caller) {
    String held = withheld(job, o.variant(), caller);
    return new JobResource.VariantLinks(
        o.variant(),
        o.seed(),
        held != null ? null : link(o.videoKey()),
        held != null ? null : link(o.posterKey()),
        link(o.reportKey()),
        o.verdict(),
        held);
  }

  /** Links to job-level artifacts, by name (none while a variant in them is withheld). */
  public Map<String, String> artifacts(JobView job, Caller caller) {
    Map<String, String> links = new TreeMap<>();
    if (withheld(job, caller) == null) {
      job.artifacts().forEach((name, key) -> links.put(name, link(key)));
    }
    return links;
  }

  /**
   * A link to one named file of a job — {@code v<n>/clip.mp4}, {@code v<n>/poster.jpg}, {@code
   * v<n>/qc-report.json} or an artifact name — or null when it has none by that name. Only keys the
   * job's own events recorded can be named, so no name reaches another job's or studio's objects.
   *
   * @throws org.springframework.web.server.ResponseStatusException 403 for a picture of a variant
   *     withheld from the caller (see {@link #withheld(JobView, int, Caller)})
   */
  public String file(JobView job, String name, Caller caller) {
    String artifact = job.artifacts().get(name);
    if (artifact != null) {
      refuseIfWithheld(withheld(job, caller));
      return link(artifact);
    }
    Matcher m =
        Pattern.compile("v(\\d{1,3})/(clip\\.mp4|poster\\.jpg|qc-report\\.json)").matcher(name);
    if (!m.matches()) {
      return null;
    }
    int variant = Integer.parseInt(m.group(1));
    VariantOutput o =
        job.outputs().stream().filter(v -> v.variant() == variant).findFirst().orElse(null);
    if (o == null) {
      return null;
    }
    if (!m.group(2).equals("qc-report.json")) {
      refuseIfWithheld(withheld(job, variant, caller));
    }
    return link(
        switch (m.group(2)) {
          case "clip.mp4" -> o.videoKey();
          case "poster.jpg" -> o.posterKey();
          default -> o.reportKey();
        });
  }

  private static void refuseIfWithheld(String why) {
    if (why != null) {
      throw new org.springframework.web.server.ResponseStatusException(
          org.springframework.http.HttpStatus.FORBIDDEN, why);
    }
  }

  /** When links minted now stop working. */
  public Instant expiresAt() {
    return clock.instant().plus(store.presignExpiry());
  }
}
