package io.previs.media.frames;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * One shard (one shot of one variant) as something the stage can open, possibly more than once:
 * shot matching reads the reference shot's first frames before the clip is streamed.
 *
 * @param name what error messages call it (a path, an object key, "shot 3")
 */
public record ShardInput(String name, Opener opener) {

  /** Opens a fresh frame source positioned at the shard's first frame. */
  @FunctionalInterface
  public interface Opener {
    FrameSource open() throws IOException;
  }

  /** Opens a fresh stream each call (for example a new GET on the object store). */
  @FunctionalInterface
  public interface StreamSupplier {
    InputStream get() throws IOException;
  }

  public ShardInput {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("shard input needs a name");
    }
    if (opener == null) {
      throw new IllegalArgumentException("shard input '" + name + "' needs an opener");
    }
  }

  public FrameSource open() throws IOException {
    return opener.open();
  }

  public static ShardInput file(Path file) {
    return new ShardInput(file.toString(), () -> FfmpegFrameSource.open(file));
  }

  public static ShardInput stream(String name, StreamSupplier streams) {
    return new ShardInput(name, () -> FfmpegFrameSource.open(streams.get(), name));
  }

  /**
   * A delivery video (H.264, HEVC or ProRes in MP4 or MOV) rather than an FFV1 shard: decoded with
   * the Y'CbCr matrix it is tagged with (BT.709 for HD), where {@link #file} would read it as
   * BT.601.
   */
  public static ShardInput videoFile(Path file) {
    return new ShardInput(file.toString(), () -> FfmpegFrameSource.openVideo(file));
  }

  /** As {@link #videoFile}, opening a fresh stream each call. */
  public static ShardInput videoStream(String name, StreamSupplier streams) {
    return new ShardInput(name, () -> FfmpegFrameSource.openVideo(streams.get(), name));
  }

  /**
   * A stream that can be read once only. Fine for any shot unless shot matching needs it as the
   * reference ahead of the clip, which then fails with a message saying so.
   */
  public static ShardInput once(String name, InputStream in) {
    AtomicBoolean opened = new AtomicBoolean();
    return new ShardInput(
        name,
        () -> {
          if (!opened.compareAndSet(false, true)) {
            throw new IllegalStateException(
                name
                    + ": this shard was handed over as a one-shot InputStream and was already"
                    + " read; pass ShardInput.file or ShardInput.stream to read it twice");
          }
          return FfmpegFrameSource.open(in, name);
        });
  }

  public static ShardInput frames(String name, List<BgrFrame> frames, Fps fps) {
    List<BgrFrame> copy = List.copyOf(frames);
    return new ShardInput(name, () -> MemoryFrameSource.of(copy, fps));
  }

  public static ShardInput generated(String name, StreamInfo info, IntFunction<BgrFrame> frames) {
    return new ShardInput(name, () -> new MemoryFrameSource(info, frames));
  }

  @Override
  public String toString() {
    return "ShardInput[" + name + "]";
  }
}
