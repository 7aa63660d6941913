package io.previs.bench;

import io.previs.media.color.Look;
import io.previs.media.encode.ClipMetadata;
import io.previs.media.encode.H264Settings;
import io.previs.media.encode.VideoWriter;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Ffv1Writer;
import io.previs.media.frames.Fps;
import io.previs.media.frames.ShardInput;
import io.previs.media.pipeline.ClipPipeline;
import io.previs.media.pipeline.ColorSpec;
import io.previs.media.pipeline.OutputSize;
import io.previs.media.pipeline.PostprocessResult;
import io.previs.media.pipeline.PostprocessSpec;
import io.previs.media.pipeline.SrSpec;
import io.previs.media.sr.ClassicalUpscaler;
import io.previs.media.sr.OnnxUpscaler;
import io.previs.media.sr.TileSpec;
import io.previs.media.sr.Upscaler;
import io.previs.modeltools.sr.SrModelGenerator;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.Loader;

/**
 * Post-processing figures for docs/POSTPROCESS.md (not a test):
 *
 * <ul>
 *   <li><b>encode</b>: H.264 (OpenH264, QP 20) of the same raw 1080p bgr24 frames, by the stage's
 *       {@link VideoWriter} and by the {@code ffmpeg} CLI bundled in the JavaCPP natives (same
 *       FFmpeg 8.0.1 and encoder build), alternated; throughput ratio ours / CLI.
 *   <li><b>sr</b>: ms per frame from a 1280x720 source to 1080p and to 4K, classical and ONNX
 *       (generated ×2 model for 1080p, ×3 for 4K; 256-pixel tiles, 16 overlap), on CPU.
 *   <li><b>heap</b>: the whole stage on 10 s and 30 s of 720p FFV1 shards (3 shots), classical SR
 *       to 1080p, a look, white balance and exposure: peak heap used and after GC. Run it with
 *       {@code BENCH_JAVA_OPTS=-Xmx1g} to show the clip fits in 1 GiB.
 * </ul>
 *
 * <p>Usage: bench/run.sh postprocess [all|encode|sr|heap] [encodeFrames]
 */
public final class PostprocessBench {

