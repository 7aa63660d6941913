package io.previs.editorial;

import io.previs.editorial.Cmx3600Reader.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The line-by-line work of {@link Cmx3600Reader}; one instance reads one EDL. */
final class EdlParser {

  static final String TC = "(\\d{2}:\\d{2}:\\d{2}:\\d{2})";

  /** Event, reel, channel, transition, transition duration, then four timecodes. */
  private static final Pattern EVENT =
      Pattern.compile(
          "(\\d{3})  (.{8}) (.{5}) (.{4}) (.{3}) " + TC + " " + TC + " " + TC + " " + TC + " *");

  private static final Pattern MOTION =
      Pattern.compile("M2 +(\\S{1,8}) +(-?\\d{3}\\.\\d) +" + TC + " *");
  private static final Pattern REEL = Pattern.compile("[A-Za-z0-9_]{1,8} *");
  private static final Pattern CHANNEL = Pattern.compile("(V|A|A2|AA|B|A/V|AA/V|A2/V) *");

  private final int fps;
  private final List<String> problems = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private EdlEvent current;
  private int lastNumber;
  private long lastRecordOut = -1;
  private boolean fcm;
  private int line;

  EdlParser(int fps) {
    this.fps = fps;
  }

  Cmx3600Reader.Result parse(String edl) {
    if (edl.isEmpty()) {
      return new Cmx3600Reader.Result(List.of("line 1: the EDL is empty"), List.of());
    }
    String[] lines = edl.split("\n", -1);
    for (line = 1; line <= lines.length - 1; line++) {
      read(lines[line - 1].replaceFirst("\r$", ""));
    }
    if (!lines[lines.length - 1].isEmpty()) {
      read(lines[lines.length - 1]);
      problem("the file must end with a newline");
    }
    finish();
    if (!fcm) {
      problems.add(0, "line 2: no FCM line before the events");
    }
    return new Cmx3600Reader.Result(problems, events);
  }

  private void read(String text) {
    if (line == 1) {
      if (!text.startsWith("TITLE: ")) {
        problem("the first line must be TITLE: <name>, was " + text);
      } else if (text.length() - "TITLE: ".length() > Cmx3600.MAX_TITLE) {
        problem("the title must be at most " + Cmx3600.MAX_TITLE + " characters");
      }
      return;
    }
    Matcher m;
    if (text.isBlank()) {
      return;
    } else if (text.startsWith("FCM:")) {
      fcm(text.substring(4).strip());
    } else if ((m = EVENT.matcher(text)).matches()) {
      event(m);
    } else if ((m = MOTION.matcher(text)).matches()) {
      motion(m);
    } else if (text.startsWith("*")) {
      comment(text);
    } else if (text.startsWith("TITLE:")) {
      problem("TITLE must be the first line only");
    } else if (text.matches("\\d{3}\\s.*")) {
      // Its comment lines still belong to it, not to the event before.
      finish();
      current = new EdlEvent(line, -1, "", "", "", null, fps);
      lastRecordOut = -1;
      problem(
          "malformed event line (fixed fields: NNN  REEL____ CHAN_ TRAN DUR TC TC TC TC): " + text);
    } else {
      problem("unrecognised line (comments start with *): " + text);
    }
  }

  private void fcm(String mode) {
    if (current != null || !events.isEmpty()) {
      problem("FCM must come before the first event");
    }
    if (mode.equals("DROP FRAME")) {
      problem("drop-frame timecode is not supported; FCM must be NON-DROP FRAME");
    } else if (!mode.equals("NON-DROP FRAME")) {
      problem("FCM must be NON-DROP FRAME, was " + mode);
    }
    fcm = true;
  }

  private void event(Matcher m) {
    finish();
    int number = Integer.parseInt(m.group(1));
    if (number <= lastNumber) {
      problem(
          String.format(
              Locale.ROOT,
              "event number %03d must be greater than the previous %03d",
              number,
              lastNumber));
    }
    lastNumber = number;
    if (!REEL.matcher(m.group(2)).matches()) {
      problem("reel must be 1-8 letters, digits or _, left-aligned, was '" + m.group(2) + "'");
    }
    if (!CHANNEL.matcher(m.group(3)).matches()) {
      problem("channel must be V, A, A2, AA, B or a pair with V, was '" + m.group(3) + "'");
    }
    if (!m.group(4).strip().equals("C") || !m.group(5).isBlank()) {
      problem("transition must be C (this EDL cuts only), was '" + m.group(4) + m.group(5) + "'");
    }
    long[] tc = new long[4];
    String[] names = {"source in", "source out", "record in", "record out"};
    boolean readable = true;
    for (int i = 0; i < 4; i++) {
      try {
        tc[i] = Timecode.parse(m.group(6 + i), fps);
      } catch (IllegalArgumentException e) {
        problem(names[i] + ": " + e.getMessage() + " (at " + fps + " fps)");
        readable = false;
      }
    }
    current =
        new EdlEvent(
            line,
            number,
            m.group(2).strip(),
            m.group(3).strip(),
            m.group(4).strip(),
            readable ? tc : null,
            fps);
    if (!readable) {
      lastRecordOut = -1;
      return;
    }
    if (tc[1] <= tc[0]) {
      problem("source out " + m.group(7) + " must be after source in " + m.group(6));
    }
    if (tc[3] <= tc[2]) {
      problem("record out " + m.group(9) + " must be after record in " + m.group(8));
    }
    if (lastRecordOut >= 0 && tc[2] != lastRecordOut) {
      long gap = tc[2] - lastRecordOut;
      problem(
          String.format(
              Locale.ROOT,
              "record in %s must equal the previous record out %s (%s of %d frames)",
              m.group(8),
              Timecode.format(lastRecordOut, fps),
              gap > 0 ? "a gap" : "an overlap",
              Math.abs(gap)));
    }
    lastRecordOut = tc[3];
  }

  private void motion(Matcher m) {
    if (current == null) {
      problem("M2 line without an event before it");
    } else {
      current.motion(m, line, this::problem);
    }
  }

  private void comment(String text) {
    if (!EdlEvent.aboutClip(text)) {
      return; // a free comment; CMX allows any
    }
    if (current == null) {
      problem("clip comment before any event: " + text);
    } else {
      current.comment(text, this::problem);
    }
  }

  /** Checks what needed the event's M2 line, then keeps the event. */
  private void finish() {
    if (current == null) {
      return;
    }
    if (current.times != null) {
      String mismatch = current.durationMismatch();
      if (mismatch != null) {
        problems.add("line " + current.line + ": " + mismatch);
      }
      events.add(current.toEvent());
    }
    current = null;
  }

  private void problem(String what) {
    problems.add("line " + line + ": " + what);
  }
}
