package io.previs.launcher.render;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.Stage;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One terminal progress bar per pipeline stage, opened as the job reaches it: encode, render (every
 * denoising step of every shard), post-process and QC (one tick per variant). Also keeps each
 * stage's first start and last end for the timing table.
 */
final class StageBars implements AutoCloseable {

  private final PrintStream out;
  private final Map<Stage, Instant> started = new EnumMap<>(Stage.class);
  private final Map<Stage, Instant> ended = new EnumMap<>(Stage.class);
  private final Map<String, Integer> shardSteps = new HashMap<>();
  private ProgressBar bar;
  private Stage barStage;
  private int shards = 1;
  private int variants = 1;
  private int stepsPerShard;
  private final boolean interactive;
  private int plainPercent = -1;

  /**
   * Bars on a terminal; on a pipe or in CI, one plain line per stage and per quarter of denoising.
   */
  StageBars(PrintStream out) {
    this(out, System.console() != null);
  }

  StageBars(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  void accepted(int shards, int variants) {
    this.shards = shards;
    this.variants = variants;
  }

  void on(JobEvent e) {
    Stage s = e.stage();
    if (s == null) {
      return;
    }
    switch (e.type()) {
      case STAGE_STARTED -> {
        started.putIfAbsent(s, e.at());
        open(s);
      }
      case PROGRESS -> {
        started.putIfAbsent(Stage.RENDER, e.at());
        open(Stage.RENDER);
        if (e.progress() != null && e.shard() != null) {
          if (stepsPerShard == 0) {
            stepsPerShard = e.progress().steps();
            if (bar != null) {
              bar.maxHint((long) stepsPerShard * shards);
            }
          }
          shardSteps.put(e.shard().shardId(), e.progress().step());
          long done = shardSteps.values().stream().mapToLong(Integer::longValue).sum();
          if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(
                e.progress().expert() + " σ=" + String.format("%.3f", e.progress().sigma()));
          } else {
            plain(done, (long) stepsPerShard * shards, e.progress().expert());
          }
        }
      }
      case STAGE_COMPLETED -> {
        ended.put(s, e.at());
        open(s);
        if (s == Stage.RENDER && e.shard() != null) {
          if (stepsPerShard > 0) {
            shardSteps.put(e.shard().shardId(), stepsPerShard);
            long done = shardSteps.values().stream().mapToLong(Integer::longValue).sum();
            if (bar != null) {
              bar.stepTo(done);
            } else {
              plain(done, (long) stepsPerShard * shards, "");
            }
          }
        } else if (bar != null) {
          bar.step();
        } else {
          out.println(label(s).trim() + ": " + (e.reason() == null ? "done" : e.reason()));
        }
      }
      default -> {}
    }
  }

  private void open(Stage s) {
    if (s == barStage) {
      return;
    }
    if (s.ordinal() < (barStage == null ? -1 : barStage.ordinal())) {
      return; // late event of an earlier stage (another variant): its bar is done
    }
    closeBar();
    barStage = s;
    if (!interactive) {
      out.println(label(s).trim() + ": started");
      return;
    }
    long max =
        switch (s) {
          case ENCODE, INTAKE -> 1;
          case RENDER -> Math.max(1, (long) stepsPerShard * shards);
          case POSTPROCESS, QC -> variants;
        };
    bar =
        new ProgressBarBuilder()
            .setTaskName(label(s))
            .setInitialMax(max)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(200)
            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
            .build();
  }

  private void plain(long done, long total, String expert) {
    if (total <= 0) {
      return;
    }
    int pct = (int) (100 * done / total);
    if (pct / 25 > plainPercent / 25 || (pct == 100 && plainPercent < 100)) {
      plainPercent = pct;
      out.printf(
          "Denoise: %d%% (%d/%d steps)%s%n",
          pct, done, total, expert.isEmpty() ? "" : ", " + expert + " expert");
    }
  }

  private static String label(Stage s) {
    return switch (s) {
      case INTAKE -> "Intake     ";
      case ENCODE -> "Encode     ";
      case RENDER -> "Denoise    ";
      case POSTPROCESS -> "Postprocess";
      case QC -> "QC         ";
    };
  }

  private void closeBar() {
    if (bar != null) {
      bar.stepTo(bar.getMax());
      bar.close();
      bar = null;
    }
  }

  Duration duration(Stage s) {
    Instant a = started.get(s);
    Instant b = ended.get(s);
    return a == null || b == null ? null : Duration.between(a, b);
  }

  Instant started(Stage s) {
    return started.get(s);
  }

  Instant ended(Stage s) {
    return ended.get(s);
  }

  @Override
  public void close() {
    closeBar();
  }
}
