package io.previs.editorial;

import io.previs.editorial.Cmx3600Reader.Event;
import io.previs.editorial.Cmx3600Reader.Locator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An event while the M2 and comment lines that follow its event line are read. */
final class EdlEvent {

  private static final Pattern LOC = Pattern.compile("\\* LOC: " + EdlParser.TC + " (\\S+) *(.*)");
  private static final String CLIP_NAME = "* FROM CLIP NAME:";
  private static final String SOURCE_FILE = "* SOURCE FILE:";
  private static final String LOC_START = "* LOC:";

  final int line;
  final int number;
  final String reel;
  final String channel;
  final String transition;

  /** Source in, source out, record in, record out, in frames; null when one was unreadable. */
  final long[] times;

  private final int fps;
  private double speed;
  private int motionLine;
  private String clipName = "";
  private String sourceFile = "";
  private final List<Locator> markers = new ArrayList<>();

  EdlEvent(
      int line, int number, String reel, String channel, String transition, long[] times, int fps) {
    this.line = line;
    this.number = number;
    this.reel = reel;
    this.channel = channel;
    this.transition = transition;
    this.times = times == null ? null : times.clone();
    this.fps = fps;
    this.speed = fps;
  }

  /** Whether a comment line says something about the event it follows. */
  static boolean aboutClip(String text) {
    return text.startsWith(CLIP_NAME) || text.startsWith(SOURCE_FILE) || text.startsWith(LOC_START);
  }

  /** An M2 line: the speed, in source frames per second of record time, this event plays at. */
  void motion(Matcher m, int at, Consumer<String> problem) {
    if (motionLine > 0) {
      problem.accept(String.format(Locale.ROOT, "second M2 line for event %03d", number));
    }
    motionLine = at;
    if (times == null) {
      return; // its event line is already reported
    }
    if (!m.group(1).equals(reel)) {
      problem.accept("M2 reel " + m.group(1) + " must match its event's reel " + reel);
    }
    if (!m.group(3).equals(Timecode.format(times[0], fps))) {
      problem.accept("M2 timecode " + m.group(3) + " must be its event's source in");
    }
    double value = Double.parseDouble(m.group(2));
    if (value <= 0) {
      problem.accept("M2 speed must be > 0 (no reverse or freeze frames), was " + m.group(2));
    } else {
      speed = value;
    }
  }

  /** A comment line for which {@link #aboutClip} holds. */
  void comment(String text, Consumer<String> problem) {
    if (text.startsWith(CLIP_NAME)) {
      clipName = text.substring(CLIP_NAME.length()).strip();
    } else if (text.startsWith(SOURCE_FILE)) {
      sourceFile = text.substring(SOURCE_FILE.length()).strip();
    } else {
      locator(text, problem);
    }
  }

  private void locator(String text, Consumer<String> problem) {
    Matcher m = LOC.matcher(text);
    if (!m.matches()) {
      problem.accept("LOC line must be * LOC: HH:MM:SS:FF COLOR name, was " + text);
      return;
    }
    if (!Cmx3600.LOCATOR_COLORS.contains(m.group(2))) {
      problem.accept("LOC colour must be one of " + Cmx3600.LOCATOR_COLORS + ", was " + m.group(2));
    }
    try {
      long at = Timecode.parse(m.group(1), fps);
      if (times != null && (at < times[2] || at >= times[3])) {
        problem.accept("LOC " + m.group(1) + " lies outside its event's record time");
      }
      markers.add(new Locator(at, m.group(2), m.group(3).strip()));
    } catch (IllegalArgumentException e) {
      problem.accept("LOC: " + e.getMessage());
    }
  }

  /**
   * Null when the source lasts as long as the record at the event's speed. Without M2 the speed is
   * the EDL's rate, so the durations must be equal; with M2 the source advances {@code speed}
   * frames per second of record, as the writer rounds it.
   */
  String durationMismatch() {
    long source = times[1] - times[0];
    long record = times[3] - times[2];
    if (source <= 0 || record <= 0) {
      return null; // already reported as out before in
    }
    long expected = Frames.rescale(source, speed, fps);
    if (expected == record) {
      return null;
    }
    return motionLine > 0
        ? String.format(
            Locale.ROOT,
            "record duration %d frames must be source %d frames at M2 speed %.1f, %d frames",
            record,
            source,
            speed,
            expected)
        : "source duration "
            + source
            + " frames must equal record duration "
            + record
            + " frames (no M2 line)";
  }

  Event toEvent() {
    return new Event(
        number,
        reel,
        channel,
        transition,
        times[0],
        times[1],
        times[2],
        times[3],
        speed,
        clipName,
        sourceFile,
        markers);
  }
}
