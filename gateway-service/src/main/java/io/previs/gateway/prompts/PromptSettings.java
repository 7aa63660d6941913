package io.previs.gateway.prompts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The house's prompt templates ({@code previs.gateway.prompts.templates.<name>.*}) and how often a
 * studio's own templates in object storage are read again.
 *
 * @param templates house templates by name; {@code house} is always there (this default unless
 *     configured)
 * @param defaultTemplate the template a shot form is composed with when the request names none
 * @param studioTemplateRefresh how long a studio template read from storage is used before it is
 *     read again (a changed template applies within this, without a restart)
 */
@ConfigurationProperties("previs.gateway.prompts")
public record PromptSettings(
    Map<String, PromptTemplate> templates,
    @DefaultValue("house") String defaultTemplate,
    @DefaultValue("30s") Duration studioTemplateRefresh) {

  /** The house default: the slots in reading order, an everyday negative prompt. */
  public static final PromptTemplate HOUSE =
      new PromptTemplate(
          "{subject}, {action}, {environment}, {style}, {camera}. {details}",
          "{subject}，{action}，{environment}，{style}，{camera}。{details}",
          null,
          null,
          List.of(),
          Map.of(),
          "every slot in reading order, separated by commas; the model's negative prompt");

  public PromptSettings {
    Map<String, PromptTemplate> all = new LinkedHashMap<>();
    all.put("house", HOUSE);
    if (templates != null) {
      all.putAll(templates);
    }
    all.forEach(
        (name, t) -> {
          if (!PromptTemplates.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                "previs.gateway.prompts.templates: name '"
                    + name
                    + "' must match "
                    + PromptTemplates.NAME.pattern());
          }
          String problem = t.problem();
          if (problem != null) {
            throw new IllegalArgumentException(
                "previs.gateway.prompts.templates." + name + ": " + problem);
          }
        });
    templates = Map.copyOf(all);
    if (!templates.containsKey(defaultTemplate)) {
      throw new IllegalArgumentException(
          "previs.gateway.prompts.default-template '"
              + defaultTemplate
              + "' is not a house template: "
              + templates.keySet());
    }
  }

  public static PromptSettings defaults() {
    return new PromptSettings(null, "house", Duration.ofSeconds(30));
  }
}
