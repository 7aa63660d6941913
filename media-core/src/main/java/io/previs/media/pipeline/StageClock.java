package io.previs.media.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Wall time spent per stage, summed over frames, from whichever thread ran it. */
final class StageClock {

  static final String DECODE = "decode";
  static final String ANALYSE = "analyse";
  static final String GRADE = "grade";
  static final String ANTI_ALIAS = "antiAlias";
  static final String UPSCALE = "upscale";
  static final String H264 = "h264";
  static final String PRORES = "prores";
  static final String POSTER = "poster";
  static final String TOTAL = "total";

  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

  long start() {
    return System.nanoTime();
  }

  void stop(String stage, long start) {
    nanos.computeIfAbsent(stage, k -> new LongAdder()).add(System.nanoTime() - start);
  }

  Map<String, Long> millis() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String s :
        new String[] {DECODE, ANALYSE, GRADE, ANTI_ALIAS, UPSCALE, H264, PRORES, POSTER, TOTAL}) {
      LongAdder a = nanos.get(s);
      if (a != null) {
        out.put(s, a.sum() / 1_000_000);
      }
    }
    return out;
  }
}
