package io.previs.qccore.face;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.qccore.config.FaceConfig;
import io.previs.qccore.face.FaceGeometry.Eyes;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceGeometryTest {

  private final FaceConfig cfg = FaceConfig.defaults();

  @Test
  void levelEyesInTheUpperHalfArePlausible() {
    assertThat(FaceGeometry.evaluate(List.of(e(0.3, 0.38), e(0.7, 0.4)), cfg))
        .isEqualTo(Eyes.PLAUSIBLE);
  }

  @Test
  void onePlausiblePairAmongFalseDetectionsIsPlausible() {
    // the eye cascade also fires on a nostril
    assertThat(FaceGeometry.evaluate(List.of(e(0.3, 0.38), e(0.5, 0.7), e(0.7, 0.4)), cfg))
        .isEqualTo(Eyes.PLAUSIBLE);
  }

  @Test
  void eyesLowInTheFaceAreImplausible() {
    assertThat(FaceGeometry.evaluate(List.of(e(0.3, 0.8), e(0.7, 0.82)), cfg))
        .isEqualTo(Eyes.IMPLAUSIBLE);
  }

  @Test
  void eyesOnOneSideOrTiltedOrTooCloseAreImplausible() {
    assertThat(FaceGeometry.evaluate(List.of(e(0.2, 0.4), e(0.4, 0.4)), cfg))
        .isEqualTo(Eyes.IMPLAUSIBLE);
    assertThat(FaceGeometry.evaluate(List.of(e(0.3, 0.15), e(0.7, 0.58)), cfg))
        .isEqualTo(Eyes.IMPLAUSIBLE);
    assertThat(FaceGeometry.evaluate(List.of(e(0.45, 0.4), e(0.55, 0.4)), cfg))
        .isEqualTo(Eyes.IMPLAUSIBLE);
  }

  @Test
  void aFaceTurnedPartWayHasItsEyesNearerTogetherAndToOneSide() {
    // three-quarter views: a frontal rule (one eye each side, 0.25 apart) rejects both
    assertThat(FaceGeometry.evaluate(List.of(e(0.27, 0.4), e(0.49, 0.41)), cfg))
        .isEqualTo(Eyes.PLAUSIBLE);
    assertThat(FaceGeometry.evaluate(List.of(e(0.52, 0.4), e(0.74, 0.39)), cfg))
        .isEqualTo(Eyes.PLAUSIBLE);
    // but as close together when frontal is still too close
    assertThat(FaceGeometry.evaluate(List.of(e(0.39, 0.4), e(0.61, 0.4)), cfg))
        .isEqualTo(Eyes.IMPLAUSIBLE);
  }

  @Test
  void noEyesIsUnknownNotImplausible() {
    assertThat(FaceGeometry.evaluate(List.of(), cfg)).isEqualTo(Eyes.UNKNOWN);
  }

  private static double[] e(double x, double y) {
    return new double[] {x, y};
  }
}
