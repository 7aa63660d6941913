package io.previs.gateway.prompts;

import io.previs.contracts.json.PrevisJson;
import io.previs.servicekit.storage.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The templates a studio may compose shots with: its own, in object storage at {@code
 * templates/<studio>/<name>.json} (written by the studio's pipeline TDs), and the house's, in the
 * gateway's configuration. A studio template of a house template's name replaces it for that
 * studio. Studio templates are read again after {@code studio-template-refresh}, so a change
 * applies without a restart.
 */
@Component
public class PromptTemplates {

  /** Template names: what a request's {@code template} field may hold. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /** A template and where it came from, as the accepted spec records it ({@code studio:noir}). */
  public record Found(String name, String source, PromptTemplate template) {
    public String reference() {
      return source + ":" + name;
    }
  }

  /** A studio template that could not be used: unreadable, or wrong. */
  public static final class BadTemplateException extends RuntimeException {
    BadTemplateException(String message) {
      super(message);
    }
  }

  private record Cached(Optional<PromptTemplate> template, String problem, Instant until) {}

  private final PromptSettings settings;
  private final ObjectStore store;
  private final Clock clock;
  private final Map<String, Cached> studio = new ConcurrentHashMap<>();

  @org.springframework.beans.factory.annotation.Autowired
  public PromptTemplates(PromptSettings settings, ObjectStore store) {
    this(settings, store, Clock.systemUTC());
  }

  PromptTemplates(PromptSettings settings, ObjectStore store, Clock clock) {
    this.settings = settings;
    this.store = store;
    this.clock = clock;
  }

  public String defaultName() {
    return settings.defaultTemplate();
  }

  /**
   * The template {@code name} for {@code studioId}: the studio's own, else the house's; empty when
   * neither has it.
   *
   * @throws BadTemplateException when the studio's template exists but cannot be used
   */
  public Optional<Found> find(String studioId, String name) {
    if (studioId != null && store != null) {
      Cached c = studio.compute(studioId + "/" + name, (k, old) -> fresh(old, studioId, name));
      if (c.problem() != null) {
        throw new BadTemplateException(c.problem());
      }
      if (c.template().isPresent()) {
        return Optional.of(new Found(name, "studio", c.template().get()));
      }
    }
    PromptTemplate house = settings.templates().get(name);
    return house == null ? Optional.empty() : Optional.of(new Found(name, "house", house));
  }

  /** The house's template names, for an error that says what there is. */
  public java.util.Set<String> houseNames() {
    return new java.util.TreeSet<>(settings.templates().keySet());
  }

  public static String key(String studioId, String name) {
    return "templates/" + studioId + "/" + name + ".json";
  }

  private Cached fresh(Cached old, String studioId, String name) {
    Instant now = clock.instant();
    if (old != null && now.isBefore(old.until())) {
      return old;
    }
    Instant until = now.plus(settings.studioTemplateRefresh());
    String key = key(studioId, name);
    if (!store.exists(key)) {
      return new Cached(Optional.empty(), null, until);
    }
    try {
      PromptTemplate t = PrevisJson.mapper().readValue(store.get(key), PromptTemplate.class);
      String problem = t.problem();
      return problem == null
          ? new Cached(Optional.of(t), null, until)
          : new Cached(Optional.empty(), "studio template " + key + ": " + problem, until);
    } catch (RuntimeException e) {
      return new Cached(
          Optional.empty(),
          "studio template " + key + " is not valid JSON: " + e.getMessage(),
          until);
    }
  }
}
