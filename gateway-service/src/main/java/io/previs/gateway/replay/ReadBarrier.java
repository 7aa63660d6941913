package io.previs.gateway.replay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Read-your-writes for a replica that did not write: how far the projection has read the job event
 * log, and a wait until it has read everything written before a given moment. A client that got a
 * 202 from one replica and asks another about its job is answered from a projection that has read
 * the acceptance, not with a 404 (and intake decides on a job only after its replica has read every
 * earlier decision on it, whichever replica wrote those).
 */
final class ReadBarrier {

  private final Admin admin;
  private final Map<TopicPartition, Long> read = new ConcurrentHashMap<>();
  private volatile List<TopicPartition> partitions = List.of();

  ReadBarrier(Admin admin) {
    this.admin = admin;
  }

  /** Called by the projection's reader when it is assigned its partitions. */
  void assigned(List<TopicPartition> assigned) {
    partitions = List.copyOf(assigned);
  }

  /** Called by the reader after applying a poll: its next offset in each partition. */
  synchronized void advanced(Map<TopicPartition, Long> positions) {
    read.putAll(positions);
    notifyAll();
  }

  /**
   * Waits until every event written before this call has been applied.
   *
   * @return false if that did not happen within {@code timeout} (or the log's end is unknown)
   */
  boolean awaitWrittenBefore(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<TopicPartition> parts = partitions;
    if (parts.isEmpty()) {
      return false;
    }
    Map<TopicPartition, Long> ends;
    try {
      ends =
          admin
              .listOffsets(
                  parts.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .entrySet()
              .stream()
              .collect(
                  Collectors.toMap(
                      Map.Entry::getKey, e -> ((ListOffsetsResultInfo) e.getValue()).offset()));
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
    synchronized (this) {
      while (!passed(ends)) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        wait(left);
      }
      return true;
    }
  }

  private boolean passed(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream()
        .allMatch(e -> read.getOrDefault(e.getKey(), -1L) >= e.getValue());
  }
}
