package io.previs.launcher.web;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Jobs: the list, its filters and the new-shot form. */
final class JobsPage {

  private final Browser b;

  private JobsPage(Browser b) {
    this.b = b;
  }

  static JobsPage shown(Browser b) {
    b.waiting(Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.jobs")));
    return new JobsPage(b);
  }

  String who() {
    return b.driver.findElement(By.id("who")).getText();
  }

  /** Fills and sends the new-shot form; returns once the page says it was submitted. */
  JobsPage submit(String shot, String prompt, String sequence, int takes, int frames, int steps) {
    if (b.driver.findElement(By.cssSelector("details.submit")).getDomAttribute("open") == null) {
      b.driver.findElement(By.cssSelector("details.submit summary")).click();
    }
    type("s-shot", shot);
    type("s-prompt", prompt);
    type("s-sequence", sequence);
    type("s-variants", Integer.toString(takes));
    type("s-frames", Integer.toString(frames));
    type("s-steps", Integer.toString(steps));
    b.driver.findElement(By.id("submit-shot")).click();
    b.waiting(Duration.ofSeconds(30))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), shot));
    return this;
  }

  private void type(String id, String text) {
    WebElement e = b.driver.findElement(By.id(id));
    e.clear();
    e.sendKeys(text);
  }

  /** The row of the job with this clientJobId, once listed. */
  WebElement row(String shot) {
    return b.waiting(Duration.ofSeconds(30))
        .until(
            d ->
                d.findElements(By.cssSelector("table.jobs tbody tr[data-job]")).stream()
                    .filter(r -> r.findElement(By.cssSelector("td a")).getText().equals(shot))
                    .findFirst()
                    .orElse(null));
  }

  /**
   * Records every step line the page shows from now on, with the time it appeared (a
   * MutationObserver in the page: a render of a few seconds steps faster than WebDriver polls).
   */
  JobsPage watchSteps() {
    ((org.openqa.selenium.JavascriptExecutor) b.driver)
        .executeScript(
            "window.__steps = [];"
                + "new MutationObserver(() => document.querySelectorAll('tr[data-job]"
                + " [data-step]').forEach(el => { const t = el.textContent; const s ="
                + " window.__steps; if (t && !s.some(x => x.t === t)) s.push({t: t, at:"
                + " performance.now()}); })).observe(document.querySelector('table.jobs"
                + " tbody'), {subtree: true, childList: true, characterData: true});");
    return this;
  }

  /** The step lines seen since {@link #watchSteps()}, in order, each with its time in ms. */
  @SuppressWarnings("unchecked")
  java.util.List<java.util.Map<String, Object>> stepsSeen() {
    return (java.util.List<java.util.Map<String, Object>>)
        ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript("return window.__steps;");
  }

  /** The live step line of the row ("shot 0 take 1: step 3/8"), as the event stream last set it. */
  String stepLine(String shot) {
    return b.waiting(Duration.ofSeconds(10))
        .until(d -> row(shot).findElement(By.cssSelector("[data-step]")).getText());
  }

  String status(String shot) {
    return b.waiting(Duration.ofSeconds(10)).until(d -> row(shot).getDomAttribute("data-status"));
  }

  ReviewPage openReview(String shot) {
    b.waiting(Duration.ofSeconds(10))
        .until(
            d -> {
              row(shot).findElement(By.cssSelector("td a")).click();
              return true;
            });
    return ReviewPage.shown(b);
  }
}
