package io.previs.editorial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.editorial.Cmx3600Reader.Event;
import io.previs.editorial.Cmx3600Reader.Locator;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Cmx3600RoundTripTest {

  /** One hour at 16 fps: where record time starts. */
  private static final long HOUR = 3600 * 16;

  static final String THREE_SHOTS =
      """
      TITLE: SQ010 LAYOUT
      FCM: NON-DROP FRAME

      001  AX       V     C        00:00:00:00 00:00:02:01 01:00:00:00 01:00:02:01
      * FROM CLIP NAME: sq010_sh010 v001 take 1
      * SOURCE FILE: sq010_sh010_v001_t1.mp4

      002  AX       V     C        00:00:00:12 00:00:03:00 01:00:02:01 01:00:03:09
      M2   AX             024.0                00:00:00:12
      * FROM CLIP NAME: sq010_sh020 v002 take 3
      * SOURCE FILE: sq010_sh020_v002_t3.mp4
      * LOC: 01:00:02:09 RED     QC: hand
      * LOC: 01:00:02:13 YELLOW  director note

      003  AX       V     C        00:00:00:08 00:00:03:00 01:00:03:09 01:00:06:01
      * FROM CLIP NAME: sq010_sh030 v001 take 2
      * SOURCE FILE: sq010_sh030_v001_t2.mp4
      """;

  @Test
  void writesTheFixedFieldLayout() {
    assertThat(Cmx3600.write(Cuts.threeShots())).isEqualTo(THREE_SHOTS);
  }

  @Test
  void readsBackEventsTimecodesNamesAndMarkers() {
    // when
    Cmx3600Reader.Result result = Cmx3600Reader.read(Cmx3600.write(Cuts.threeShots()), 16);

    // then: frame 33 at 16 fps is 00:00:02:01; the 24 fps take's 36 frames fill 24 record frames
    assertThat(result.problems()).isEmpty();
    assertThat(result.events())
        .containsExactly(
            new Event(
                1,
                "AX",
                "V",
                "C",
                0,
                33,
                HOUR,
                HOUR + 33,
                16,
                "sq010_sh010 v001 take 1",
                "sq010_sh010_v001_t1.mp4",
                List.of()),
            new Event(
                2,
                "AX",
                "V",
                "C",
                12,
                48,
                HOUR + 33,
                HOUR + 57,
                24,
                "sq010_sh020 v002 take 3",
                "sq010_sh020_v002_t3.mp4",
                List.of(
                    new Locator(HOUR + 41, "RED", "QC: hand"),
                    new Locator(HOUR + 45, "YELLOW", "director note"))),
            new Event(
                3,
                "AX",
                "V",
                "C",
                8,
                48,
                HOUR + 57,
                HOUR + 97,
                16,
                "sq010_sh030 v001 take 2",
                "sq010_sh030_v001_t2.mp4",
                List.of()));
  }

  @Test
  void recordTimeIsContiguousFromOneHour() {
    List<Event> events = Cmx3600Reader.read(Cmx3600.write(Cuts.threeShots()), 16).events();

    assertThat(events.getFirst().recordIn()).isEqualTo(HOUR);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).recordIn()).isEqualTo(events.get(i - 1).recordOut());
    }
  }

  @Test
  void emptyCutHasOnlyTheHeader() {
    String edl = Cmx3600.write(Cuts.empty());

    assertThat(edl).isEqualTo("TITLE: SQ020\nFCM: NON-DROP FRAME\n");
    assertThat(Cmx3600Reader.read(edl, 16).problems()).isEmpty();
  }

  @Test
  void titleIsUpperCasedAsciiOfAtMostSeventyCharacters() {
    Cut cut = new Cut("séquence " + "x".repeat(80), 24, List.of());

    String title = Cmx3600.write(cut).lines().findFirst().orElseThrow();

    assertThat(title).isEqualTo("TITLE: S_QUENCE " + "X".repeat(61)).hasSize(7 + 70);
  }

  @Test
  void refusesWhatAnEdlCannotHold() {
    CutClip clip = new CutClip("sh", "sh t1", "sh_t1.mp4", 16, 0, 1, 1, Map.of(), List.of());
    assertThatThrownBy(() -> Cmx3600.write(new Cut("sq", 16, Collections.nCopies(1000, clip))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clips must be <= 999 for an EDL, was 1000");
    assertThat(Cmx3600.write(new Cut("sq", 16, Collections.nCopies(999, clip))))
        .contains("\n999  AX ");
    assertThatThrownBy(() -> Cmx3600.write(new Cut("sq", 120, List.of())))
        .hasMessageContaining("fps must be <= 100");
    CutClip blink = new CutClip("sh", "sh t1", "sh_t1.mp4", 120, 0, 1, 1, Map.of(), List.of());
    assertThatThrownBy(() -> Cmx3600.write(new Cut("sq", 16, List.of(blink))))
        .hasMessage("clips[0].frames (1 at 120 fps) is under one frame at the cut's 16 fps");
  }

  @Test
  void markerOnTheLastFrameOfARetimedTakeStaysInItsEvent() {
    // 2 frames at 24 fps round to 1 record frame at 16; a note on the 2nd would round onto the next
    CutClip clip =
        new CutClip(
            "sh",
            "sh t1",
            "sh_t1.mp4",
            24,
            0,
            2,
            2,
            Map.of(),
            List.of(new CutMarker("end", 1, 0, "PINK", "")));

    Cmx3600Reader.Result result =
        Cmx3600Reader.read(Cmx3600.write(new Cut("sq", 16, List.of(clip))), 16);

    assertThat(result.problems()).isEmpty();
    assertThat(result.events().getFirst().markers())
        .containsExactly(new Locator(HOUR, "MAGENTA", "end"));
  }
}
