package io.previs.editorial;

import java.util.List;

/** Argument checks for the input records; every message names the field and the limit. */
final class Checks {

  private Checks() {}

  static String text(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return oneLine(value, field);
  }

  static String oneLine(String value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    // An EDL is line-based: a line break in a name would start a line no reader can parse.
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(field + " must not contain control characters");
    }
    return value;
  }

  static int inRange(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be in " + min + ".." + max + ", was " + value);
    }
    return value;
  }

  static int atLeast(int value, int min, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  static int positive(int value, String field) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, was " + value);
    }
    return value;
  }

  /** An immutable copy, refusing a null list or element with the element's index. */
  static <T> List<T> list(List<T> values, String field) {
    if (values == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new IllegalArgumentException(field + "[" + i + "] must not be null");
      }
    }
    return List.copyOf(values);
  }
}
