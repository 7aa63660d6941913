package io.previs.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The independent reference: Debian's {@code ffmpeg}/{@code ffprobe} (not the FFmpeg the stage
 * links), run as processes. CI installs them; without them these tests fail saying so.
 */
public final class ReferenceTools {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ReferenceTools() {}

  public static String tool(String name) {
    for (String dir : new String[] {"/usr/bin", "/usr/local/bin"}) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(
        name + " not found in /usr/bin: install Debian's ffmpeg package (apt-get install ffmpeg)");
  }

  /** Runs a command and returns its stdout; fails with stderr when it exits non-zero. */
  public static byte[] run(List<String> command) {
    try {
      Path err = Files.createTempFile("ref", ".err");
      try {
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
          in.transferTo(out);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("timed out: " + command);
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(
              "exit " + p.exitValue() + ": " + command + "\n" + Files.readString(err));
        }
        return out.toByteArray();
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code ffprobe -show_format -show_streams -count_frames} as JSON. */
  public static JsonNode probe(Path file) {
    List<String> cmd = new ArrayList<>(List.of(tool("ffprobe"), "-v", "error"));
    cmd.addAll(
        List.of("-count_frames", "-show_format", "-show_streams", "-of", "json", file.toString()));
    return JSON.readTree(new String(run(cmd), StandardCharsets.UTF_8));
  }

  /**
   * {@code file} decoded by Debian's ffmpeg (which honours the colour tags) to packed RGB: every
   * frame, or the first {@code frames} when that is positive.
   */
  public static byte[] decodeRgb(Path file, int frames) {
    List<String> cmd =
        new ArrayList<>(List.of(tool("ffmpeg"), "-v", "error", "-i", file.toString()));
    if (frames > 0) {
      cmd.addAll(List.of("-frames:v", Integer.toString(frames)));
    }
    cmd.addAll(List.of("-f", "rawvideo", "-pix_fmt", "rgb24", "-"));
    return run(cmd);
  }

  /** Debian's ffmpeg with one video filter over packed RGB frames, returning packed RGB. */
  public static byte[] ffmpegFilterRgb(byte[] rgb, int w, int h, String filter) {
    try {
      Path in = Files.createTempFile("ref", ".rgb");
      try {
        Files.write(in, rgb);
        return run(
            List.of(
                tool("ffmpeg"),
                "-hide_banner",
                "-loglevel",
                "error",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "-s",
                w + "x" + h,
                "-i",
                in.toString(),
                "-vf",
                filter,
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "-"));
      } finally {
        Files.deleteIfExists(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
