package io.previs.qccore.corpus;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The corpus's inputs: the astronaut photo (test resources, see the README there), its head sprite,
 * and procedural textures cached by seed. Read-only after creation, shared by threads.
 */
final class Assets {

  private static volatile Assets instance;

  final Mat photo;
  final Mat head;
  private final Map<Long, Mat> textures = new ConcurrentHashMap<>();

  private Assets(Mat photo) {
    this.photo = photo;
    this.head = FaceSprite.head(photo);
  }

  static Assets get() {
    if (instance == null) {
      synchronized (Assets.class) {
        if (instance == null) {
          instance = new Assets(imread(resource("astronaut.png").toString()));
        }
      }
    }
    return instance;
  }

  /** A procedural scene about twice the output width, so the camera resamples near 1:1. */
  Mat texture(long seed, int outputWidth) {
    int w = (int) Math.round(outputWidth * 2.2);
    return textures.computeIfAbsent(
        seed * 10_000 + outputWidth, k -> Textures.generate(w, w * 3 / 4, seed));
  }

  static Path resource(String name) {
    try {
      return Path.of(Assets.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
