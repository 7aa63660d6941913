package io.previs.bench;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import com.sun.management.OperatingSystemMXBean;
import io.previs.qccore.ClipContext;
import io.previs.qccore.ClipQc;
import io.previs.qccore.config.QcConfig;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.video.Natives;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * QC cost of an 81-frame 1280×720 H.264 clip against the budget of 5 core-seconds, split by stage
 * (decode, prepare, similarity, flow, face, findings), and memory against clip length (81, 243, 810
 * frames: streaming decode keeps it flat).
 *
 * <p>The clip is generated here: a camera panning over a procedural scene with the astronaut's head
 * (qc-core's test photo) moving across it, so face tracking does its full work every frame. Core-
 * seconds are process CPU time, all threads. OpenCV runs on one thread so the per-stage figures
 * (thread CPU time) add up to the total; FFmpeg decodes on one thread (QC's default).
 *
 * <p>Usage: bench/run.sh qc [rounds] [longest-clip-frames]
 */
public final class QcBench {

  private static final int WIDTH = 1280;
  private static final int HEIGHT = 720;
  private static final double FPS = 16;
  private static final Path PHOTO = Path.of("qc-core/src/test/resources/astronaut.png");

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int longest = args.length > 1 ? Integer.parseInt(args[1]) : 810;
    Natives.init();
    opencv_core.setNumThreads(1);
    Path dir = Files.createDirectories(Path.of("target/bench-qc"));
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf(
        "QC bench: %dx%d H.264 (libopenh264), %d cores, JDK %s, OpenCV threads 1%n%n",
        WIDTH,
        HEIGHT,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));

    Path clip81 = clip(dir, 81);
    try (ClipQc qc = new ClipQc(QcConfig.defaults())) {
      qc.check(clip81, ClipContext.of("warm-up"));
      qc.check(clip81, ClipContext.of("warm-up"));
      List<Double> cpu = new ArrayList<>();
      List<Double> wall = new ArrayList<>();
      List<Map<String, Double>> stages = new ArrayList<>();
      QcReport last = null;
      for (int r = 0; r < rounds; r++) {
        long c0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        last = qc.check(clip81, ClipContext.of("bench"));
        wall.add((System.nanoTime() - w0) / 1e9);
        cpu.add((os.getProcessCpuTime() - c0) / 1e9);
        stages.add(last.timings());
      }
      System.out.printf(
          "81 frames, %d rounds: %.2f core-seconds (median; min %.2f, max %.2f), wall %.2f s,"
              + " verdict %s, %d face track(s)%n",
          rounds,
          median(cpu),
          cpu.stream().mapToDouble(d -> d).min().orElse(0),
          cpu.stream().mapToDouble(d -> d).max().orElse(0),
          median(wall),
          last.verdict(),
          last.faceTracks().size());
      System.out.println("\n| stage | CPU ms per clip (median) | ms per frame | share |");
      System.out.println("| --- | ---: | ---: | ---: |");
      Map<String, Double> split = new LinkedHashMap<>();
      for (String stage : stages.getFirst().keySet()) {
        split.put(stage, median(stages.stream().map(m -> m.getOrDefault(stage, 0.0)).toList()));
      }
      double total = split.values().stream().mapToDouble(d -> d).sum();
      split.forEach(
          (stage, ms) ->
              System.out.printf(
                  "| %s | %.0f | %.1f | %.0f %% |%n", stage, ms, ms / 81, 100 * ms / total));
      System.out.printf("| sum of stages (one thread) | %.0f | %.1f | |%n%n", total, total / 81);
    }

    System.out.println(
        "| frames | core-seconds | peak heap used (MiB) | RSS before (MiB) | peak RSS (MiB) |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: |");
    for (int n : new int[] {longest, 243, 81}) {
      Path clip = clip(dir, n);
      try (ClipQc qc = new ClipQc(QcConfig.defaults())) {
        // a first pass grows the heap and native pools to their working size; measure the second
        qc.check(clip, ClipContext.of("warm-up"));
        System.gc();
        resetPeaks();
        long before = rss();
        long c0 = os.getProcessCpuTime();
        qc.check(clip, ClipContext.of("memory"));
        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
        System.out.printf(
            "| %d | %.2f | %.0f | %.0f | %.0f |%n",
            n, cpu, peakHeap() / 1048576.0, before / 1024.0, peakRss() / 1024.0);
      }
    }
  }

  private static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(d -> d).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
    try {
      // Linux: "5" resets the process's peak resident set size (VmHWM)
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (Exception e) {
      System.out.println("(cannot reset peak RSS: " + e.getMessage() + ")");
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** VmHWM (peak resident set since the last reset) in KiB. */
  private static long peakRss() throws Exception {
    return status("VmHWM:");
  }

  /** VmRSS in KiB. */
  private static long rss() throws Exception {
    return status("VmRSS:");
  }

  private static long status(String key) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** Writes (once) an n-frame pan over a procedural scene with the astronaut's head crossing it. */
  private static Path clip(Path dir, int frames) throws Exception {
    Path file = dir.resolve("qc-" + WIDTH + "x" + HEIGHT + "-" + frames + ".mp4");
    if (Files.exists(file)) {
      return file;
    }
    System.out.printf("(generating %s)%n", file);
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    try (Mat scene = scene(WIDTH * 2, HEIGHT * 2, 7);
        Mat head = head();
        Mat frame = new Mat(HEIGHT, WIDTH, CV_8UC3);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT);
      rec.setFormat("mp4");
      rec.setVideoCodecName("libopenh264");
      rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      rec.setFrameRate(FPS);
      rec.setGopSize(32);
      rec.setVideoBitrate(6_000_000);
      rec.start();
      float[] alpha = head == null ? null : mask(head.cols(), head.rows());
      for (int t = 0; t < frames; t++) {
        // pan back and forth so any length stays inside the scene
        double phase = (t % 160) / 160.0;
        double u = phase < 0.5 ? phase * 2 : 2 - phase * 2;
        pan(scene, frame, 40 + u * (WIDTH - 80), 60 + u * 200);
        if (head != null) {
          double v = ((t % 100) / 100.0);
          double w = v < 0.5 ? v * 2 : 2 - v * 2;
          composite(
              frame, head, alpha, (int) (200 + w * 600), (int) (140 + 20 * Math.sin(t / 6.0)));
        }
        rec.record(converter.convert(frame));
      }
      rec.stop();
      rec.release();
    }
    return file;
  }

  private static void pan(Mat scene, Mat out, double x, double y) {
    try (Mat m = new Mat(2, 3, CV_64F)) {
      new DoublePointer(m.data()).put(new double[] {1, 0, -x, 0, 1, -y});
      warpAffine(
          scene, out, m, new Size(WIDTH, HEIGHT), INTER_LINEAR, BORDER_REFLECT, new Scalar());
    }
  }

  /** Smooth colour noise at three scales with hard-edged discs on top. */
  private static Mat scene(int w, int h, long seed) {
    Mat acc = new Mat(h, w, CV_32FC3, new Scalar(0, 0, 0, 0));
    Random rnd = new Random(seed);
    double amp = 1;
    for (int cells = 6; cells <= 48; cells *= 2, amp *= 0.5) {
      int ch = Math.max(2, cells * h / w);
      try (Mat small = new Mat(ch, cells, CV_32FC3);
          Mat big = new Mat()) {
        float[] noise = new float[ch * cells * 3];
        for (int i = 0; i < noise.length; i++) {
          noise[i] = rnd.nextFloat() * 255;
        }
        new FloatPointer(small.data()).put(noise);
        resize(small, big, new Size(w, h), 0, 0, INTER_CUBIC);
        opencv_core.scaleAdd(big, amp / 1.9, acc, acc);
      }
    }
    Mat out = new Mat();
    acc.convertTo(out, CV_8UC3);
    acc.close();
    for (int i = 0; i < 120; i++) {
      circle(
          out,
          new Point(rnd.nextInt(w), rnd.nextInt(h)),
          8 + rnd.nextInt(60),
          new Scalar(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), 0),
          -1,
          LINE_AA,
          0);
    }
    return out;
  }

  /**
   * The astronaut's head from qc-core's test photo, scaled to a medium close-up; null if absent.
   */
  private static Mat head() {
    if (!Files.exists(PHOTO)) {
      System.out.println("(no " + PHOTO + ": the bench clip has no face)");
      return null;
    }
    try (Mat photo = opencv_imgcodecs.imread(PHOTO.toString());
        Mat crop = new Mat(photo, new Rect(140, 10, 170, 205))) {
      Mat head = new Mat();
      resize(crop, head, new Size(340, 410), 0, 0, INTER_LINEAR);
      return head;
    }
  }

  private static float[] mask(int w, int h) {
    float[] a = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dx = (x - w / 2.0) / (w / 2.0);
        double dy = (y - h / 2.0) / (h / 2.0);
        a[y * w + x] = (float) Math.max(0, Math.min(1, (1 - Math.hypot(dx, dy)) / 0.12));
      }
    }
    return a;
  }

  private static void composite(Mat frame, Mat sprite, float[] alpha, int x, int y) {
    int fw = frame.cols();
    int sw = sprite.cols();
    int sh = sprite.rows();
    byte[] f = new byte[fw * frame.rows() * 3];
    byte[] s = new byte[sw * sh * 3];
    ((BytePointer) frame.data()).get(f);
    ((BytePointer) sprite.data()).get(s);
    for (int j = 0; j < sh; j++) {
      for (int i = 0; i < sw; i++) {
        float a = alpha[j * sw + i];
        int fx = x + i;
        int fy = y + j;
        if (a <= 0 || fx < 0 || fy < 0 || fx >= fw || fy >= frame.rows()) {
          continue;
        }
        for (int k = 0; k < 3; k++) {
          int d = (fy * fw + fx) * 3 + k;
          f[d] = (byte) Math.round((f[d] & 0xff) * (1 - a) + (s[(j * sw + i) * 3 + k] & 0xff) * a);
        }
      }
    }
    ((BytePointer) frame.data()).put(f);
  }

  private QcBench() {}
}
