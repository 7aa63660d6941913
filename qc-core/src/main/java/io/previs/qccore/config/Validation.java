package io.previs.qccore.config;

/** Range checks whose message names the field and the limit, so a bad profile is easy to fix. */
final class Validation {

  private Validation() {}

  static void range(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new InvalidConfigException(field, value + " is outside " + min + ".." + max);
    }
  }
}
