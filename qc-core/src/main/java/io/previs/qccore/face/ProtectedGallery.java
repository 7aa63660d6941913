package io.previs.qccore.face;

import static org.bytedeco.opencv.global.opencv_core.CV_32SC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_face.LBPHFaceRecognizer;

/**
 * The faces of protected people — real people who have not consented to appear, registered by ops
 * (and a studio for its own talent) — that rendered faces are compared with. Each registered image
 * must show exactly one face; it is learned as the likeness check will see faces (the inner face,
 * at the sizes a face has in the analysis frame, and mirrored), see {@link FaceEmbedding}.
 *
 * <p>Safe to share between threads: a match takes the gallery's lock (a match is microseconds).
 */
public final class ProtectedGallery implements AutoCloseable {

  /**
   * The chi-square distance at or below which a face is taken for the protected person's, measured
   * on the project's face corpus (LikenessCorpusTest, docs/POLICY.md): 98 % of degraded views of a
   * registered face fall within it, none of the 156 other faces does (the nearest is at 24.5). A
   * track is judged on several of its frames, so a view that falls outside seldom decides.
   */
  public static final double DEFAULT_THRESHOLD = 23.0;

  /** Sizes (face height in analysis pixels) each registered face is learned at. */
  private static final int[] LEARNED_AT = {44, 64, 96};

  /** One registered image: whose face, where it came from (a storage key), its encoded bytes. */
  public record Image(String person, String source, byte[] bytes) {}

  /** An image that could not be learned, and why (for ops: a metric and a log line). */
  public record Rejected(String source, String reason) {}

  /** The nearest protected person and the distance to their nearest learned face. */
  public record Match(String person, double distance) {}

  private final LBPHFaceRecognizer recognizer;
  private final List<String> labels;
  private final List<Rejected> rejected;
  private final Set<String> people;
  private final int faces;
  private final double threshold;
  private final String version;

  private ProtectedGallery(
      LBPHFaceRecognizer recognizer,
      List<String> labels,
      List<Rejected> rejected,
      int faces,
      double threshold,
      String version) {
    this.recognizer = recognizer;
    this.labels = labels;
    this.rejected = rejected;
    this.people = new LinkedHashSet<>(labels);
    this.faces = faces;
    this.threshold = threshold;
    this.version = version;
  }

  /** A gallery with nobody in it: the likeness check then does nothing. */
  public static ProtectedGallery empty() {
    return new ProtectedGallery(null, List.of(), List.of(), 0, DEFAULT_THRESHOLD, "empty");
  }

  /**
   * Learns every image that shows exactly one face; the others are {@link #rejected()}.
   *
   * @param threshold the match distance (see {@link #DEFAULT_THRESHOLD})
   */
  public static ProtectedGallery build(List<Image> images, double threshold) {
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("likeness threshold must be above 0: " + threshold);
    }
    List<Image> sorted = new ArrayList<>(images);
    sorted.sort(Comparator.comparing(Image::source));
    List<Rejected> rejected = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Integer> sampleLabels = new ArrayList<>();
    MessageDigest digest = sha256();
    int faces = 0;
    try (FaceModels models = FaceModels.load();
        MatVector samples = new MatVector()) {
      for (Image image : sorted) {
        Objects.requireNonNull(image.person(), "person");
        digest.update(image.source().getBytes(StandardCharsets.UTF_8));
        digest.update(sha256().digest(image.bytes()));
        String problem = learn(models, image, samples, labels, sampleLabels);
        if (problem != null) {
          rejected.add(new Rejected(image.source(), problem));
        } else {
          faces++;
        }
      }
      String version = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
      if (faces == 0) {
        return new ProtectedGallery(null, List.of(), List.copyOf(rejected), 0, threshold, version);
      }
      LBPHFaceRecognizer r = FaceEmbedding.recognizer();
      try (Mat labelMat = new Mat(sampleLabels.size(), 1, CV_32SC1)) {
        IntPointer p = new IntPointer(labelMat.data());
        for (int i = 0; i < sampleLabels.size(); i++) {
          p.put(i, sampleLabels.get(i));
        }
        r.train(samples, labelMat);
      }
      for (long i = 0; i < samples.size(); i++) {
        samples.get(i).close();
      }
      return new ProtectedGallery(
          r, List.copyOf(labels), List.copyOf(rejected), faces, threshold, version);
    }
  }

  private static String learn(
      FaceModels models,
      Image image,
      MatVector samples,
      List<String> labels,
      List<Integer> sampleLabels) {
    if (image.bytes().length == 0) {
      return "empty file";
    }
    try (Mat encoded = new Mat(1, image.bytes().length, CV_8UC1);
        Mat gray = decode(encoded, image.bytes())) {
      if (gray.empty()) {
        return "not an image OpenCV can decode (PNG or JPEG)";
      }
      List<Box> found = detect(models, gray);
      if (found.isEmpty()) {
        return "no face found (a frontal face at least 48 pixels high)";
      }
      if (found.size() > 1) {
        return found.size() + " faces found; register an image with one face";
      }
      Box face = found.get(0);
      int label = labels.indexOf(image.person());
      if (label < 0) {
        labels.add(image.person());
        label = labels.size() - 1;
      }
      for (int height : LEARNED_AT) {
        Mat view = new Mat();
        FaceEmbedding.prepareAt(gray, face, height, view);
        Mat mirrored = new Mat();
        FaceEmbedding.mirror(view, mirrored);
        samples.push_back(view);
        samples.push_back(mirrored);
        sampleLabels.add(label);
        sampleLabels.add(label);
      }
      return null;
    }
  }

  private static Mat decode(Mat encoded, byte[] bytes) {
    encoded.data().put(bytes);
    return imdecode(encoded, IMREAD_GRAYSCALE);
  }

  private static List<Box> detect(FaceModels models, Mat gray) {
    try (RectVector found = new RectVector()) {
      int max = Math.min(gray.cols(), gray.rows());
      models.face().detectMultiScale(gray, found, 1.1, 4, 0, new Size(48, 48), new Size(max, max));
      List<Box> out = new ArrayList<>();
      for (long i = 0; i < found.size(); i++) {
        out.add(Box.of(found.get(i), 0, 0));
      }
      return out;
    }
  }

  /** The nearest protected person to a face prepared by {@link FaceEmbedding}; null if empty. */
  synchronized Match nearest(Mat face) {
    if (recognizer == null) {
      return null;
    }
    int[] label = new int[1];
    double[] distance = new double[1];
    recognizer.predict(face, label, distance);
    if (label[0] < 0) {
      return null;
    }
    return new Match(labels.get(label[0]), distance[0]);
  }

  /** Whether {@code m} is close enough to be taken for its person. */
  boolean matches(Match m) {
    return m != null && m.distance() <= threshold;
  }

  public boolean isEmpty() {
    return recognizer == null;
  }

  /** The people with at least one learned face. */
  public Set<String> people() {
    return people;
  }

  /** How many images were learned. */
  public int faces() {
    return faces;
  }

  public List<Rejected> rejected() {
    return rejected;
  }

  public double threshold() {
    return threshold;
  }

  /** A digest of every image's name and bytes: which gallery a finding was made against. */
  public String version() {
    return version;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (recognizer != null) {
      recognizer.close();
    }
  }
}
