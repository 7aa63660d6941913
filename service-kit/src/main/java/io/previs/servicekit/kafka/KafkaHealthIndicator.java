package io.previs.servicekit.kafka;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Readiness: the Kafka cluster answers within a couple of seconds. */
public final class KafkaHealthIndicator extends AbstractHealthIndicator {

  private final Admin admin;

  public KafkaHealthIndicator(Admin admin) {
    super("Kafka unreachable");
    this.admin = admin;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000));
    int nodes = cluster.nodes().get(3, TimeUnit.SECONDS).size();
    builder
        .up()
        .withDetail("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS))
        .withDetail("brokers", nodes);
  }
}
