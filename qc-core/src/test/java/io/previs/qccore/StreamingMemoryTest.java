package io.previs.qccore;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.qccore.config.QcConfig;
import io.previs.qccore.corpus.TestClips;
import io.previs.qccore.report.QcReport;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * Memory does not grow with clip length: resident memory outside the Java heap (OpenCV's Mats,
 * FFmpeg, the cascades) is about the same after 150 frames as after 450 (2–2.5 MB apart here), and
 * the heap grows by no more than the per-frame series (tens of bytes a frame). A leaked 320×192
 * frame a frame would add 15–44 MB here.
 */
class StreamingMemoryTest {

  /**
   * Measured from here on: before, the JIT, malloc arenas and codec buffers still settle (up to ~14
   * MB under CI load when measured from frame 60), which is start-up, not a per-frame leak.
   */
  static final int WARM_UP = 150;

  static final int FRAMES = 450;

  @Test
  void memoryStaysFlatOverALongClip() throws Exception {
    try (ClipQc qc = new ClipQc(QcConfig.defaults())) {
      QcSession s = qc.open(ClipContext.of("long").withFps(16));
      long[] nativeAt = new long[2];
      long[] heapAt = new long[2];
      TestClips.render(
          TestClips.CLEAN_PAN,
          FRAMES,
          (i, bgr) -> {
            s.frame(bgr);
            if (i == WARM_UP - 1 || i == FRAMES - 1) {
              System.gc();
              int k = i == WARM_UP - 1 ? 0 : 1;
              Runtime rt = Runtime.getRuntime();
              nativeAt[k] = Pointer.physicalBytes() - rt.totalMemory();
              heapAt[k] = rt.totalMemory() - rt.freeMemory();
            }
          });
      QcReport r = s.finish();
      assertThat(r.clip().frames()).isEqualTo(FRAMES);
      assertThat(nativeAt[1] - nativeAt[0]).as("off-heap resident growth").isLessThan(12 << 20);
      assertThat(heapAt[1] - heapAt[0]).as("heap growth").isLessThan(16 << 20);
    }
  }
}
