package io.previs.gateway.jobs;

import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.servicekit.storage.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Presigned download links, minted per answer and valid for the storage's presign expiry: the one
 * place the gateway turns object keys into URLs for clients.
 */
@Component
public class Downloads {

  private final ObjectStore store;
  private final Clock clock = Clock.systemUTC();

  public Downloads(ObjectStore store) {
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

  /** When links minted now stop working. */
  public Instant expiresAt() {
    return clock.instant().plus(store.presignExpiry());
  }
}
