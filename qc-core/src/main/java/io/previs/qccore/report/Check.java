package io.previs.qccore.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every kind of problem QC reports, with the id used in findings, profiles and metrics tags, and
 * the severity it has unless a profile says otherwise. The defaults fail what is broken beyond
 * doubt and send to review what could be intended (a hand-held shake, a hold, a step back).
 */
public enum Check {
  CUT("similarity.cut", Severity.CRITICAL, "jump cut or sudden scene change inside the shot"),
  FLICKER("similarity.flicker", Severity.CRITICAL, "brightness or colour oscillating"),
  /**
   * A picture brightening for a few frames and returning (lightning, a muzzle flash, a strobe):
   * meant in some shots, a defect in others, so a person looks unless the shot expects it.
   */
  FLASH(
      "similarity.flash",
      Severity.WARNING,
      "a brief flash: the picture brightens for a few frames and returns"),
  FREEZE("similarity.freeze", Severity.WARNING, "frames repeated in an otherwise moving clip"),
  BLACK("similarity.black", Severity.CRITICAL, "black frames"),
  /**
   * Black frames that open or close the clip: a leader, or a fade from or to black. Post can trim
   * them, so they do not spend GPU time on a re-render; a shot that asks for a fade expects them.
   */
  FADE("similarity.fade", Severity.WARNING, "black frames at the start or end of the clip"),
  BLANK("similarity.blank", Severity.CRITICAL, "blank frames: one uniform colour"),
  WARP_ERROR(
      "flow.warp_error", Severity.WARNING, "a change between frames that motion does not explain"),
  JITTER("flow.jitter", Severity.WARNING, "motion shaking back and forth"),
  REVERSAL("flow.reversal", Severity.WARNING, "motion reversing for a few frames, then resuming"),
  STATIC("flow.static", Severity.CRITICAL, "clip is static although motion was asked for"),
  FACE_VANISH("face.vanish", Severity.CRITICAL, "a face disappears and returns within the shot"),
  FACE_JUMP("face.jump", Severity.WARNING, "a face jumps in position or size"),
  FACE_GEOMETRY("face.geometry", Severity.WARNING, "eyes where a face cannot have them"),
  FACE_DISTORTION(
      "face.distortion", Severity.CRITICAL, "a face region warped or smeared against its track"),
  /**
   * Content policy, not picture quality: always run when a gallery is registered, never disabled or
   * re-graded by a studio's QC profile; the variant is held for ops before anyone downloads it.
   */
  LIKENESS(
      "face.likeness",
      Severity.WARNING,
      "a face resembles a protected person's registered face: held for ops' review");

  private final String id;
  private final Severity defaultSeverity;
  private final String description;

  Check(String id, Severity defaultSeverity, String description) {
    this.id = id;
    this.defaultSeverity = defaultSeverity;
    this.description = description;
  }

  @JsonValue
  public String id() {
    return id;
  }

  /** Set by the content policy: a QC profile may neither disable nor re-grade it. */
  public boolean policy() {
    return this == LIKENESS;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  public String description() {
    return description;
  }

  @JsonCreator
  public static Check of(String id) {
    for (Check c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown check '" + id + "'");
  }
}
