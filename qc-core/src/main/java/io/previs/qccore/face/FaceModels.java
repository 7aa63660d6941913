package io.previs.qccore.face;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * The Haar cascades that ship inside the OpenCV natives jar: a frontal-face detector (the "alt2"
 * cascade) and an eye detector for the geometry check. Nothing is downloaded. A cascade is not safe
 * for concurrent use, so each {@link io.previs.qccore.ClipQc} owns one set.
 */
public final class FaceModels implements AutoCloseable {

  static final String FACE = "haarcascades/haarcascade_frontalface_alt2.xml";
  static final String EYE = "haarcascades/haarcascade_eye.xml";

  private final CascadeClassifier face;
  private final CascadeClassifier eye;

  private FaceModels(CascadeClassifier face, CascadeClassifier eye) {
    this.face = face;
    this.eye = eye;
  }

  public static FaceModels load() {
    return new FaceModels(cascade(FACE), cascade(EYE));
  }

  CascadeClassifier face() {
    return face;
  }

  CascadeClassifier eye() {
    return eye;
  }

  private static CascadeClassifier cascade(String name) {
    // JavaCPP extracts jar resources into its cache (where it keeps the native libraries too)
    String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + name;
    try {
      File file = Loader.cacheResource(resource);
      if (file == null) {
        throw new IllegalStateException("OpenCV natives jar has no " + resource);
      }
      CascadeClassifier c = new CascadeClassifier(file.getAbsolutePath());
      if (c.empty()) {
        throw new IllegalStateException("cannot parse cascade " + file);
      }
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + resource, e);
    }
  }

  @Override
  public void close() {
    face.close();
    eye.close();
  }
}
