package io.previs.gateway.keys;

import io.previs.contracts.security.ApiKeyRecord;
import java.time.Instant;
import java.util.List;

/**
 * An API key as ops see it: never its secret or hash.
 *
 * @param key the key itself ({@code pvk_<id>_<secret>}): only in the answer that creates or rotates
 *     it, never again
 */
record KeyView(
    String id,
    String studio,
    String name,
    List<String> roles,
    Instant createdAt,
    String createdBy,
    Instant rotatedAt,
    Instant revokedAt,
    Instant lastUsedAt,
    String key) {

  static KeyView of(ApiKeyRecord k, String key) {
    return new KeyView(
        k.id(),
        k.studio(),
        k.name(),
        k.roles(),
        k.createdAt(),
        k.createdBy(),
        k.rotatedAt(),
        k.revokedAt(),
        k.lastUsedAt(),
        key);
  }
}
