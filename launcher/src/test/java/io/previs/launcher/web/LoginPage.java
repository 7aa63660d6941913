package io.previs.launcher.web;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The page a browser without credentials lands on. */
final class LoginPage {

  private final Browser b;

  LoginPage(Browser b) {
    this.b = b;
  }

  static LoginPage open(Browser b, String gatewayUrl) {
    b.driver.get(gatewayUrl + "/");
    b.waiting(java.time.Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("credential")));
    return new LoginPage(b);
  }

  String title() {
    return b.driver.findElement(By.id("login-title")).getText();
  }

  String credentialLabel() {
    return b.driver.findElement(By.cssSelector("label[for=credential]")).getText();
  }

  /** Logs in and waits for the jobs page. */
  JobsPage logIn(String credential) {
    b.driver.findElement(By.id("credential")).sendKeys(credential);
    b.driver.findElement(By.id("login")).click();
    return JobsPage.shown(b);
  }

  /** Tries a credential that should be refused; returns the error shown. */
  String refused(String credential) {
    b.driver.findElement(By.id("credential")).sendKeys(credential);
    b.driver.findElement(By.id("login")).click();
    return b.waiting(java.time.Duration.ofSeconds(10))
        .until(
            d -> {
              String e = d.findElement(By.id("login-error")).getText();
              return e.isBlank() ? null : e;
            });
  }
}
