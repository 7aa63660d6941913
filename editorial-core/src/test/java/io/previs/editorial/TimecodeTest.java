package io.previs.editorial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimecodeTest {

  @ParameterizedTest
  @CsvSource({
    "0, 16, 00:00:00:00",
    "33, 16, 00:00:02:01",
    "15, 16, 00:00:00:15",
    "57600, 16, 01:00:00:00",
    "58577, 16, 01:01:01:01",
    "90000, 25, 01:00:00:00",
    "2159999, 25, 23:59:59:24",
    "86399, 1, 23:59:59:00"
  })
  void formatsAndParsesBack(long frame, int fps, String timecode) {
    assertThat(Timecode.format(frame, fps)).isEqualTo(timecode);
    assertThat(Timecode.parse(timecode, fps)).isEqualTo(frame);
  }

  @Test
  void everyFrameOfTwoHoursRoundTrips() {
    for (int fps : new int[] {16, 24, 30, 100}) {
      for (long frame = 0; frame < 2L * 3600 * fps; frame += 7) {
        assertThat(Timecode.parse(Timecode.format(frame, fps), fps)).isEqualTo(frame);
      }
    }
  }

  @Test
  void refusesFramesFieldAtOrAboveTheRate() {
    assertThatThrownBy(() -> Timecode.parse("00:00:02:16", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timecode 00:00:02:16: frames field must be < 16, was 16");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00:60:00:00",
        "00:00:60:00",
        "24:00:00:00",
        "1:00:00:00",
        "00:00:00;00",
        "00:00:00:00 ",
        "",
        "aa:bb:cc:dd"
      })
  void refusesMalformedTimecode(String timecode) {
    assertThatThrownBy(() -> Timecode.parse(timecode, 24))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timecode");
  }

  @Test
  void refusesFramesOutsideADayAndBadRates() {
    assertThatThrownBy(() -> Timecode.format(-1, 16)).hasMessageContaining("frame must be in");
    assertThatThrownBy(() -> Timecode.format(24L * 3600 * 16, 16))
        .hasMessageContaining("under 24 hours");
    assertThatThrownBy(() -> Timecode.format(0, 0)).hasMessage("fps must be in 1..100, was 0");
    assertThatThrownBy(() -> Timecode.parse("00:00:00:00", 101))
        .hasMessage("fps must be in 1..100, was 101");
    assertThatThrownBy(() -> Timecode.parse(null, 16))
        .hasMessage("timecode must be HH:MM:SS:FF, was null");
  }
}
