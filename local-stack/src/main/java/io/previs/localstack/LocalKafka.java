package io.previs.localstack;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real Apache Kafka broker in KRaft mode, running in this JVM (Kafka's own KafkaClusterTestKit).
 * Single broker, so every internal topic is configured for replication factor 1; share groups
 * (KIP-932) are on by default in Kafka 4.2.
 *
 * <p>{@link #startSasl} gives the broker a SASL_PLAINTEXT listener with the standard authorizer on
 * (deny unless an ACL allows, one super user), as a production broker is run: clients then need
 * {@link #clientProperties()} to connect at all.
 */
public final class LocalKafka implements AutoCloseable {

  /** The super user of a SASL broker (the test kit's PLAIN admin). */
  public static final String ADMIN_USER = "plain-admin";

  public static final String ADMIN_PASSWORD = "plain-admin-secret";

  private final KafkaClusterTestKit cluster;
  private final boolean sasl;

  private LocalKafka(KafkaClusterTestKit cluster, boolean sasl) {
    this.cluster = cluster;
    this.sasl = sasl;
  }

  /**
   * Starts a broker with a plaintext listener.
   *
   * @param port must be 0: Kafka's KRaft test kit picks the client port itself (printed by callers)
   * @param recordLockMillis default share-group acquisition lock: how long a shard a worker took
   *     stays invisible to other workers unless renewed (Kafka's default is 30 s)
   */
  public static LocalKafka start(int port, long recordLockMillis) {
    if (port != 0) {
      throw new IllegalArgumentException(
          "the embedded KRaft broker cannot use a fixed port (" + port + ")");
    }
    return start(recordLockMillis, false);
  }

  /** Starts a broker whose client listener needs SASL (PLAIN) and authorizes every request. */
  public static LocalKafka startSasl(long recordLockMillis) {
    return start(recordLockMillis, true);
  }

  private static LocalKafka start(long recordLockMillis, boolean sasl) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("group.share.min.record.lock.duration.ms", "1000");
    props.put("group.share.record.lock.duration.ms", Long.toString(recordLockMillis));
    props.put(
        "group.share.max.record.lock.duration.ms",
        Long.toString(Math.max(recordLockMillis, 60_000)));
    props.put("group.share.min.session.timeout.ms", "2000");
    props.put("group.share.session.timeout.ms", "10000");
    props.put("group.share.min.heartbeat.interval.ms", "500");
    props.put("group.share.heartbeat.interval.ms", "1000");
    props.put("auto.create.topics.enable", "false");
    if (sasl) {
      // PLAIN for the super user (the test kit's own), SCRAM for everyone else, as brokers run.
      props.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256");
      props.put(
          "listener.name.external.scram-sha-256.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }
    // A broker that hits a fatal error must not System.exit the JVM it shares with the services.
    Exit.setExitProcedure((status, message) -> {});
    Exit.setHaltProcedure((status, message) -> {});
    // Kafka's storage formatter prints to stdout; keep a CLI's console for its own output.
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      TestKitNodes.Builder nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1);
      if (sasl) {
        // The controller listener too: with the authorizer on, a broker reaching its controller
        // anonymously would be refused and never register.
        nodes.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
        nodes.setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
      }
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
      props.forEach(builder::setConfigProp);
      KafkaClusterTestKit cluster = builder.build();
      try {
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
      } catch (Exception e) {
        cluster.close();
        throw e;
      }
      return new LocalKafka(cluster, sasl);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot start the embedded Kafka broker: " + e.getMessage(), e);
    } finally {
      System.setOut(stdout);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /**
   * Takes the broker down, as a broker restart or crash does: clients' connections break and new
   * ones are refused until {@link #startBroker()}. Its log stays; the KRaft controller (the quorum,
   * separate in production) stays up.
   */
  public void stopBroker() {
    for (kafka.server.BrokerServer b : cluster.brokers().values()) {
      b.shutdown();
      b.awaitShutdown();
    }
  }

  /**
   * Starts the broker again on the same port, from its log (the test kit's pre-bound sockets keep
   * the port it first had), and waits until it has registered with the controller.
   */
  public void startBroker() {
    java.io.PrintStream stdout = System.out;
    try {
      for (kafka.server.BrokerServer b : cluster.brokers().values()) {
        b.startup();
      }
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      throw new IllegalStateException("cannot restart the embedded Kafka broker: " + e, e);
    } finally {
      System.setOut(stdout);
    }
  }

  public boolean sasl() {
    return sasl;
  }

  /**
   * What a client needs besides the bootstrap servers to connect (as the super user, on a SASL
   * broker); empty for a plaintext broker.
   */
  public Map<String, String> clientProperties() {
    if (!sasl) {
      return Map.of();
    }
    return Map.of(
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        "PLAIN",
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + ADMIN_USER
            + "\" password=\""
            + ADMIN_PASSWORD
            + "\";");
  }

  /** A SCRAM-SHA-256 user (a studio's principal), created by the super user. */
  public void createScramUser(String user, String password) {
    if (!sasl) {
      throw new IllegalStateException("a plaintext broker has no users");
    }
    Map<String, Object> admin = new java.util.HashMap<>(clientProperties());
    admin.put("bootstrap.servers", bootstrapServers());
    try (org.apache.kafka.clients.admin.Admin a =
        org.apache.kafka.clients.admin.Admin.create(admin)) {
      a.alterUserScramCredentials(
              java.util.List.of(
                  new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                      user,
                      new org.apache.kafka.clients.admin.ScramCredentialInfo(
                          org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_256, 4096),
                      password)))
          .all()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot create SCRAM user " + user + ": " + e.getMessage(), e);
    }
  }

  /** What a client needs to connect as a SCRAM user. */
  public Map<String, String> scramClientProperties(String user, String password) {
    return Map.of(
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        "SCRAM-SHA-256",
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the embedded Kafka broker", e);
    }
  }
}
