package io.previs.qccore.face;

/**
 * What the tracker saw of one face track in one frame.
 *
 * @param ssimPrevious SSIM of the face patch against the previous frame's, after alignment; NaN
 *     when there is none
 * @param ssimReference SSIM against the track's running reference appearance, after alignment: how
 *     far the face has drifted from how it usually looks (a turn drifts smoothly)
 * @param ssimViews the best SSIM against the running reference and the views the track kept of the
 *     face at a comparable scale: how unlike itself the face is at any pose it has shown
 * @param histogramReference luma-histogram correlation against the reference
 * @param templateScore normalised cross-correlation of the reference at the best position found
 *     (only when the cascade missed the face)
 * @param displacement movement since the previous frame not explained by the camera or the track's
 *     own velocity, in face sizes
 * @param scaleChange |ln(size ratio)| since the previous frame not explained by camera zoom
 * @param inside fraction of the box inside the frame (a face leaving the frame is not vanishing)
 */
record FaceObservation(
    int frame,
    State state,
    Box box,
    double ssimPrevious,
    double ssimReference,
    double ssimViews,
    double histogramReference,
    double templateScore,
    double displacement,
    double scaleChange,
    double inside,
    FaceGeometry.Eyes geometry) {

  enum State {
    /** The cascade found the face. */
    DETECTED,
    /** The cascade missed, but the face's appearance is where the track predicted it. */
    PRESENT,
    /** The cascade missed and the appearance turned up far from the prediction. */
    RELOCATED,
    /** Neither the cascade nor the appearance found it. */
    MISSING
  }

  boolean seen() {
    return state != State.MISSING;
  }
}
