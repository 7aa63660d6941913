package io.previs.qccore.config;

import java.util.List;

/**
 * What a shot's prompt may say that changes what QC expects of it, in English and Chinese. A term
 * is matched case-insensitively anywhere in the prompt; a profile replaces a list wholesale. What
 * each expectation does is in docs/QC.md ("Expectations").
 *
 * @param flashes the shot has lightning, gunfire, explosions or strobes: a flash is expected
 * @param still the shot is locked off: little motion is expected, a static clip is fine
 * @param fastMotion the shot is a whip pan, a crash zoom, a shaky chase: large, abrupt motion is
 *     expected
 * @param noPeople nobody is in the shot: the face checks have nothing to judge
 * @param fades the shot fades in from or out to black: black frames at its ends are meant
 */
public record ExpectationConfig(
    List<String> flashes,
    List<String> still,
    List<String> fastMotion,
    List<String> noPeople,
    List<String> fades) {

  public ExpectationConfig {
    flashes = flashes == null ? List.of() : List.copyOf(flashes);
    still = still == null ? List.of() : List.copyOf(still);
    fastMotion = fastMotion == null ? List.of() : List.copyOf(fastMotion);
    noPeople = noPeople == null ? List.of() : List.copyOf(noPeople);
    fades = fades == null ? List.of() : List.copyOf(fades);
    for (var l : List.of(flashes, still, fastMotion, noPeople, fades)) {
      for (String t : l) {
        if (t == null || t.isBlank()) {
          throw new InvalidConfigException("expectations", "a term is blank");
        }
      }
    }
  }

  public static ExpectationConfig defaults() {
    return new ExpectationConfig(
        List.of(
            "lightning",
            "thunderstorm",
            "thunder",
            "strobe",
            "muzzle flash",
            "gunfire",
            "gunshot",
            "explosion",
            "explodes",
            "fireworks",
            "camera flash",
            "paparazzi",
            "闪电",
            "雷电",
            "雷雨",
            "雷暴",
            "频闪",
            "枪口",
            "枪火",
            "开枪",
            "爆炸",
            "烟花",
            "闪光灯"),
        List.of(
            "static",
            "still frame",
            "still shot",
            "locked-off",
            "locked off",
            "freeze frame",
            "on a tripod",
            "静止",
            "定格",
            "固定镜头",
            "固定机位"),
        List.of(
            "whip pan",
            "whip-pan",
            "swish pan",
            "crash zoom",
            "shaky cam",
            "shaky camera",
            "甩镜",
            "快速摇",
            "急推",
            "剧烈晃动"),
        List.of(
            "empty street",
            "empty room",
            "no people",
            "nobody",
            "no one",
            "deserted",
            "空镜",
            "空无一人",
            "无人",
            "空荡"),
        List.of(
            "fade in",
            "fades in",
            "fade-in",
            "fade out",
            "fades out",
            "fade-out",
            "fade to black",
            "fades to black",
            "from black",
            "淡入",
            "淡出",
            "渐显",
            "渐隐",
            "黑场"));
  }
}
