package io.previs.editorial;

import java.util.List;

/**
 * Reads a CMX 3600 EDL back and checks it against the format's rules and this package's: TITLE
 * first, an FCM line (non-drop) before the events, fixed-field event lines with three-digit
 * increasing numbers, valid timecodes at the given rate, out after in, each record in equal to the
 * previous record out (the writer cuts only, so a gap or an overlap is a fault), source and record
 * durations equal unless an {@code M2} line retimes the event, comments starting with {@code *},
 * and nothing else.
 *
 * <p>Runs before an EDL is served and in tests, so it reports every problem (each with its line
 * number) rather than stopping at the first.
 */
public final class Cmx3600Reader {

  private Cmx3600Reader() {}

  /**
   * What an EDL says and what is wrong with it.
   *
   * @param problems each a line number and the rule it breaks; empty for a valid EDL
   * @param events the events whose timecodes could be read, in file order
   */
  public record Result(List<String> problems, List<Event> events) {
    public Result {
      problems = List.copyOf(problems);
      events = List.copyOf(events);
    }

    /** Whether the file breaks no rule. */
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /**
   * One event; timecodes as frame counts at the EDL's rate, record times absolute (01:00:00:00 is
   * 3600 × fps).
   *
   * @param number the event number
   * @param reel the reel, trimmed
   * @param channel the channel field, trimmed (V for video)
   * @param transition the transition field, trimmed (C for a cut)
   * @param sourceIn first source frame
   * @param sourceOut source out, exclusive
   * @param recordIn first record frame
   * @param recordOut record out, exclusive
   * @param speed source frames per second of record time: the M2 line's, else the EDL's rate
   * @param clipName the {@code * FROM CLIP NAME:} comment; "" when absent
   * @param sourceFile the {@code * SOURCE FILE:} comment; "" when absent
   * @param markers the event's {@code * LOC:} lines
   */
  public record Event(
      int number,
      String reel,
      String channel,
      String transition,
      long sourceIn,
      long sourceOut,
      long recordIn,
      long recordOut,
      double speed,
      String clipName,
      String sourceFile,
      List<Locator> markers) {
    public Event {
      markers = List.copyOf(markers);
    }
  }

  /**
   * A {@code * LOC:} line.
   *
   * @param recordFrame where it sits, in absolute record frames
   * @param color its colour, one of {@link Cmx3600#LOCATOR_COLORS}
   * @param name its text
   */
  public record Locator(long recordFrame, String color, String name) {}

  /**
   * Parses and checks {@code edl} at {@code fps}; never throws for bad input, reporting it instead.
   *
   * @throws IllegalArgumentException if {@code fps} is not in 1..{@value Timecode#MAX_FPS}
   */
  public static Result read(String edl, int fps) {
    Checks.inRange(fps, 1, Timecode.MAX_FPS, "fps");
    return new EdlParser(fps).parse(edl == null ? "" : edl);
  }
}
