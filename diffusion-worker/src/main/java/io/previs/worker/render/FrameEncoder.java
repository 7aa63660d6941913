package io.previs.worker.render;

import io.previs.diffusion.runtime.FrameSink;
import io.previs.media.frames.Ffv1Writer;
import io.previs.media.frames.Fps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The lossless encode of a shard's decoded frames, on a thread of its own beside the GPU: the
 * decode hands each frame over and goes on, and waits only when the encoder is a whole buffer
 * behind (which bounds the memory a long 720p shot's frames could take). The frames file is whole
 * when {@link #finished()} completes; {@link #abort()} drops it.
 */
final class FrameEncoder implements FrameSink {

  private static final Object END = new Object();

  private final Path file;
  private final int width;
  private final int height;

  /** Interleaved 8-bit frames ({@code byte[]}) or the decoder's planar floats ({@code float[]}). */
  private final BlockingQueue<Object> frames;

  private final CompletableFuture<Integer> finished = new CompletableFuture<>();
  private volatile boolean aborted;

  /**
   * @param bufferBytes decoded frames held before the decode waits (at least two frames)
   */
  FrameEncoder(Path file, int width, int height, Fps fps, long bufferBytes, String name) {
    this.file = file;
    this.width = width;
    this.height = height;
    long frameBytes = 12L * width * height; // a planar float frame, the larger kind
    this.frames = new ArrayBlockingQueue<>((int) Math.clamp(bufferBytes / frameBytes, 2, 4096));
    Thread.ofPlatform().daemon().name(name).start(() -> encode(fps));
  }

  private void encode(Fps fps) {
    int count = 0;
    byte[] converted = new byte[3 * width * height];
    try (Ffv1Writer writer = new Ffv1Writer(file, width, height, fps)) {
      for (Object f = frames.take(); f != END && !aborted; f = frames.take()) {
        byte[] rgb = f instanceof byte[] b ? b : converted;
        if (f instanceof float[] planar) {
          FrameSink.toRgb(planar, width * height, converted);
        }
        writer.acceptRgb(width, height, rgb);
        count++;
      }
    } catch (Throwable e) {
      aborted = true;
      frames.clear(); // a decode waiting for room goes on, and fails at its next frame
      finished.completeExceptionally(e);
      return;
    }
    finished.complete(count);
  }

  /** Called by the decode: the decoder reuses its buffer, so the frame is copied. */
  @Override
  public void frame(int index, int width, int height, byte[] rgb) throws Exception {
    if (aborted) {
      throw new IOException(
          "the frame encoder stopped: " + finished.handle((n, e) -> String.valueOf(e)).getNow(""));
    }
    frames.put(rgb.clone());
  }

  /** Called by the decode, which hands the array over: it is converted on the encoder's thread. */
  @Override
  public void planarFrame(int index, int width, int height, float[] planar) throws Exception {
    if (aborted) {
      throw new IOException(
          "the frame encoder stopped: " + finished.handle((n, e) -> String.valueOf(e)).getNow(""));
    }
    frames.put(planar);
  }

  /** No more frames: the returned future completes with the frame count once the file is whole. */
  CompletableFuture<Integer> finish() throws InterruptedException {
    frames.put(END);
    return finished;
  }

  Path file() {
    return file;
  }

  /** Stops encoding and removes the file (the decode failed, or the attempt stood down). */
  void abort() {
    aborted = true;
    frames.clear();
    frames.offer(END);
    finished.handle((n, e) -> deleteQuietly());
  }

  private boolean deleteQuietly() {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      return false;
    }
  }
}
