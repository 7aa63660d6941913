package io.previs.launcher.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** ffprobe (Debian's, independent of the FFmpeg inside JavaCV) reading back a video. */
public final class Probe {

  public record Video(
      String codec,
      int width,
      int height,
      int frames,
      String pixFmt,
      double fps,
      double duration,
      JsonNode tags) {}

  private Probe() {}

  public static Video read(Path file) throws Exception {
    Process p =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=codec_name,width,height,nb_read_frames,pix_fmt,avg_frame_rate:format=duration:format_tags",
                "-of",
                "json",
                file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("ffprobe failed on " + file + ": " + out);
    }
    JsonNode n = JsonMapper.builder().build().readTree(out);
    JsonNode s = n.path("streams").get(0);
    String[] rate = s.path("avg_frame_rate").asString().split("/");
    return new Video(
        s.path("codec_name").asString(),
        s.path("width").asInt(),
        s.path("height").asInt(),
        Integer.parseInt(s.path("nb_read_frames").asString()),
        s.path("pix_fmt").asString(),
        Double.parseDouble(rate[0]) / Double.parseDouble(rate[1]),
        Double.parseDouble(n.path("format").path("duration").asString()),
        n.path("format").path("tags"));
  }
}
