package io.previs.launcher;

import java.io.PrintStream;
import java.util.List;

/** {@code ./previs qc}: the QC library's own command line, for any MP4. */
final class QcEntry {

  private QcEntry() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    err.println("previs qc: the QC library is not wired in yet");
    return 2;
  }
}
