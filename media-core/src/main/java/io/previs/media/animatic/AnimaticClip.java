package io.previs.media.animatic;

import io.previs.media.frames.FrameSource;
import io.previs.media.frames.ShardInput;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One shot of the sequence: the take the director chose, how to open it, and what to burn in.
 * Opened the way {@link ShardInput} opens shards: from a local file or from a supplier that makes a
 * fresh stream per call (a new GET on the object store). A stream is read front to back without
 * seeking, so an MP4 read that way must be fast-start (moov before mdat, as {@code VideoWriter}
 * writes them); pass a {@link Path} for any other MP4.
 *
 * @param name what error messages call the clip (an object key, a path)
 * @param label the burn-in text, e.g. {@code "sq010_sh020 v002 take 3"} (null: the name)
 * @param opener opens a fresh decoder at the take's first frame
 * @param sourceStart first frame of the take to use, counted at the take's own rate
 * @param frames how many frames of the take to use, at its own rate, or null for all to its end
 */
public record AnimaticClip(
    String name, String label, ShardInput.Opener opener, int sourceStart, Integer frames) {

  public AnimaticClip {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("clip.name is required");
    }
    if (opener == null) {
      throw new IllegalArgumentException("clip '" + name + "': an opener is required");
    }
    label = AnimaticSpec.text("clip '" + name + "': label", label);
    label = label == null ? name : label;
    if (sourceStart < 0) {
      throw new IllegalArgumentException(
          "clip '" + name + "': sourceStart " + sourceStart + " must be 0 or more");
    }
    if (frames != null && frames < 1) {
      throw new IllegalArgumentException(
          "clip '" + name + "': frames " + frames + " must be 1 or more (null: to the end)");
    }
  }

  /** The whole take in a local file; its path is the clip's name. */
  public static AnimaticClip file(Path take, String label) {
    if (take == null) {
      throw new IllegalArgumentException("clip: a take path is required");
    }
    ShardInput in = ShardInput.videoFile(take);
    return new AnimaticClip(in.name(), label, in.opener(), 0, null);
  }

  /** The whole take, opened as a fresh stream each call. */
  public static AnimaticClip stream(String name, ShardInput.StreamSupplier streams, String label) {
    if (streams == null) {
      throw new IllegalArgumentException("clip '" + name + "': a stream supplier is required");
    }
    // Wrapped lazily so that a blank name is reported by this record, not by ShardInput.
    return new AnimaticClip(
        name, label, () -> ShardInput.videoStream(name, streams).open(), 0, null);
  }

  /** Frames {@code start} to {@code start + count - 1} of the take ({@code count} null: to end). */
  public AnimaticClip range(int start, Integer count) {
    return new AnimaticClip(name, label, opener, start, count);
  }

  FrameSource open() throws IOException {
    return opener.open();
  }

  @Override
  public String toString() {
    return "AnimaticClip[" + name + "]";
  }
}
