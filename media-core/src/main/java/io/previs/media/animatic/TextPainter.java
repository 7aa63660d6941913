package io.previs.media.animatic;

import java.util.List;

/**
 * Draws white text into the animatic canvas, with metrics to lay it out. Java2D when the JVM can
 * load a font; OpenCV's built-in Hershey font (ASCII only, no system fonts needed) otherwise, so an
 * image without fonts still gets its burn-in rather than a failed render.
 */
sealed interface TextPainter extends AutoCloseable permits Java2dText, HersheyText {

  /** Text level in each of B, G and R. */
  int WHITE = 255;

  /** One line of text with its left edge and baseline in canvas pixels. */
  record Run(String text, int x, int baseline) {}

  /** Advance width of {@code s} in pixels. */
  int width(String s);

  /** Pixels above the baseline that the tallest glyphs reach. */
  int ascent();

  /** Pixels below the baseline that descenders reach. */
  int descent();

  /** Draws all runs; the canvas is then changed in place. */
  void draw(List<Run> runs);

  @Override
  void close();
}
