package io.previs.qccore.cli;

import io.previs.qccore.ClipContext;
import io.previs.qccore.ClipQc;
import io.previs.qccore.config.InvalidConfigException;
import io.previs.qccore.config.QcConfig;
import io.previs.qccore.config.QcProfiles;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.report.ReportJson;
import io.previs.qccore.report.TextReport;
import io.previs.qccore.report.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code previs qc}: QC of any video file (not only Previs output), printing the report as text or
 * JSON. The exit code is the worst verdict, so scripts can gate on it.
 */
public final class QcCommand {

  public static final int PASS = 0;
  public static final int REVIEW = 1;
  public static final int FAIL = 2;
  public static final int USAGE = 64;
  public static final int UNREADABLE = 66;

  static final String USAGE_TEXT =
      """
      Usage: previs qc [options] CLIP...
      Checks video clips for broken frames: jump cuts, flicker, freezes, black or blank frames,
      jitter, reversed motion, warp errors, static clips, and faces that vanish, jump, distort or
      have implausible geometry. CLIP is any file FFmpeg reads, or - for standard input.

      Options:
        --json             print the full report as JSON (an array when several clips)
        --profile FILE     apply a studio profile (JSON); repeatable, later files win
        --expect-motion    the prompt asked for motion: a static clip is a finding
        --prompt TEXT      the shot's prompt: its words set expectations (a storm expects
                           flashes, an empty street no faces; docs/QC.md)
        --clip-id ID       id to put in the report (default: the file name; one clip only)
        --print-config     print the effective configuration as JSON and exit
        -h, --help         print this help and exit

      Exit codes: 0 pass, 1 review (a warning), 2 fail (a critical finding),
                  64 usage or profile error, 66 a clip could not be read or decoded.
      """;

  private QcCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("previs qc: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    }
    if (o.help) {
      out.print(USAGE_TEXT);
      return PASS;
    }
    QcConfig config;
    try {
      config = QcProfiles.load(o.profiles.toArray(Path[]::new));
    } catch (InvalidConfigException | UncheckedIOException e) {
      err.println("previs qc: profile: " + e.getMessage());
      return USAGE;
    }
    if (o.printConfig) {
      out.println(QcProfiles.toJson(config));
      return PASS;
    }
    Verdict worst = Verdict.PASS;
    boolean unreadable = false;
    List<String> json = new ArrayList<>();
    try (ClipQc qc = new ClipQc(config)) {
      for (String clip : o.clips) {
        String id = o.clipId != null ? o.clipId : clip.equals("-") ? "stdin" : fileName(clip);
        ClipContext ctx = ClipContext.of(id).withExpectMotion(o.expectMotion).withPrompt(o.prompt);
        QcReport report;
        try {
          report = clip.equals("-") ? qc.check(System.in, ctx) : check(qc, Path.of(clip), ctx);
        } catch (IOException e) {
          err.println("previs qc: " + clip + ": " + e.getMessage());
          unreadable = true;
          continue;
        }
        worst = worst.worst(report.verdict());
        if (o.json) {
          json.add(ReportJson.writePretty(report));
        } else {
          out.print(TextReport.render(report, clip));
        }
      }
    }
    if (o.json) {
      out.println(json.size() == 1 ? json.getFirst() : "[" + String.join(",\n", json) + "]");
    }
    if (unreadable) {
      return UNREADABLE;
    }
    return switch (worst) {
      case PASS -> PASS;
      case REVIEW -> REVIEW;
      case FAIL -> FAIL;
    };
  }

  private static QcReport check(ClipQc qc, Path file, ClipContext ctx) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no such file");
    }
    return qc.check(file, ctx);
  }

  private static String fileName(String clip) {
    Path name = Path.of(clip).getFileName();
    return name == null ? clip : name.toString();
  }

  /** Parsed command line. */
  static final class Options {
    boolean json;
    boolean expectMotion;
    boolean printConfig;
    boolean help;
    String clipId;
    String prompt;
    final List<Path> profiles = new ArrayList<>();
    final List<String> clips = new ArrayList<>();

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--json" -> o.json = true;
          case "--expect-motion" -> o.expectMotion = true;
          case "--print-config" -> o.printConfig = true;
          case "-h", "--help" -> o.help = true;
          case "--profile" -> o.profiles.add(Path.of(value(args, ++i, a)));
          case "--clip-id" -> o.clipId = value(args, ++i, a);
          case "--prompt" -> o.prompt = value(args, ++i, a);
          default -> {
            if (a.startsWith("--") || (a.startsWith("-") && !a.equals("-"))) {
              throw new IllegalArgumentException("unknown option " + a);
            }
            o.clips.add(a);
          }
        }
      }
      if (!o.help && !o.printConfig && o.clips.isEmpty()) {
        throw new IllegalArgumentException("no clip given");
      }
      if (o.clipId != null && o.clips.size() > 1) {
        throw new IllegalArgumentException("--clip-id needs exactly one clip");
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