  private static final int W = 1920;
  private static final int H = 1080;
  private static final Fps FPS = Fps.of(24);
  private static final int QP = 20;

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "all";
    int encodeFrames = args.length > 1 ? Integer.parseInt(args[1]) : 96;
    Path dir = Path.of(System.getProperty("previs.bench.dir", "target/bench-postprocess"));
    Files.createDirectories(dir);
    System.out.printf(
        "%d cores, JDK %s, max heap %d MiB%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    if (what.equals("all") || what.equals("encode")) {
      encode(dir, encodeFrames);
    }
    if (what.equals("all") || what.equals("sr")) {
      superResolution(dir);
    }
    if (what.equals("all") || what.equals("heap")) {
      heap(dir, 10);
      heap(dir, 30);
    }
  }

  // ---------------------------------------------------------------- encode vs CLI

  private static void encode(Path dir, int frames) throws Exception {
    Path raw = dir.resolve("frames-1080p.bgr24");
    long frameBytes = 3L * W * H;
    if (!Files.exists(raw) || Files.size(raw) != frames * frameBytes) {
      try (OutputStream out = Files.newOutputStream(raw)) {
        Scene scene = new Scene(W, H);
        for (int i = 0; i < frames; i++) {
          out.write(scene.frame(i).data());
        }
      }
    }
    String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    System.out.printf(
        "%nencode: %d frames %dx%d bgr24 -> H.264 OpenH264 QP %d%n", frames, W, H, QP);
    System.out.printf("  CLI: %s%n", ffmpeg);
    List<Double> ours = new ArrayList<>();
    List<Double> cli = new ArrayList<>();
    List<Double> oursCpu = new ArrayList<>();
    List<Double> cliCpu = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < 8; round++) {
      double[] a = oursRun(raw, dir.resolve("ours.mp4"), frames);
      double[] b = cliRun(ffmpeg, raw, dir.resolve("cli.mp4"), frames);
      if (round > 0) { // round 0 warms up page cache, JIT and the encoder's code
        ours.add(a[0]);
        cli.add(b[0]);
        oursCpu.add(a[1]);
        cliCpu.add(b[1]);
        ratios.add(a[0] / b[0]);
      }
      System.out.printf(
          "  round %d: stage %.1f fps (%.1f ms CPU/frame), CLI %.1f fps (%.1f ms CPU/frame)%n",
          round, a[0], a[1], b[0], b[1]);
    }
    double m1 = median(ours);
    double m2 = median(cli);
    double b1 = ours.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double b2 = cli.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    System.out.printf(
        "  median: stage %.1f fps, CLI %.1f fps, throughput ratio %.2f (goal ≥ 0.9);"
            + " CPU per frame stage %.1f ms, CLI %.1f ms (ratio CLI/stage %.2f); sizes %d / %d"
            + " KiB%n",
        m1,
        m2,
        m1 / m2,
        median(oursCpu),
        median(cliCpu),
        median(cliCpu) / median(oursCpu),
        Files.size(dir.resolve("ours.mp4")) >> 10,
        Files.size(dir.resolve("cli.mp4")) >> 10);
    System.out.printf(
        "  best round: stage %.1f fps, CLI %.1f fps, ratio %.2f (least disturbed by other load);"
            + " median of per-round ratios %.2f%n",
        b1, b2, b1 / b2, median(ratios));
  }

  /** {fps, CPU ms per frame} of the stage's writer reading the raw file. */
  private static double[] oursRun(Path raw, Path out, int frames) throws IOException {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    H264Settings s = H264Settings.DEFAULT.withCrf(QP);
    try (InputStream in = Files.newInputStream(raw);
        VideoWriter w = VideoWriter.h264(out, W, H, FPS, s, Map.of("title", "bench"))) {
      // One frame reused, as the CLI reuses its read buffer: a sink reads a frame during accept.
      BgrFrame f = new BgrFrame(W, H);
      for (int i = 0; i < frames; i++) {
        in.readNBytes(f.data(), 0, f.data().length);
        w.accept(f);
      }
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    return new double[] {frames / sec, (os.getProcessCpuTime() - c0) / 1e6 / frames};
  }

  /** {fps, CPU ms per frame} of the CLI, CPU from GNU time when it is installed. */
  private static double[] cliRun(String ffmpeg, Path raw, Path out, int frames) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                ffmpeg,
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "bgr24",
                "-s",
                W + "x" + H,
                "-r",
                "24",
                "-i",
                raw.toString(),
                "-vf",
                "scale=out_color_matrix=bt709:out_range=tv",
                "-c:v",
                "libopenh264",
                "-profile:v",
                "high",
                "-rc_mode",
                "off",
                "-qmin",
                "" + QP,
                "-qmax",
                "" + QP,
                "-g",
                "48",
                "-pix_fmt",
                "yuv420p",
                "-color_range",
                "tv",
                "-colorspace",
                "bt709",
                "-color_primaries",
                "bt709",
                "-color_trc",
                "bt709",
                "-movflags",
                "+faststart",
                out.toString()));
    Path times = Files.createTempFile("cli", ".time");
    boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
    if (gnuTime) {
      cmd.addAll(0, List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
    }
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("ffmpeg CLI failed: " + cmd);
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    double cpuMs = Double.NaN;
    if (gnuTime) {
      String[] us = Files.readString(times).trim().split("\\s+");
      cpuMs = (Double.parseDouble(us[0]) + Double.parseDouble(us[1])) * 1000 / frames;
    }
    Files.deleteIfExists(times);
    return new double[] {frames / sec, cpuMs};
  }

  // ---------------------------------------------------------------- super-resolution

  private static void superResolution(Path dir) throws Exception {
    Scene scene = new Scene(1280, 720);
    BgrFrame in = scene.frame(0);
    OrtRuntime ort = new OrtRuntime(ExecutionConfig.cpu());
    Path x2 = SrModelGenerator.write(dir.resolve("sr-x2.onnx"), 2);
    Path x3 = SrModelGenerator.write(dir.resolve("sr-x3.onnx"), 3);
    System.out.printf(
        "%nsuper-resolution from 1280x720, per frame (median of 5 after 2 warm-up);"
            + " CPU ms is summed over all threads%n");
    System.out.printf("  %-34s %10s %10s%n", "path", "wall ms", "CPU ms");
    time("classical -> 1920x1080", new ClassicalUpscaler(1920, 1080, 0.6), in);
    time("classical -> 3840x2160", new ClassicalUpscaler(3840, 2160, 0.6), in);
    time(
        "onnx x2 + area -> 1920x1080", new OnnxUpscaler(ort, x2, TileSpec.DEFAULT, 1920, 1080), in);
    time("onnx x3 -> 3840x2160", new OnnxUpscaler(ort, x3, TileSpec.DEFAULT, 3840, 2160), in);
  }

  private static void time(String name, Upscaler up, BgrFrame in) {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (up) {
      double[] ms = new double[7];
      double[] cpu = new double[7];
      for (int i = 0; i < ms.length; i++) {
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        up.upscale(in);
        ms[i] = (System.nanoTime() - t0) / 1e6;
        cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
      }
      System.out.printf(
          "  %-34s %10.0f %10.0f%n",
          name, median(Arrays.copyOfRange(ms, 2, 7)), median(Arrays.copyOfRange(cpu, 2, 7)));
    }
  }

  private static double median(double[] xs) {
    double[] a = xs.clone();
    Arrays.sort(a);
    return a[a.length / 2];
  }

  // ---------------------------------------------------------------- peak heap

  private static void heap(Path dir, int seconds) throws Exception {
    int perShot = seconds * 24 / 3;
    List<ShardInput> shots = new ArrayList<>();
    Scene scene = new Scene(1280, 720);
    for (int s = 0; s < 3; s++) {
      Path mkv = dir.resolve("shards-" + seconds + "s/shot" + s + "/frames.mkv");
      if (!Files.exists(mkv)) {
        try (Ffv1Writer w = new Ffv1Writer(mkv, 1280, 720, FPS)) {
          for (int i = 0; i < perShot; i++) {
            w.accept(scene.frame(s * 1000 + i));
          }
        }
      }
      shots.add(ShardInput.file(mkv));
    }
    PostprocessSpec spec =
        PostprocessSpec.builder(ClipMetadata.of("bench", "a chase across rooftops", 1, "bench"))
            .output(OutputSize.exact(1920, 1080))
            .sr(SrSpec.CLASSICAL)
            .color(new ColorSpec(null, Look.WARM_DUSK, null, true, true, false, 0))
            .build();
    List<MemoryPoolMXBean> pools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    System.gc();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    LiveHeap live = LiveHeap.start();
    long t0 = System.nanoTime();
    PostprocessResult r = new ClipPipeline().run(shots, spec, dir.resolve("out-" + seconds + "s"));
    double wall = (System.nanoTime() - t0) / 1e9;
    long peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    long liveMax = live.stop();
    System.out.printf(
        "%nheap: %d s clip, 3 shots 1280x720 FFV1 -> %dx%d, classical SR, warm-dusk, WB+exposure%n",
        seconds, r.width(), r.height());
    System.out.printf(
        "  %d frames in %.1f s (%.1f fps); peak heap used %d MiB (pool peaks, garbage"
            + " included), peak live heap %d MiB (largest heap after any GC), max heap %d MiB%n",
        r.frames(),
        wall,
        r.frames() / wall,
        peak >> 20,
        liveMax >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("  stage ms: %s%n", r.stageMillis());
  }

  /** Largest heap occupancy right after a collection: the live set, whatever the GC's sizing. */
  static final class LiveHeap implements javax.management.NotificationListener {
    private static final java.util.Set<String> HEAP_POOLS =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());
    private final java.util.concurrent.atomic.AtomicLong max =
        new java.util.concurrent.atomic.AtomicLong();

    static LiveHeap start() {
      LiveHeap l = new LiveHeap();
      for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((javax.management.NotificationEmitter) gc).addNotificationListener(l, null, null);
      }
      return l;
    }

    @Override
    public void handleNotification(javax.management.Notification n, Object handback) {
      if (!n.getType()
          .equals(
              com.sun.management.GarbageCollectionNotificationInfo
                  .GARBAGE_COLLECTION_NOTIFICATION)) {
        return;
      }
      var info =
          com.sun.management.GarbageCollectionNotificationInfo.from(
              (javax.management.openmbean.CompositeData) n.getUserData());
      long used =
          info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
              .filter(e -> HEAP_POOLS.contains(e.getKey()))
              .mapToLong(e -> e.getValue().getUsed())
              .sum();
      max.accumulateAndGet(used, Math::max);
    }

    long stop() {
      for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        try {
          ((javax.management.NotificationEmitter) gc).removeNotificationListener(this);
        } catch (javax.management.ListenerNotFoundException ignored) {
          // Already gone.
        }
      }
      return max.get();
    }
  }

  // ---------------------------------------------------------------- test content

  /**
   * A panning, textured scene with a moving disc: enough detail and motion that the encoder works
   * as on real footage, unlike a flat gradient. Frames are crops of one larger texture.
   */
  static final class Scene {
    private final int w;
    private final int h;
    private final byte[] texture;
    private final int tw;

    Scene(int w, int h) {
      this.w = w;
      this.h = h;
      this.tw = w + 512;
      int th = h + 256;
      texture = new byte[3 * tw * th];
      Random rnd = new Random(7);
      for (int y = 0; y < th; y++) {
        for (int x = 0; x < tw; x++) {
          int i = 3 * (y * tw + x);
          double s = Math.sin(x / 37.0) * Math.cos(y / 23.0) + 0.5 * Math.sin((x + y) / 11.0);
          int n = rnd.nextInt(12);
          texture[i] = (byte) clamp(110 + 50 * s + n);
          texture[i + 1] = (byte) clamp(120 + 40 * Math.sin(x / 61.0) + n);
          texture[i + 2] = (byte) clamp(130 + 60 * Math.cos(y / 47.0) + n);
        }
      }
    }

    BgrFrame frame(int i) {
      BgrFrame f = new BgrFrame(w, h);
      byte[] d = f.data();
      int ox = (i * 3) % 512;
      int oy = (i * 2) % 256;
      for (int y = 0; y < h; y++) {
        System.arraycopy(texture, 3 * ((y + oy) * tw + ox), d, 3 * y * w, 3 * w);
      }
      int cx = (int) (w * (0.2 + 0.6 * ((i % 96) / 96.0)));
      int cy = h / 2;
      int r = h / 6;
      for (int y = cy - r; y < cy + r; y++) {
        for (int x = cx - r; x < cx + r; x++) {
          if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r) {
            f.setRgb(x, y, 230, 200, 60);
          }
        }
      }
      return f;
    }

    private static int clamp(double v) {
      return (int) Math.max(0, Math.min(255, v));
    }
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private PostprocessBench() {}
}
