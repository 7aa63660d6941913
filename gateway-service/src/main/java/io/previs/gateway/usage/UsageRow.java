package io.previs.gateway.usage;

import java.time.LocalDate;

/**
 * GPU-seconds billed to one studio on one day (UTC, by when each shard finished rendering), for one
 * model on one pool.
 */
record UsageRow(
    LocalDate day, String studio, String model, String pool, int shards, double deviceSeconds) {}
