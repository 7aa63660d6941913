package io.previs.qccore.corpus;

import io.previs.qccore.report.Check;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The planted defects, the checks expected to catch each, and the footage each applies to. */
enum Defect {
  NONE(Set.of(), List.of(Content.values())),
  JUMP_CUT(Set.of(Check.CUT), moving(Content.STATIC)),
  FLICKER(Set.of(Check.FLICKER), moving(Content.STATIC)),
  FREEZE(Set.of(Check.FREEZE), moving()),
  BLACK(Set.of(Check.BLACK, Check.BLANK), moving(Content.STATIC)),
  REVERSAL(Set.of(Check.REVERSAL), moving()),
  JITTER(Set.of(Check.JITTER), moving(Content.STATIC)),
  FACE_VANISH(Set.of(Check.FACE_VANISH), List.of(Content.MOVING_FACE)),
  FACE_WARP(Set.of(Check.FACE_DISTORTION), List.of(Content.MOVING_FACE)),
  FACE_JUMP(Set.of(Check.FACE_JUMP), List.of(Content.MOVING_FACE));

  final Set<Check> expected;
  final List<Content> contents;

  Defect(Set<Check> expected, List<Content> contents) {
    this.expected = expected;
    this.contents = contents;
  }

  private static List<Content> moving(Content... extra) {
    EnumSet<Content> s = EnumSet.complementOf(EnumSet.of(Content.STATIC));
    s.addAll(List.of(extra));
    return List.copyOf(s);
  }
}
