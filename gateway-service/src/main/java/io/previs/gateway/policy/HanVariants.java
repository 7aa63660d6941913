package io.previs.gateway.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Traditional Chinese characters read as their simplified forms, so a list written in either script
 * finds a prompt written in the other ({@code 殺人} is {@code 杀人}). The table is data ({@code
 * policy/han-variants.txt}): pairs of characters, traditional first.
 */
final class HanVariants {

  private static final HanVariants BUILT_IN = load();

  private final Map<Integer, Integer> toSimplified;

  private HanVariants(Map<Integer, Integer> toSimplified) {
    this.toSimplified = Map.copyOf(toSimplified);
  }

  static HanVariants builtIn() {
    return BUILT_IN;
  }

  int simplified(int cp) {
    return toSimplified.getOrDefault(cp, cp);
  }

  int size() {
    return toSimplified.size();
  }

  static HanVariants parse(String table) {
    Map<Integer, Integer> map = new HashMap<>();
    for (String line : table.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      for (String pair : line.trim().split("\\s+")) {
        if (pair.isEmpty()) {
          continue;
        }
        int[] cps = pair.codePoints().toArray();
        if (cps.length != 2) {
          throw new IllegalArgumentException("han-variants: '" + pair + "' is not a pair");
        }
        if (cps[0] != cps[1]) {
          map.put(cps[0], cps[1]);
        }
      }
    }
    return new HanVariants(map);
  }

  private static HanVariants load() {
    try (InputStream in = HanVariants.class.getResourceAsStream("/policy/han-variants.txt")) {
      if (in == null) {
        throw new IllegalStateException("policy/han-variants.txt is missing from the gateway jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
