package io.previs.launcher.commands;

import io.previs.launcher.platform.StudioOnboarding;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code ./previs studio add S}: a studio's Kafka way in — its submit topic and, with {@code
 * --principal}, the ACL letting only that principal write it — on the cluster named by {@code
 * KAFKA_BOOTSTRAP_SERVERS} and the admin's {@code PREVIS_KAFKA_*} credentials (Kafka client
 * properties, e.g. PREVIS_KAFKA_SASL_JAAS_CONFIG for sasl.jaas.config).
 */
public final class StudioCommand {

  public static final String USAGE =
      """
      usage: ./previs studio add STUDIO [--principal User:STUDIO] [--partitions 3] [--replication N]
      --replication defaults to 3, or the number of brokers where there are fewer
      Kafka: KAFKA_BOOTSTRAP_SERVERS, and PREVIS_ADMIN_<PROPERTY> for the admin client's settings
             (PREVIS_ADMIN_SECURITY_PROTOCOL, PREVIS_ADMIN_SASL_MECHANISM, PREVIS_ADMIN_SASL_JAAS_CONFIG, …)
      """;

  private final PrintStream out;

  public StudioCommand(PrintStream out) {
    this.out = out;
  }

  public int run(List<String> args) {
    if (args.size() < 2 || !args.get(0).equals("add") || args.contains("--help")) {
      out.print(USAGE);
      return args.contains("--help") ? 0 : 64;
    }
    String studio = args.get(1);
    StudioOnboarding.requireStudio(studio);
    String principal = null;
    int partitions = 3;
    Short replication = null;
    for (int i = 2; i < args.size(); i++) {
      String a = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args.get(++i);
      switch (a) {
        case "--principal" -> principal = v;
        case "--partitions" -> partitions = number(a, v, 1, 1000);
        case "--replication" -> replication = (short) number(a, v, 1, 7);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    Map<String, Object> client = new HashMap<>();
    String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    client.put("bootstrap.servers", bootstrap == null ? "localhost:9092" : bootstrap);
    System.getenv()
        .forEach(
            (k, v) -> {
              // Not PREVIS_KAFKA_*: those are the services' own settings (previs.kafka.*).
              if (k.startsWith("PREVIS_ADMIN_")) {
                client.put(k.substring(13).toLowerCase(Locale.ROOT).replace('_', '.'), v);
              }
            });
    try (Admin admin = Admin.create(client)) {
      short rf = replication != null ? replication : defaultReplication(admin);
      StudioOnboarding.onboard(admin, studio, principal, partitions, rf).forEach(out::println);
    }
    return 0;
  }

  private static int number(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the message below names the option and the range
    }
    throw new IllegalArgumentException(
        option + ": '" + value + "' must be a whole number from " + min + " to " + max);
  }

  /**
   * Three copies, as the platform's own topics get in production, or as many as there are brokers.
   */
  private static short defaultReplication(Admin admin) {
    try {
      return (short) Math.min(3, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka to count its brokers: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
