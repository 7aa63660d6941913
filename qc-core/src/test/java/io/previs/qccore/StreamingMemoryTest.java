package io.previs.qccore;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.qccore.config.QcConfig;
import io.previs.qccore.corpus.TestClips;
import io.previs.qccore.report.QcReport;
import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * Memory does not grow with clip length. Resident memory outside the Java heap (OpenCV's Mats,
 * FFmpeg, the cascades) and the heap are sampled every {@link #INTERVAL} frames after a warm-up. A
 * leak grows in <em>every</em> interval: one leaked 320×192 grey frame a frame adds 6 MB per
 * interval, a colour one 18 MB. Settling (malloc arenas, codec buffers, the JIT under CI load) is a
 * one-off step that lands in one interval, so the test judges the two smallest of four intervals —
 * a single step of any size cannot fail it, and a steady leak of even a grey frame a frame cannot
 * pass it.
 */
class StreamingMemoryTest {

  static final int WARM_UP = 100;

  static final int INTERVAL = 100;

  static final int SAMPLES = 5;

  static final int FRAMES = WARM_UP + INTERVAL * (SAMPLES - 1);

  /** Well under the 6 MB a grey frame a frame would add per interval. */
  static final long NATIVE_LIMIT = 3L << 20;

  /** The per-frame series are tens of bytes a frame; a leaked frame's pixels on-heap are 61 KB. */
  static final long HEAP_LIMIT = 3L << 20;

  @Test
  void memoryStaysFlatOverALongClip() throws Exception {
    try (ClipQc qc = new ClipQc(QcConfig.defaults())) {
      QcSession s = qc.open(ClipContext.of("long").withFps(16));
      long[] nativeAt = new long[SAMPLES];
      long[] heapAt = new long[SAMPLES];
      TestClips.render(
          TestClips.CLEAN_PAN,
          FRAMES,
          (i, bgr) -> {
            s.frame(bgr);
            int done = i + 1;
            if (done >= WARM_UP && (done - WARM_UP) % INTERVAL == 0) {
              int k = (done - WARM_UP) / INTERVAL;
              System.gc();
              Runtime rt = Runtime.getRuntime();
              nativeAt[k] = Pointer.physicalBytes() - rt.totalMemory();
              heapAt[k] = rt.totalMemory() - rt.freeMemory();
            }
          });
      QcReport r = s.finish();
      assertThat(r.clip().frames()).isEqualTo(FRAMES);
      assertThat(secondSmallestStep(nativeAt))
          .as("off-heap growth per %d frames, samples %s", INTERVAL, Arrays.toString(nativeAt))
          .isLessThan(NATIVE_LIMIT);
      assertThat(secondSmallestStep(heapAt))
          .as("heap growth per %d frames, samples %s", INTERVAL, Arrays.toString(heapAt))
          .isLessThan(HEAP_LIMIT);
    }
  }

  /** The second smallest growth between consecutive samples: robust to one settling step. */
  static long secondSmallestStep(long[] samples) {
    long[] steps = new long[samples.length - 1];
    for (int i = 1; i < samples.length; i++) {
      steps[i - 1] = samples[i] - samples[i - 1];
    }
    Arrays.sort(steps);
    return steps[1];
  }
}
