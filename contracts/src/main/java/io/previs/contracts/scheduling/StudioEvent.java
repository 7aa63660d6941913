package io.previs.contracts.scheduling;

import java.time.Instant;

/**
 * Something that happened to a studio as a whole: its GPU-second budget for a period reached the
 * warning level ({@code budget.warning}, 80 % by default) or ran out ({@code budget.exhausted}: no
 * new shard of the studio starts until the period turns or ops raise the budget; running ones
 * finish).
 *
 * @param period {@code day} or {@code month} (UTC)
 * @param periodKey e.g. {@code 2026-12-02} or {@code 2026-12}
 */
public record StudioEvent(
    int schemaVersion,
    String type,
    String studio,
    String period,
    String periodKey,
    double usedGpuSeconds,
    double budgetGpuSeconds,
    Instant at) {

  public static final int SCHEMA_VERSION = 1;
}
