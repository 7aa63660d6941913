package io.previs.gateway.jobs;

import io.previs.contracts.job.JobEvent.VariantOutput;
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

  /** Links to a variant's deliverables. */
  public JobResource.VariantLinks variant(VariantOutput o) {
    return new JobResource.VariantLinks(
        o.variant(),
        o.seed(),
        link(o.videoKey()),
        link(o.posterKey()),
        link(o.reportKey()),
        o.verdict());
  }

  /** Links to job-level artifacts, by name. */
  public Map<String, String> artifacts(Map<String, String> keysByName) {
    Map<String, String> links = new TreeMap<>();
    keysByName.forEach((name, key) -> links.put(name, link(key)));
    return links;
  }

  /**
   * A link to one named file of a job — {@code v<n>/clip.mp4}, {@code v<n>/poster.jpg}, {@code
   * v<n>/qc-report.json} or an artifact name — or null when it has none by that name. Only keys the
   * job's own events recorded can be named, so no name reaches another job's or studio's objects.
   */
  public String file(JobView job, String name) {
    String artifact = job.artifacts().get(name);
    if (artifact != null) {
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
    return link(
        switch (m.group(2)) {
          case "clip.mp4" -> o.videoKey();
          case "poster.jpg" -> o.posterKey();
          default -> o.reportKey();
        });
  }

  /** When links minted now stop working. */
  public Instant expiresAt() {
    return clock.instant().plus(store.presignExpiry());
  }
}
