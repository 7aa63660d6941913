package io.previs.qccore.corpus;

import io.previs.qccore.ClipContext;
import io.previs.qccore.ClipQc;
import io.previs.qccore.config.QcConfig;
import io.previs.qccore.report.QcReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Renders, encodes and checks corpus clips on a few threads (one {@link ClipQc} per thread, as the
 * service would run them), deleting each MP4 once checked.
 */
final class CorpusRun {

  record Outcome(ClipSpec spec, QcReport report) {}

  private CorpusRun() {}

  static List<Outcome> run(List<ClipSpec> specs, QcConfig config, Path dir, int threads)
      throws Exception {
    // Oracle renders are shared by clips; render them first so threads do not race to do it
    specs.stream()
        .filter(s -> s.content() == Content.ORACLE)
        .mapToLong(ClipSpec::seed)
        .distinct()
        .forEach(OracleClips::frames);
    ThreadLocal<ClipQc> qc = ThreadLocal.withInitial(() -> new ClipQc(config));
    List<ClipQc> created = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (ClipSpec spec : specs) {
        futures.add(
            pool.submit(
                () -> {
                  Path mp4 = dir.resolve(spec.name() + ".mp4");
                  Mp4Writer.write(spec, mp4);
                  ClipQc checker = qc.get();
                  if (!created.contains(checker)) {
                    created.add(checker);
                  }
                  QcReport r = checker.check(mp4, ClipContext.of(spec.name()));
                  Files.deleteIfExists(mp4);
                  return new Outcome(spec, r);
                }));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdown();
      created.forEach(ClipQc::close);
    }
  }
}
