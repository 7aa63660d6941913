package io.previs.launcher;

import io.previs.qccore.cli.QcCommand;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./previs qc}: the QC library's own command line, for any MP4 (also clips that did not come
 * from Previs). Exit status 0 pass, 1 review, 2 fail, 64 usage, 66 unreadable clip.
 */
final class QcEntry {

  private QcEntry() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    return QcCommand.run(args.toArray(String[]::new), out, err);
  }
}
