package io.previs.launcher;

import io.previs.launcher.commands.KeysCommand;
import io.previs.launcher.commands.ModelCommand;
import io.previs.launcher.commands.StudioCommand;
import io.previs.launcher.commands.UpCommand;
import io.previs.launcher.render.RenderCommand;
import io.previs.launcher.render.RenderOptions;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code ./previs}. Exit codes: 0 ok, 1 job rejected or failed, 2 error, 64 usage.
 */
public final class PrevisCli {

  static final String USAGE =
      """
      usage: ./previs <command> [options]
        render "PROMPT" [options]   render a clip end to end on the embedded stack (./previs render --help)
        up [--data-dir DIR]         keep the embedded stack running; prints Kafka, S3 and gateway addresses
        qc CLIP.mp4 [options]       QC report for any MP4 (./previs qc --help)
        model check DIR             validate a model bundle directory
        model generate oracle|tiny-dit DIR
                                    write a built-in bundle to DIR
        model upload DIR            validate a bundle and upload it to the bucket named by
                                    PREVIS_STORAGE_ENDPOINT/_ACCESS_KEY/_SECRET_KEY/_BUCKET
        keys create|list|rotate|revoke
                                    API keys through the gateway's ops API (./previs keys --help)
        studio add STUDIO           a studio's Kafka submit topic and its ACL (./previs studio --help)
      """;

  private PrevisCli() {}

  public static void main(String[] args) {
    // Before any logger exists: the broker and s3proxy log from their first line.
    System.setProperty("logback.configurationFile", "previs-logback.xml");
    System.setProperty(
        "PREVIS_LOG_FILE", dataDir(args).resolve("logs/previs.log").toAbsolutePath().toString());
    // Five service contexts starting in parallel would each re-initialise logback on the same file
    // and race into duplicate appenders (every line logged several times): logging is set up once,
    // here, and Spring Boot leaves it alone.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    // Tomcat and other java.util.logging users go to the same file, not the terminal.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(run(args, System.out, System.err));
  }

  /** The --data-dir of any command, or the default, for the log file's location. */
  static java.nio.file.Path dataDir(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--data-dir")) {
        return java.nio.file.Path.of(args[i + 1]);
      }
    }
    return java.nio.file.Path.of(".previs");
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      out.print(USAGE);
      return args.length == 0 ? 64 : 0;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      return switch (args[0]) {
        case "render" -> {
          if (rest.contains("--help")) {
            out.print(RenderOptions.USAGE);
            yield 0;
          }
          yield new RenderCommand(out, err).run(RenderOptions.parse(rest));
        }
        case "up" -> new UpCommand(out).run(rest);
        case "qc" -> QcEntry.run(rest, out, err);
        case "model" -> new ModelCommand(out, err).run(rest);
        case "keys" -> new KeysCommand(out, err).run(rest);
        case "studio" -> new StudioCommand(out).run(rest);
        default -> {
          err.println("previs: unknown command '" + args[0] + "'");
          err.print(USAGE);
          yield 64;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println("previs: " + e.getMessage());
      return 64;
    } catch (Exception e) {
      err.println("previs: " + e.getMessage());
      return 2;
    }
  }
}
