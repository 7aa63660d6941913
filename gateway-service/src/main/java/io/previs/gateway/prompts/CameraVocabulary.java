package io.previs.gateway.prompts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What people type for a camera, normalised to one term per idea in English and Chinese, so two
 * writers get the same camera: shot sizes (远景/全景/中景/近景/特写 and their English names) and moves
 * (推/拉/摇/移/跟/升降/手持/航拍, push-in, pull-out, pan, tilt, dolly, tracking, crane, handheld, aerial),
 * each with the synonyms writers use. Terms are found anywhere in the text, longest first ("手持跟拍镜头"
 * is handheld and tracking), so no separators are needed; what is left over that is not filler
 * ("shot", "镜头", "camera", "and", punctuation) passes through unchanged and is reported, for the
 * job to warn about.
 */
public final class CameraVocabulary {

  /** A camera idea: its id, its English and Chinese terms, and what writers also call it. */
  public record Term(String id, String kind, String english, String chinese, List<String> also) {}

  /** The camera as normalised: the terms found, in order, and what was not understood. */
  public record Camera(List<Term> terms, List<String> unknown) {
    /** The camera in the prompt's language: the terms, then anything unknown as written. */
    public String text(boolean chinese) {
      List<String> parts = new ArrayList<>();
      for (Term t : terms) {
        parts.add(chinese ? t.chinese() : t.english());
      }
      parts.addAll(unknown);
      return String.join(chinese ? "，" : ", ", parts);
    }
  }

  static final List<Term> TERMS =
      List.of(
          size(
              "extreme-wide",
              "extreme wide shot",
              "远景",
              "extreme long shot",
              "els",
              "ews",
              "establishing shot",
              "大远景",
              "远景镜头"),
          size(
              "wide",
              "wide shot",
              "全景",
              "wide",
              "full shot",
              "long shot",
              "ws",
              "ls",
              "fs",
              "全景镜头",
              "全身镜头"),
          size(
              "medium",
              "medium shot",
              "中景",
              "medium",
              "mid shot",
              "midshot",
              "ms",
              "waist shot",
              "中景镜头",
              "半身镜头"),
          size(
              "medium-close-up", "medium close-up", "近景", "medium close up", "mcu", "近景镜头", "胸部特写"),
          size("close-up", "close-up", "特写", "close up", "closeup", "cu", "特写镜头"),
          size(
              "extreme-close-up",
              "extreme close-up",
              "大特写",
              "extreme close up",
              "ecu",
              "xcu",
              "极特写"),
          move(
              "push-in",
              "push-in",
              "推镜头",
              "push in",
              "dolly in",
              "dolly-in",
              "track in",
              "推",
              "推进",
              "镜头推进",
              "缓慢推进"),
          move(
              "pull-out",
              "pull-out",
              "拉镜头",
              "pull out",
              "pull back",
              "pull-back",
              "dolly out",
              "dolly-out",
              "track out",
              "拉",
              "拉远",
              "镜头拉远"),
          move(
              "pan",
              "pan",
              "摇镜头",
              "panning",
              "pan left",
              "pan right",
              "whip pan",
              "摇",
              "横摇",
              "左摇",
              "右摇"),
          move("tilt", "tilt", "俯仰镜头", "tilting", "tilt up", "tilt down", "俯仰", "竖摇", "上下摇"),
          move(
              "dolly",
              "dolly",
              "移镜头",
              "dolly shot",
              "truck",
              "trucking shot",
              "truck left",
              "truck right",
              "移",
              "横移",
              "移动镜头"),
          move(
              "tracking",
              "tracking shot",
              "跟镜头",
              "tracking",
              "follow shot",
              "following shot",
              "follow cam",
              "跟",
              "跟拍",
              "跟随",
              "跟随镜头"),
          move(
              "crane",
              "crane shot",
              "升降镜头",
              "crane",
              "jib",
              "jib shot",
              "boom shot",
              "升降",
              "摇臂",
              "摇臂镜头"),
          move(
              "handheld",
              "handheld",
              "手持",
              "hand-held",
              "hand held",
              "handheld camera",
              "shaky cam",
              "shakycam",
              "手持镜头",
              "手持摄影"),
          move(
              "aerial",
              "aerial shot",
              "航拍",
              "aerial",
              "drone shot",
              "drone",
              "航拍镜头",
              "无人机航拍",
              "无人机"),
          move(
              "static",
              "static shot",
              "固定镜头",
              "static",
              "locked-off",
              "locked off",
              "fixed shot",
              "固定",
              "定镜"));

