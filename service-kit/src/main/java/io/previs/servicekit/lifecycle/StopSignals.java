package io.previs.servicekit.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stops a process in order on SIGTERM (Kubernetes, an operator) or SIGINT (Ctrl-C): first the
 * application — every render stopped at a step boundary and checkpointed, every ONNX Runtime
 * session closed by its owner — and only then the JVM.
 *
 * <p>Why not simply Spring's shutdown hook: ONNX Runtime's Java binding registers a JVM shutdown
 * hook of its own that releases the native environment, and the JVM runs shutdown hooks side by
 * side. A render still inside {@code OrtSession.run} when that hook fires takes the JVM down with a
 * SIGSEGV. Closing the application before {@code System.exit} means no session is running when the
 * hooks start. A second signal while stopping forces the exit at once.
 */
public final class StopSignals implements AutoCloseable {

  private static final String[] SIGNALS = {"TERM", "INT"};

  private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];

  private StopSignals(Runnable stop, ToIntFunction<String> exitStatus) {
    AtomicBoolean stopping = new AtomicBoolean();
    SignalHandler handler =
        signal -> {
          int status = exitStatus.applyAsInt(signal.getName());
          if (!stopping.compareAndSet(false, true)) {
            Runtime.getRuntime().halt(status); // asked twice: the user does not want to wait
          }
          try {
            stop.run();
          } finally {
            System.exit(status);
          }
        };
    for (int i = 0; i < SIGNALS.length; i++) {
      previous[i] = Signal.handle(new Signal(SIGNALS[i]), handler);
    }
  }

  /**
   * On SIGTERM or SIGINT, runs {@code stop} and then exits with {@code exitStatus(signal name)}.
   * Closing the result puts the previous handlers back (a command that finished on its own).
   */
  public static StopSignals onStop(Runnable stop, ToIntFunction<String> exitStatus) {
    return new StopSignals(stop, exitStatus);
  }

  /**
   * Runs a service. On SIGTERM or SIGINT its context is closed first, then the JVM exits with
   * status 0: a service that stopped as asked has succeeded.
   */
  public static ConfigurableApplicationContext run(SpringApplicationBuilder app, String... args) {
    ConfigurableApplicationContext[] context = new ConfigurableApplicationContext[1];
    onStop(
        () -> {
          synchronized (context) {
            if (context[0] != null) {
              context[0].close();
            }
          }
        },
        signal -> 0);
    ConfigurableApplicationContext started = app.run(args);
    synchronized (context) {
      context[0] = started;
    }
    return started;
  }

  @Override
  public void close() {
    for (int i = 0; i < SIGNALS.length; i++) {
      Signal.handle(new Signal(SIGNALS[i]), previous[i]);
    }
  }
}
