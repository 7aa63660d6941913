package io.previs.editorial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CutTest {

  private static CutClip clip(int sourceStart, int frames, int available, List<CutMarker> markers) {
    return new CutClip(
        "sh", "sh take 1", "sh_t1.mp4", 24, sourceStart, frames, available, Map.of(), markers);
  }

  @Test
  void cutNamesTheFieldAndLimit() {
    assertThatThrownBy(() -> new Cut(" ", 16, List.of())).hasMessage("name must not be blank");
    assertThatThrownBy(() -> new Cut("sq", 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fps must be in 1..120, was 0");
    assertThatThrownBy(() -> new Cut("sq", 121, List.of()))
        .hasMessage("fps must be in 1..120, was 121");
    assertThatThrownBy(() -> new Cut("sq", 16, null)).hasMessage("clips must not be null");
    List<CutClip> withNull = Arrays.asList(clip(0, 1, 1, List.of()), null);
    assertThatThrownBy(() -> new Cut("sq", 16, withNull)).hasMessage("clips[1] must not be null");
  }

  @Test
  void clipNamesTheFieldAndLimit() {
    assertThatThrownBy(() -> clip(0, 0, 10, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frames must be > 0, was 0");
    assertThatThrownBy(() -> clip(-1, 5, 10, List.of()))
        .hasMessage("sourceStart must be >= 0, was -1");
    assertThatThrownBy(() -> clip(5, 40, 40, List.of()))
        .hasMessage("availableFrames must be >= sourceStart + frames (45), was 40");
    assertThatThrownBy(() -> new CutClip("sh", "t", "t.mp4", 121, 0, 1, 1, Map.of(), List.of()))
        .hasMessage("fps must be in 1..120, was 121");
    assertThatThrownBy(() -> new CutClip("", "t", "t.mp4", 24, 0, 1, 1, Map.of(), List.of()))
        .hasMessage("shot must not be blank");
    assertThatThrownBy(
            () -> new CutClip("sh", "take\n002", "t.mp4", 24, 0, 1, 1, Map.of(), List.of()))
        .hasMessage("take must not contain control characters");
  }

  @Test
  void clipFileMustBeRelative() {
    for (String file : List.of("/farm/takes/t.mp4", "s3://bucket/t.mp4", "C:\\takes\\t.mp4")) {
      assertThatThrownBy(() -> new CutClip("sh", "t", file, 24, 0, 1, 1, Map.of(), List.of()))
          .hasMessage("fileName must be relative to the timeline file, was " + file);
    }
  }

  @Test
  void clipMetadataIsCheckedAndSorted() {
    Map<String, String> withNull = new HashMap<>();
    withNull.put("seed", null);
    assertThatThrownBy(() -> new CutClip("sh", "t", "t.mp4", 24, 0, 1, 1, withNull, List.of()))
        .hasMessage("metadata must not hold null keys or values");
    assertThatThrownBy(
            () -> new CutClip("sh", "t", "t.mp4", 24, 0, 1, 1, Map.of("shot", "x"), List.of()))
        .hasMessageContaining("metadata must not use the key \"shot\"");
    CutClip clip =
        new CutClip(
            "sh", "t", "t.mp4", 24, 0, 1, 1, Map.of("version", "2", "jobId", "j"), List.of());
    assertThat(clip.metadata().keySet()).containsExactly("jobId", "version");
  }

  @Test
  void markersMustLieInTheFramesUsed() {
    CutMarker late = new CutMarker("note", 50, 0, "RED", "");
    assertThatThrownBy(() -> clip(12, 36, 72, List.of(new CutMarker("ok", 12, 0, "RED", ""), late)))
        .hasMessage("markers[1].frame must be in 12..47 (the frames used), was 50");
    assertThat(clip(12, 36, 72, List.of(new CutMarker("last", 47, 1, "RED", ""))).markers())
        .hasSize(1);
  }

  @Test
  void markerNamesTheFieldAndLimit() {
    assertThatThrownBy(() -> new CutMarker("n", 0, 0, "TEAL", ""))
        .hasMessageStartingWith("color must be one of [PINK, RED,")
        .hasMessageEndingWith("was TEAL");
    assertThatThrownBy(() -> new CutMarker("n", -1, 0, "RED", ""))
        .hasMessage("frame must be >= 0, was -1");
    assertThatThrownBy(() -> new CutMarker("n", 0, -2, "RED", ""))
        .hasMessage("duration must be >= 0, was -2");
    assertThatThrownBy(() -> new CutMarker(null, 0, 0, "RED", ""))
        .hasMessage("name must not be blank");
    assertThatThrownBy(() -> new CutMarker("n", 0, 0, "RED", null))
        .hasMessageStartingWith("comment must not be null");
  }

  @Test
  void listsAreCopied() {
    List<CutClip> clips = new ArrayList<>(List.of(clip(0, 1, 1, List.of())));
    Cut cut = new Cut("sq", 16, clips);
    clips.clear();
    assertThat(cut.clips()).hasSize(1);
    assertThatThrownBy(() -> cut.clips().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
