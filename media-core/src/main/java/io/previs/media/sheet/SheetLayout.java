package io.previs.media.sheet;

/**
 * Contact sheet geometry.
 *
 * @param thumbWidth width of each thumbnail in pixels (height follows the frame's aspect)
 * @param framesPerVariant thumbnails per row when sampling sources
 * @param title text above the grid (ASCII; e.g. job id and prompt), or null
 */
public record SheetLayout(int thumbWidth, int framesPerVariant, String title) {

  public static final SheetLayout DEFAULT = new SheetLayout(320, 4, null);

  public SheetLayout {
    if (thumbWidth < 32 || thumbWidth > 1920) {
      throw new IllegalArgumentException(
          "sheet.thumbWidth " + thumbWidth + " is out of range 32..1920");
    }
    if (framesPerVariant < 1 || framesPerVariant > 16) {
      throw new IllegalArgumentException(
          "sheet.framesPerVariant " + framesPerVariant + " is out of range 1..16");
    }
  }

  public SheetLayout withTitle(String t) {
    return new SheetLayout(thumbWidth, framesPerVariant, t);
  }
}