  /** Words that only say "this is about the camera". */
  private static final Set<String> FILLER =
      Set.of(
          "shot", "shots", "camera", "cam", "lens", "and", "with", "then", "a", "the", "镜头", "摄影",
          "拍摄", "机位", "和", "与", "然后", "再");

  /** Every way of writing a term, longest first (so 大特写 wins over 特写, "dolly in" over dolly). */
  private record Spelling(String text, Term term) {}

  private static final List<Spelling> SPELLINGS;

  static {
    List<Spelling> all = new ArrayList<>();
    for (Term t : TERMS) {
      Set<String> forms = new LinkedHashSet<>();
      forms.add(t.english());
      forms.add(t.chinese());
      forms.addAll(t.also());
      for (String f : forms) {
        all.add(new Spelling(f.toLowerCase(Locale.ROOT), t));
      }
    }
    all.sort(Comparator.comparingInt((Spelling s) -> s.text().length()).reversed());
    SPELLINGS = List.copyOf(all);
  }

  private CameraVocabulary() {}

  private static Term size(String id, String en, String zh, String... also) {
    return new Term(id, "size", en, zh, List.of(also));
  }

  private static Term move(String id, String en, String zh, String... also) {
    return new Term(id, "move", en, zh, List.of(also));
  }

  /** Normalises what a writer typed for the camera (already in {@link PromptText} form). */
  public static Camera parse(String camera) {
    List<Term> terms = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    if (camera == null || camera.isBlank()) {
      return new Camera(terms, unknown);
    }
    String text = camera.toLowerCase(Locale.ROOT);
    StringBuilder rest = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      Spelling hit = match(text, i);
      if (hit == null) {
        rest.append(camera, i, i + 1);
        i++;
        continue;
      }
      leftover(rest, unknown);
      if (!terms.contains(hit.term())) {
        terms.add(hit.term());
      }
      i += hit.text().length();
    }
    leftover(rest, unknown);
    return new Camera(terms, unknown);
  }

  private static Spelling match(String text, int at) {
    for (Spelling s : SPELLINGS) {
      if (text.startsWith(s.text(), at) && bounded(text, at, s.text())) {
        return s;
      }
    }
    return null;
  }

  /** A Latin term must be a whole word ("ms" is not inside "dreams"); Chinese terms need none. */
  private static boolean bounded(String text, int at, String term) {
    if (!Character.isLetterOrDigit(term.charAt(0)) || term.charAt(0) > 0x7F) {
      return true;
    }
    int end = at + term.length();
    return (at == 0 || !asciiWordChar(text.charAt(at - 1)))
        && (end == text.length() || !asciiWordChar(text.charAt(end)));
  }

  private static boolean asciiWordChar(char c) {
    return c < 0x80 && Character.isLetterOrDigit(c);
  }

  /** What lay between two terms: filler and punctuation go, anything else is unknown. */
  private static void leftover(StringBuilder rest, List<String> unknown) {
    String[] words = rest.toString().split("[\\s,，、;；/+|.。:：&()（）\\[\\]-]+");
    rest.setLength(0);
    StringBuilder kept = new StringBuilder();
    for (String w : words) {
      if (w.isEmpty() || FILLER.contains(w.toLowerCase(Locale.ROOT))) {
        continue;
      }
      kept.append(kept.isEmpty() ? "" : " ").append(w);
    }
    if (!kept.isEmpty()) {
      unknown.add(kept.toString());
    }
  }
}
