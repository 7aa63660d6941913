package io.previs.media.color;

import java.util.Locale;

/** The named looks generated in code (see {@link Looks}); spelled {@code cold-night} in specs. */
public enum Look {
  /** Day-for-night: about a stop under, desaturated, moonlight blue, lifted blue blacks. */
  COLD_NIGHT,
  /** Late sun: warm white balance, soft highlight roll-off, slightly magenta shadows. */
  WARM_DUSK,
  /** Silver retained: half the saturation, harder contrast. */
  BLEACH_BYPASS,
  /** Complementary grade: shadows toward teal, warm mid-tones (skin) toward orange. */
  TEAL_ORANGE;

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Look parse(String s) {
    String key = s.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    for (Look l : values()) {
      if (l.name().equals(key)) {
        return l;
      }
    }
    StringBuilder known = new StringBuilder();
    for (Look l : values()) {
      known.append(known.isEmpty() ? "" : ", ").append(l.id());
    }
    throw new IllegalArgumentException("unknown look '" + s + "'; known looks: " + known);
  }
}
