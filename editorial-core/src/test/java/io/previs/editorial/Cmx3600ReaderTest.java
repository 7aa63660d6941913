package io.previs.editorial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Faults planted in a written EDL, each of which the reader must report with its line. Lines of the
 * fixture: 1 TITLE, 2 FCM, 4 event 001, 8 event 002, 9 its M2, 12-13 its LOCs, 15 event 003.
 */
class Cmx3600ReaderTest {

  private static final String EDL = Cmx3600RoundTripTest.THREE_SHOTS;
  private static final String EVENT_2 =
      "002  AX       V     C        00:00:00:12 00:00:03:00 01:00:02:01 01:00:03:09\n";

  private static Cmx3600Reader.Result read(String edl) {
    return Cmx3600Reader.read(edl, 16);
  }

  @Test
  void theFixtureIsValid() {
    assertThat(read(EDL).problems()).isEmpty();
  }

  @Test
  void gapBetweenEvents() {
    String edl = EDL.substring(0, EDL.indexOf(EVENT_2)) + EDL.substring(EDL.indexOf("003  AX"));

    assertThat(read(edl).problems())
        .containsExactly(
            "line 8: record in 01:00:03:09 must equal the previous record out 01:00:02:01"
                + " (a gap of 24 frames)");
  }

  @Test
  void overlapBetweenEvents() {
    String edl =
        EDL.replace("01:00:02:01 01:00:03:09\n", "01:00:02:00 01:00:03:08\n")
            .replace("01:00:03:09 01:00:06:01", "01:00:03:08 01:00:06:00");

    assertThat(read(edl).problems())
        .containsExactly(
            "line 8: record in 01:00:02:00 must equal the previous record out 01:00:02:01"
                + " (an overlap of 1 frames)");
  }

  @Test
  void framesFieldAtOrAboveTheRate() {
    String edl = EDL.replace("00:00:00:00 00:00:02:01", "00:00:00:00 00:00:01:16");

    assertThat(read(edl).problems())
        .containsExactly(
            "line 4: source out: timecode 00:00:01:16: frames field must be < 16, was 16"
                + " (at 16 fps)");
  }

  @Test
  void malformedEventLine() {
    String edl = EDL.replace("001  AX       V  ", "001  AX      V  ");

    assertThat(read(edl).problems())
        .singleElement()
        .asString()
        .startsWith("line 4: malformed event line");
  }

  @Test
  void nonIncreasingEventNumbers() {
    String edl = EDL.replace("002  AX", "001  AX");

    assertThat(read(edl).problems())
        .containsExactly("line 8: event number 001 must be greater than the previous 001");
  }

  @Test
  void durationsDifferWithoutAnM2Line() {
    String edl = EDL.replaceAll("M2 .*\n", "");

    assertThat(read(edl).problems())
        .containsExactly(
            "line 8: source duration 36 frames must equal record duration 24 frames (no M2 line)");
  }

  @Test
  void m2SpeedThatDoesNotFitTheDurations() {
    String edl = EDL.replace("024.0", "030.0");

    assertThat(read(edl).problems())
        .containsExactly(
            "line 8: record duration 24 frames must be source 36 frames at M2 speed 30.0,"
                + " 19 frames");
  }

  @Test
  void outBeforeIn() {
    String edl =
        EDL.replace("00:00:00:08 00:00:03:00", "00:00:03:00 00:00:00:08")
            .replace("01:00:03:09 01:00:06:01", "01:00:03:09 01:00:03:09");

    assertThat(read(edl).problems())
        .containsExactly(
            "line 15: source out 00:00:00:08 must be after source in 00:00:03:00",
            "line 15: record out 01:00:03:09 must be after record in 01:00:03:09");
  }

  @Test
  void headerLines() {
    assertThat(read(EDL.replace("TITLE: SQ010 LAYOUT\n", "")).problems())
        .contains("line 1: the first line must be TITLE: <name>, was FCM: NON-DROP FRAME");
    assertThat(read(EDL.replace("FCM: NON-DROP FRAME", "")).problems())
        .containsExactly("line 2: no FCM line before the events");
    assertThat(read(EDL.replace("FCM: NON-DROP FRAME", "FCM: DROP FRAME")).problems())
        .containsExactly(
            "line 2: drop-frame timecode is not supported; FCM must be NON-DROP FRAME");
    assertThat(read(EDL.stripTrailing()).problems())
        .containsExactly("line 17: the file must end with a newline");
  }

  @Test
  void unknownLinesAndCommentsWithoutTheirStar() {
    String edl =
        EDL.replace("* SOURCE FILE: sq010_sh010", "SOURCE FILE: sq010_sh010")
            .replace("\n003  AX", "\nhello\n003  AX");

    assertThat(read(edl).problems())
        .containsExactly(
            "line 6: unrecognised line (comments start with *): SOURCE FILE: sq010_sh010_v001_t1.mp4",
            "line 15: unrecognised line (comments start with *): hello");
  }

  @Test
  void locatorsMustBeInsideTheirEventWithAnAvidColour() {
    String edl =
        EDL.replace("* LOC: 01:00:02:09 RED", "* LOC: 01:00:04:00 RED")
            .replace("YELLOW  director", "ORANGE  director");

    assertThat(read(edl).problems())
        .containsExactly(
            "line 12: LOC 01:00:04:00 lies outside its event's record time",
            "line 13: LOC colour must be one of [RED, GREEN, BLUE, CYAN, MAGENTA, YELLOW, BLACK,"
                + " WHITE], was ORANGE");
  }

  @Test
  void acceptsWindowsLineEndingsAndFreeComments() {
    String edl =
        EDL.replace("\n", "\r\n")
            .replace("FCM: NON-DROP FRAME", "FCM: NON-DROP FRAME\r\n* made by previs");

    assertThat(read(edl).problems()).isEmpty();
  }

  @Test
  void refusesARateTimecodeCannotHold() {
    assertThatThrownBy(() -> Cmx3600Reader.read(EDL, 0)).hasMessage("fps must be in 1..100, was 0");
  }
}
