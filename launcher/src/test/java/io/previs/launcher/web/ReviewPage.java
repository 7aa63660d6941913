package io.previs.launcher.web;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Review: one job's takes, their QC plots and the director's actions. */
final class ReviewPage {

  private final Browser b;

  private ReviewPage(Browser b) {
    this.b = b;
  }

  static ReviewPage shown(Browser b) {
    b.waiting(Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("div.takes")));
    return new ReviewPage(b);
  }

  static ReviewPage open(Browser b, String gatewayUrl, String jobId) {
    b.driver.get(gatewayUrl + "/#/jobs/" + jobId);
    return shown(b);
  }

  /** Waits until every take has its clip and its QC plot drawn. */
  ReviewPage awaitTakes(int takes, Duration atMost) {
    long[] lastRead = {System.nanoTime()};
    b.waiting(atMost)
        .until(
            d -> {
              List<WebElement> videos = d.findElements(By.cssSelector("section.take video"));
              List<WebElement> plots = d.findElements(By.cssSelector("svg.qcplot"));
              if (videos.size() >= takes && plots.size() >= takes) {
                return true;
              }
              // the page follows the job's events; should its stream have ended early, it is
              // read again now and then, as a person would press reload
              if (System.nanoTime() - lastRead[0] > 10_000_000_000L) {
                d.navigate().refresh();
                lastRead[0] = System.nanoTime();
              }
              return false;
            });
    return this;
  }

  /** The points of one series' line in a take's plot. */
  int points(int take, String series) {
    String pts =
        b.waiting(Duration.ofSeconds(10))
            .until(
                d ->
                    d.findElement(
                            By.cssSelector(
                                "section[data-take='"
                                    + take
                                    + "'] svg.qcplot polyline[data-series='"
                                    + series
                                    + "']"))
                        .getDomAttribute("points"));
    return pts.isBlank() ? 0 : pts.trim().split("\\s+").length;
  }

  /** Scrolls so that the take's clip and its QC plot are both in view (for a screenshot). */
  ReviewPage showPlot(int take) {
    ((org.openqa.selenium.JavascriptExecutor) b.driver)
        .executeScript(
            "document.querySelector(\"section[data-take='"
                + take
                + "'] svg.qcplot\").scrollIntoView({block: 'end'})");
    return this;
  }

  /** The frames the plot's timeline spans. */
  int plotFrames(int take) {
    return Integer.parseInt(
        b.waiting(Duration.ofSeconds(10))
            .until(
                d ->
                    d.findElement(By.cssSelector("section[data-take='" + take + "'] svg.qcplot"))
                        .getDomAttribute("data-frames")));
  }

  /** Whether the video element of a take has its duration (the clip is playable). */
  double videoSeconds(int take) {
    return b.waiting(Duration.ofSeconds(20))
        .until(
            d -> {
              Object v =
                  ((org.openqa.selenium.JavascriptExecutor) d)
                      .executeScript(
                          "const v = document.querySelector(\"section[data-take='"
                              + take
                              + "'] video\"); return v && v.readyState >= 1 ? v.duration : null;");
              return v == null ? null : ((Number) v).doubleValue();
            });
  }

  /** Clicks a take's action; the page re-renders its takes as events come, so it is found fresh. */
  private void act(int take, String action) {
    b.waiting(Duration.ofSeconds(10))
        .until(
            d -> {
              d.findElement(
                      By.cssSelector(
                          "section[data-take='" + take + "'] button[data-action='" + action + "']"))
                  .click();
              return true;
            });
  }

  /** Selects the take for its shot and waits for the page to say so. */
  ReviewPage select(int take) {
    act(take, "select");
    b.waiting(Duration.ofSeconds(20))
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("section.take.chosen[data-take='" + take + "']")));
    return this;
  }

  /** Rejects the take with a new prompt; returns the next version's link text once listed. */
  String rejectWithPrompt(int take, String note, String prompt) {
    act(take, "reject");
    WebElement form =
        b.waiting(Duration.ofSeconds(10))
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("form.reject[data-reject='" + take + "']")));
    form.findElement(By.id("note-" + take)).sendKeys(note);
    WebElement edit = form.findElement(By.id("edit-" + take));
    edit.clear();
    edit.sendKeys(prompt);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    return b.waiting(Duration.ofSeconds(30))
        .until(
            d ->
                d.findElements(By.cssSelector("a[data-version]")).stream()
                    .map(WebElement::getText)
                    .filter(t -> t.startsWith("v002"))
                    .findFirst()
                    .orElse(null));
  }
}
