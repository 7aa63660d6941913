package io.previs.contracts.job;

/**
 * A record about one job of one studio. The event, shard and video records all are; services use
 * this to scope logs, correlation and failure handling to the job without knowing the record type.
 */
public interface JobScoped {

  String jobId();

  String studio();
}
