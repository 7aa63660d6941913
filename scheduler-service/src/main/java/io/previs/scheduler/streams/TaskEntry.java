package io.previs.scheduler.streams;

import io.previs.contracts.shard.ShardTask;

/**
 * A shard's task as the encoder planned it, kept until the shard ends (it may be released again).
 */
record TaskEntry(ShardTask task, String correlationId) {}
