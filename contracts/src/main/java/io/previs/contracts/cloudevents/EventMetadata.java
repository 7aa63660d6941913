package io.previs.contracts.cloudevents;

import java.time.Instant;

/**
 * CloudEvents attributes of one record, carried as {@code ce_} headers (Kafka protocol binding,
 * binary mode): the record value is the event data, untouched.
 *
 * @param source the producing service, e.g. "/previs/gateway"
 * @param subject the job id the event is about
 * @param correlationId extension attribute {@code correlationid}: the id of the submission that
 *     started the job, carried by every event downstream of it
 */
public record EventMetadata(
    String id, String type, String source, Instant time, String subject, String correlationId) {}
