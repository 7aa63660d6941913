package io.previs.launcher.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through Debian's chromedriver, at 1280x720 (the size the page must be
 * readable at), in one language, downloading into a folder of its own.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  final WebDriver driver;
  final Path downloads;

  /** Why the browser tests cannot run here, or null when they can. */
  static String missing() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      return "headless Chromium is not installed ("
          + CHROMIUM
          + ", "
          + DRIVER
          + "): apt-get install chromium chromium-driver, as .ci/run does; the browser tests are"
          + " skipped";
    }
    return null;
  }

  Browser(String language, Path downloads) throws Exception {
    this.downloads = Files.createDirectories(downloads);
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toString());
    o.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,720",
        "--lang=" + language,
        "--autoplay-policy=no-user-gesture-required");
    o.setExperimentalOption(
        "prefs",
        Map.of(
            "intl.accept_languages",
            language,
            "download.default_directory",
            this.downloads.toAbsolutePath().toString(),
            "download.prompt_for_download",
            false));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    driver = new ChromeDriver(service, o);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  /** An explicit wait that rides out the page re-rendering a list under it. */
  WebDriverWait waiting(Duration d) {
    WebDriverWait w = new WebDriverWait(driver, d, Duration.ofMillis(100));
    w.ignoring(StaleElementReferenceException.class);
    return w;
  }

  /** The page as it is now, under target/screenshots/ (docs/ keeps two of them). */
  Path screenshot(String name) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "screenshots"));
    Path file = dir.resolve(name + ".png");
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
