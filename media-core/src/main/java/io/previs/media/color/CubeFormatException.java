package io.previs.media.color;

/**
 * A .cube file that cannot be read; the message names the file and, where there is one, the line.
 */
public final class CubeFormatException extends IllegalArgumentException {

  private final String source;
  private final int line;

  public CubeFormatException(String source, int line, String message) {
    super(source + (line > 0 ? ":" + line : "") + ": " + message);
    this.source = source;
    this.line = line;
  }

  public String source() {
    return source;
  }

  /** 1-based line number, or 0 when the problem is with the file as a whole. */
  public int line() {
    return line;
  }
}
