package io.previs.gateway.prompts;

import io.previs.contracts.job.ShotForm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a shot form becomes the model's prompt: a pattern of {@code {slot}} references and the text
 * between them, in English and (optionally) Chinese, a negative prompt, the slots the template
 * needs, and defaults for the others (a show's house style, a default lens). A slot left empty
 * drops out together with the separator before it, so a form without a style does not leave ", ,"
 * in the prompt.
 *
 * <p>As stored ({@code templates/<studio>/<name>.json}) or configured ({@code
 * previs.gateway.templates.<name>.*}):
 *
 * <pre>{"prompt": "{subject}, {action}, {environment}, {style}, {camera}. {details}",
 *  "promptZh": "{subject}，{action}，{environment}，{style}，{camera}。{details}",
 *  "negativePrompt": "blurry, watermark", "required": ["subject", "action"],
 *  "defaults": {"style": "35mm film, soft contrast"}, "description": "…"}</pre>
 *
 * @param prompt the pattern for a form in English (or any language but Chinese)
 * @param promptZh the pattern for a form written in Chinese; null: {@code prompt}
 * @param negativePrompt the negative prompt (slots allowed); null: the request's or the model's
 * @param negativePromptZh for a form written in Chinese; null: {@code negativePrompt}
 * @param required slots the form must fill (after defaults); a missing one is a field error
 * @param defaults values for slots the form leaves empty
 */
public record PromptTemplate(
    String prompt,
    String promptZh,
    String negativePrompt,
    String negativePromptZh,
    List<String> required,
    Map<String, String> defaults,
    String description) {

  static final Pattern SLOT = Pattern.compile("\\{([a-z]+)}");

  public PromptTemplate {
    required = required == null ? List.of() : List.copyOf(required);
    defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
  }

  /** What is wrong with this template, or null: unknown slots, a prompt without slots. */
  public String problem() {
    if (prompt == null || prompt.isBlank()) {
      return "prompt is required";
    }
    for (String p : new String[] {prompt, promptZh, negativePrompt, negativePromptZh}) {
      if (p == null) {
        continue;
      }
      Matcher m = SLOT.matcher(p);
      while (m.find()) {
        if (!ShotForm.SLOTS.contains(m.group(1))) {
          return "unknown slot {" + m.group(1) + "} (slots: " + ShotForm.SLOTS + ")";
        }
      }
    }
    for (String r : required) {
      if (!ShotForm.SLOTS.contains(r)) {
        return "required names unknown slot '" + r + "' (slots: " + ShotForm.SLOTS + ")";
      }
    }
    for (String d : defaults.keySet()) {
      if (!ShotForm.SLOTS.contains(d)) {
        return "defaults name unknown slot '" + d + "' (slots: " + ShotForm.SLOTS + ")";
      }
    }
    return null;
  }

  /** The value of each slot: the form's, else the template's default. */
  Map<String, String> fill(ShotForm form) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String s : ShotForm.SLOTS) {
      String v = form == null ? null : form.slot(s);
      if (v == null || v.isBlank()) {
        v = defaults.get(s);
      }
      out.put(s, v == null || v.isBlank() ? null : v);
    }
    return out;
  }

  /** The slots {@code values} leaves empty that this template needs. */
  List<String> missing(Map<String, String> values) {
    List<String> out = new ArrayList<>();
    for (String r : required) {
      if (values.get(r) == null) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The pattern with its slots filled. An empty slot drops out with the text before it, so the
   * filled slots are joined by the text that follows each in the pattern; the pattern's opening and
   * closing words stay (its closing punctuation only after the last slot). All empty: empty.
   */
  static String compose(String pattern, Map<String, String> values) {
    if (pattern == null) {
      return null;
    }
    List<String> literals = new ArrayList<>();
    List<String> slots = new ArrayList<>();
    Matcher m = SLOT.matcher(pattern);
    int last = 0;
    while (m.find()) {
      literals.add(pattern.substring(last, m.start()));
      slots.add(m.group(1));
      last = m.end();
    }
    literals.add(pattern.substring(last)); // after the last slot: the closing text
    if (slots.isEmpty()) {
      return pattern.strip();
    }
    StringBuilder out = new StringBuilder();
    int previous = -1;
    for (int i = 0; i < slots.size(); i++) {
      String v = values.get(slots.get(i));
      if (v == null) {
        continue;
      }
      if (previous < 0) {
        String lead = literals.get(0);
        out.append(lead.codePoints().anyMatch(Character::isLetterOrDigit) ? lead : "");
      } else {
        out.append(literals.get(previous + 1));
      }
      out.append(v);
      previous = i;
    }
    if (previous < 0) {
      return "";
    }
    String closing = literals.get(slots.size());
    if (previous == slots.size() - 1 || closing.codePoints().anyMatch(Character::isLetterOrDigit)) {
      out.append(closing);
    }
    return out.toString().strip();
  }
}
