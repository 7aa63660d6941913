package io.previs.qccore;

/** Where a clip's CPU time goes; reported per stage in {@code timings}. */
enum Stage {
  DECODE("decode"),
  PREPARE("prepare"),
  SIMILARITY("similarity"),
  FLOW("flow"),
  FACE("face"),
  FINDINGS("findings");

  final String key;

  Stage(String key) {
    this.key = key;
  }
}
