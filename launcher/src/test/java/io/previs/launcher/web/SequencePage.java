package io.previs.launcher.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Sequence: its shots in cut order with their chosen takes, the animatic, the exports. */
final class SequencePage {

  private final Browser b;

  private SequencePage(Browser b) {
    this.b = b;
  }

  static SequencePage open(Browser b, String gatewayUrl, String sequence) {
    b.driver.get(gatewayUrl + "/#/sequences/" + sequence);
    b.waiting(Duration.ofSeconds(20))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.shots tbody tr")));
    return new SequencePage(b);
  }

  /** The shots in the order the page lists them, with their chosen take's name ("" for none). */
  List<String[]> shots() {
    return b.driver.findElements(By.cssSelector("table.shots tbody tr")).stream()
        .map(r -> new String[] {r.getDomAttribute("data-shot"), r.getDomAttribute("data-chosen")})
        .toList();
  }

  /** Asks for the animatic and waits until it is ready; returns its link. */
  String makeAnimatic(boolean burnIn, Duration atMost) {
    WebElement box = b.driver.findElement(By.id("burn-in"));
    if (box.isSelected() != burnIn) {
      box.click();
    }
    b.driver.findElement(By.id("make-animatic")).click();
    b.waiting(atMost)
        .until(
            d -> {
              String s = d.findElement(By.id("animatic-status")).getDomAttribute("data-state");
              if ("failed".equals(s)) {
                throw new AssertionError(d.findElement(By.id("animatic-status")).getText());
              }
              return "ready".equals(s);
            });
    return b.waiting(Duration.ofSeconds(10))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a[data-animatic-link]")))
        .getDomAttribute("href");
  }

  /** Clicks a download button and waits for the browser to finish writing the file. */
  Path download(String fileName) {
    b.driver.findElement(By.cssSelector("button[data-download='" + fileName + "']")).click();
    Path file = b.downloads.resolve(fileName);
    b.waiting(Duration.ofSeconds(30))
        .until(
            d ->
                Files.exists(file) && !Files.exists(b.downloads.resolve(fileName + ".crdownload")));
    return file;
  }
}
