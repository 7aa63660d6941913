package io.previs.launcher.commands;

import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.PlatformOptions;
import io.previs.servicekit.lifecycle.StopSignals;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./previs up}: the embedded stack and all services, kept running until Ctrl-C, with the
 * addresses a user needs to submit with curl or kcat and watch.
 */
public final class UpCommand {

  private final PrintStream out;

  public UpCommand(PrintStream out) {
    this.out = out;
  }

  public int run(List<String> args) throws InterruptedException {
    Path dataDir = Path.of(".previs");
    int s3Port = 9000;
    int gatewayPort = 8080;
    int workers = 1;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args.get(++i);
      switch (a) {
        case "--data-dir" -> dataDir = Path.of(v);
        case "--s3-port" -> s3Port = Integer.parseInt(v);
        case "--gateway-port" -> gatewayPort = Integer.parseInt(v);
        case "--workers" -> workers = Integer.parseInt(v);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + a
                    + " (up takes --data-dir, --s3-port, --gateway-port, --workers; the Kafka port is chosen"
                    + " at start-up and printed)");
      }
    }
    out.println("Starting the local stack...");
    LocalPlatform platform =
        LocalPlatform.start(
            PlatformOptions.defaults(dataDir)
                .withWorkers(workers)
                .withPorts(0, s3Port, gatewayPort));
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C (or SIGTERM) is how `up` ends: the stack stops in order — renders checkpointed,
    // model sessions closed — before the JVM exits, with status 0.
    StopSignals.onStop(
        () -> {
          out.println("Stopping the local stack...");
          platform.close();
          stopped.countDown();
        },
        signal -> 0);
    out.printf(
        """
        Previs is up.
          Kafka bootstrap  %s
          S3 endpoint      %s   bucket %s   access key %s   secret key %s
          Gateway          %s   (OpenAPI: %s/v3/api-docs)
          Studio           local   API key %s   (kept in %s)
          Ops API key      %s   (kept in %s)
          Logs             %s

        Submit with curl:
          curl -s -XPOST %s/v1/jobs -H "Authorization: Bearer $(cat %s)" -H 'content-type: application/json' \\
            -d '{"studio":"local","clientJobId":"shot-010","prompt":"a knight rides through fog at dawn","seconds":3}'
        or with kcat:
          echo '{"studio":"local","clientJobId":"shot-011","prompt":"rain on a neon street"}' | \\
            kcat -P -b %s -t previs.jobs.submit.local
        Watch:  curl -N -H "Authorization: Bearer $(cat %s)" %s/v1/jobs/<jobId>/events
                or   kcat -C -b %s -t previs.jobs.events
        Ctrl-C stops everything.
        """,
        platform.bootstrapServers(),
        platform.s3Endpoint(),
        LocalPlatform.BUCKET,
        LocalPlatform.ACCESS_KEY,
        LocalPlatform.SECRET_KEY,
        platform.gatewayUrl(),
        platform.gatewayUrl(),
        platform.apiKey("local"),
        platform.apiKeyFile("local"),
        platform.apiKey("ops"),
        platform.apiKeyFile("ops"),
        dataDir.resolve("logs/previs.log"),
        platform.gatewayUrl(),
        platform.apiKeyFile("local"),
        platform.bootstrapServers(),
        platform.apiKeyFile("local"),
        platform.gatewayUrl(),
        platform.bootstrapServers());
    stopped.await();
    return 0;
  }
}
