package io.previs.media.animatic;

import io.previs.media.encode.VideoWriter;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.FpsAdapter;
import io.previs.media.frames.FrameSource;
import io.previs.media.frames.StreamInfo;
import io.previs.media.sr.Resample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the chosen takes of a sequence, in order, into one H.264 MP4 for editorial: each take is
 * conformed to the animatic's rate (frames repeated or dropped, no interpolation) and size
 * (letterboxed or pillarboxed with black bars, never cropped or stretched), optionally burnt in,
 * and streamed into one encoder. One clip is open at a time and frames pass through one by one, so
 * memory depends on the frame size, never on the length of a take or of the sequence.
 */
public final class Animatic {

  private static final Logger log = LoggerFactory.getLogger(Animatic.class);

  private Animatic() {}

  /**
   * Assembles the animatic.
   *
   * @param clips the takes in sequence order
   * @param outMp4 the file to write; deleted again if assembly fails
   * @throws IllegalArgumentException when there are no clips
   * @throws IOException naming the clip when a take cannot be opened or decoded, or when it is
   *     shorter than the range asked of it; or when the output cannot be written
   */
  public static AnimaticResult assemble(List<AnimaticClip> clips, AnimaticSpec spec, Path outMp4)
      throws IOException {
    if (clips == null || clips.isEmpty()) {
      throw new IllegalArgumentException("clips: at least one clip is required");
    }
    for (int i = 0; i < clips.size(); i++) {
      if (clips.get(i) == null) {
        throw new IllegalArgumentException("clips[" + i + "] is null");
      }
    }
    if (spec == null || outMp4 == null) {
      throw new IllegalArgumentException("spec and outMp4 are required");
    }
    BgrFrame canvas = new BgrFrame(spec.width(), spec.height());
    List<AnimaticResult.Edit> edits = new ArrayList<>(clips.size());
    long frames = 0;
    try (VideoWriter out =
            VideoWriter.h264(
                outMp4, spec.width(), spec.height(), spec.fps(), spec.h264(), tags(spec, clips));
        BurnIn burnIn = spec.burnIn() ? BurnIn.on(canvas, spec.fps(), spec.title()) : null) {
      for (int i = 0; i < clips.size(); i++) {
        AnimaticResult.Edit edit = cut(i, clips, spec, canvas, burnIn, out, frames);
        edits.add(edit);
        frames = edit.endFrame();
      }
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(outMp4, e);
      throw e;
    }
    log.info(
        "assembled an animatic of {} clips, {} frames {}x{} @ {} fps into {}",
        clips.size(),
        frames,
        spec.width(),
        spec.height(),
        spec.fps(),
        outMp4);
    return new AnimaticResult(
        outMp4, spec.width(), spec.height(), spec.fps(), frames, spec.fps().seconds(frames), edits);
  }

  /**
   * Streams clip {@code index} into the writer from animatic frame {@code first} on. Decoding
   * errors name the clip; encoding errors are the writer's own and name the output.
   */
  private static AnimaticResult.Edit cut(
      int index,
      List<AnimaticClip> clips,
      AnimaticSpec spec,
      BgrFrame canvas,
      BurnIn burnIn,
      VideoWriter out,
      long first)
      throws IOException {
    AnimaticClip clip = clips.get(index);
    FrameSource take;
    try {
      take = clip.open();
    } catch (IOException | UncheckedIOException e) {
      throw clipFailure(index, clips.size(), clip, e);
    }
    try (take) {
      StreamInfo in = take.info();
      FrameSource src =
          FpsAdapter.adapt(
              SubRange.of(take, clip.name(), clip.sourceStart(), clip.frames()), spec.fps());
      Letterbox box = Letterbox.fit(in.width(), in.height(), spec.width(), spec.height());
      long n = 0;
      try (Resample resample = box.resample()) {
        for (BgrFrame f = next(src, index, clips); f != null; f = next(src, index, clips)) {
          box.draw(f, resample, canvas);
          if (burnIn != null) {
            burnIn.draw(clip.label(), first + n);
          }
          out.accept(canvas);
          n++;
        }
      }
      if (n == 0) {
        String from = clip.sourceStart() > 0 ? " from sourceStart " + clip.sourceStart() : "";
        throw clipFailure(
            index, clips.size(), clip, new IOException("the take has no frames" + from));
      }
      return new AnimaticResult.Edit(
          index,
          clip.name(),
          clip.label(),
          first,
          n,
          clip.sourceStart(),
          in.width(),
          in.height(),
          in.fps());
    }
  }

  private static BgrFrame next(FrameSource src, int index, List<AnimaticClip> clips)
      throws IOException {
    try {
      return src.next();
    } catch (IOException | UncheckedIOException e) {
      throw clipFailure(index, clips.size(), clips.get(index), e);
    }
  }

  /** Says which clip of how many failed; the decoder's message keeps the detail. */
  static IOException clipFailure(int index, int count, AnimaticClip clip, Exception e) {
    String msg = String.valueOf(e.getMessage());
    String prefix = clip.name() + ": ";
    String detail = msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
    return new IOException(
        "animatic clip " + (index + 1) + " of " + count + " '" + clip.name() + "': " + detail, e);
  }

  private static Map<String, String> tags(AnimaticSpec spec, List<AnimaticClip> clips) {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("title", spec.title() != null ? spec.title() : "animatic");
    t.put("comment", "previs animatic of " + clips.size() + " clips");
    t.put("clip_count", Integer.toString(clips.size()));
    return t;
  }

  private static void deleteQuietly(Path file, Throwable cause) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
