package io.previs.contracts.job;

/**
 * A shot written as its parts — the way studios brief a shot, 「女主角 / 奔跑于雨夜街道 / 霓虹灯反射水洼 / 赛博朋克风格 /
 * 手持跟拍镜头」 — which a prompt template composes into the model's prompt and negative prompt. Chinese
 * or English; every slot optional unless the template needs it.
 *
 * @param subject who or what the shot is about (女主角, "the courier")
 * @param action what they do (奔跑于雨夜街道, "sprints across the rooftop")
 * @param environment where and in what light (霓虹灯反射水洼, "rain-soaked neon street at night")
 * @param style the look (赛博朋克风格, "anamorphic, teal and orange grade")
 * @param camera shot size and move, normalised to the camera vocabulary (手持跟拍镜头, "handheld tracking
 *     close-up")
 * @param details anything else, passed on as written
 */
public record ShotForm(
    String subject,
    String action,
    String environment,
    String style,
    String camera,
    String details) {

  /** The slots, in the order a prompt reads them. */
  public static final java.util.List<String> SLOTS =
      java.util.List.of("subject", "action", "environment", "style", "camera", "details");

  /** The slot's value by name. */
  public String slot(String name) {
    return switch (name) {
      case "subject" -> subject;
      case "action" -> action;
      case "environment" -> environment;
      case "style" -> style;
      case "camera" -> camera;
      case "details" -> details;
      default -> throw new IllegalArgumentException("no slot " + name);
    };
  }

  /** This form's slots, each absent one taken from {@code defaults} (a request's own form). */
  public ShotForm orElse(ShotForm defaults) {
    if (defaults == null) {
      return this;
    }
    return new ShotForm(
        subject != null ? subject : defaults.subject,
        action != null ? action : defaults.action,
        environment != null ? environment : defaults.environment,
        style != null ? style : defaults.style,
        camera != null ? camera : defaults.camera,
        details != null ? details : defaults.details);
  }
}
