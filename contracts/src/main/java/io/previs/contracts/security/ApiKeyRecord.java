package io.previs.contracts.security;

import java.time.Instant;
import java.util.List;

/**
 * The state of one studio API key on the compacted topic {@code previs.security.keys} (key: the key
 * id). The secret itself is never stored: only a slow hash of it (bcrypt), so the topic's contents
 * do not let anyone call the API. Revoked keys stay on the topic, for the audit trail.
 *
 * @param id public part of the key ({@code pvk_<id>_<secret>})
 * @param studio whose key it is (null for ops and platform keys)
 * @param roles submitter, reviewer, ops, platform
 * @param secretHash bcrypt hash of the secret
 * @param rotatedAt when the secret last changed (null if never)
 * @param revokedAt when it was revoked (null while valid)
 * @param lastUsedAt last successful use, recorded at most once a minute
 */
public record ApiKeyRecord(
    int schemaVersion,
    String id,
    String studio,
    String name,
    List<String> roles,
    String secretHash,
    Instant createdAt,
    String createdBy,
    Instant rotatedAt,
    Instant revokedAt,
    Instant lastUsedAt) {

  public static final int SCHEMA_VERSION = 1;
}
