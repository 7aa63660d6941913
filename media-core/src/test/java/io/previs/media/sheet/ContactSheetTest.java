package io.previs.media.sheet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.media.ReferenceTools;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Ffv1Writer;
import io.previs.media.frames.Fps;
import io.previs.media.frames.MemoryFrameSource;
import io.previs.media.frames.ShardInput;
import io.previs.media.frames.StreamInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ContactSheetTest {

  @TempDir Path dir;

  private static BgrFrame solid(int w, int h, int r, int g, int b) {
    BgrFrame f = new BgrFrame(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        f.setRgb(x, y, r, g, b);
      }
    }
    return f;
  }

  @Test
  void oneLabelledRowPerVariantWithItsFrames() throws Exception {
    // given: three variants, each a different colour, four frames each
    List<SheetEntry> entries = new ArrayList<>();
    int[][] colours = {{200, 40, 40}, {40, 200, 40}, {40, 40, 200}};
    for (int v = 0; v < 3; v++) {
      List<BgrFrame> frames = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        frames.add(solid(320, 180, colours[v][0], colours[v][1], colours[v][2]));
      }
      entries.add(new SheetEntry(v, 1000 + v, frames));
    }
    SheetLayout layout = new SheetLayout(160, 4, "job-1: a knight in fog");

    // when
    BgrFrame sheet = ContactSheet.render(entries, layout);
    Path jpg = dir.resolve("sheet.jpg");
    long bytes = ContactSheet.write(entries, layout, jpg, 85, "previs job job-1");

    // then: size follows the layout and each row shows its variant's colour under a label
    int th = 90;
    assertThat(sheet.width()).isEqualTo(2 * ContactSheet.MARGIN + 4 * 160 + 3 * ContactSheet.GAP);
    int rowHeight = ContactSheet.LABEL + th + ContactSheet.GAP;
    assertThat(sheet.height())
        .isEqualTo(2 * ContactSheet.MARGIN + ContactSheet.TITLE + 3 * rowHeight - ContactSheet.GAP);
    for (int v = 0; v < 3; v++) {
      int y = ContactSheet.MARGIN + ContactSheet.TITLE + v * rowHeight + ContactSheet.LABEL + 45;
      int x = ContactSheet.MARGIN + 3 * (160 + ContactSheet.GAP) + 80;
      assertThat(sheet.red(x, y)).isEqualTo(colours[v][0]);
      assertThat(sheet.green(x, y)).isEqualTo(colours[v][1]);
      int labelY = ContactSheet.MARGIN + ContactSheet.TITLE + v * rowHeight + 16;
      assertThat(brightPixels(sheet, labelY)).as("label text in row %d", v).isGreaterThan(10);
    }
    assertThat(bytes).isPositive();
    JsonNode probe = ReferenceTools.probe(jpg).get("streams").get(0);
    assertThat(probe.get("width").asInt()).isEqualTo(sheet.width());
  }

  @Test
  void samplesEvenlySpacedFramesFromShardsOfKnownAndUnknownLength() throws Exception {
    assertThat(FramePicker.indices(20, 4)).containsExactly(2, 7, 12, 17);
    assertThat(FramePicker.indices(3, 4)).containsExactly(0, 1, 2);

    Path mkv = dir.resolve("v0.mkv");
    try (Ffv1Writer w = new Ffv1Writer(mkv, 96, 54, Fps.of(16))) {
      for (int i = 0; i < 20; i++) {
        w.accept(solid(96, 54, i * 10, 0, 0));
      }
    }
    SheetEntry known = FramePicker.sample(ShardInput.file(mkv), 0, 7, 4, 48);
    assertThat(known.frames()).extracting(f -> f.red(10, 10)).containsExactly(20, 70, 120, 170);
    assertThat(known.frames().get(0).width()).isEqualTo(48);

    // A stream whose container does not say how long it is.
    MemoryFrameSource endless =
        new MemoryFrameSource(new StreamInfo(96, 54, Fps.of(16), 100), i -> solid(96, 54, i, 0, 0));
    var streamed =
        FramePicker.pick(
            new io.previs.media.frames.FrameSource() {
              @Override
              public StreamInfo info() {
                return new StreamInfo(96, 54, Fps.of(16), -1);
              }

              @Override
              public BgrFrame next() {
                return endless.next();
              }

              @Override
              public void close() {}
            },
            4,
            48);
    assertThat(streamed).hasSize(4);
    assertThat(streamed.get(0).red(5, 5)).isLessThan(streamed.get(3).red(5, 5));
  }

  @Test
  void badInputsAreRefused() {
    assertThatThrownBy(() -> new SheetEntry(0, 1, List.of()))
        .hasMessageContaining("sheet variant 0 has no frames");
    assertThatThrownBy(() -> new SheetLayout(8, 4, null))
        .hasMessageContaining("sheet.thumbWidth 8 is out of range");
    assertThat(ContactSheet.ascii("seed · 42")).isEqualTo("seed ? 42");
  }

  private static int brightPixels(BgrFrame f, int y) {
    int n = 0;
    for (int x = 0; x < f.width(); x++) {
      if (f.red(x, y) > 150 && f.green(x, y) > 150 && f.blue(x, y) > 150) {
        n++;
      }
    }
    return n;
  }
}
