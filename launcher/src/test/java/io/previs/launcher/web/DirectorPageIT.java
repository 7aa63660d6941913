package io.previs.launcher.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.previs.editorial.Cmx3600Reader;
import io.previs.editorial.OtioReader;
import io.previs.launcher.e2e.Probe;
import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.PlatformOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The director's loop in a real browser (headless Chromium through Selenium) against the embedded
 * stack: log in, submit shots from the page and watch them render live, review the takes with QC's
 * series plotted, reject one with an edit and see v002 appear, choose a take for two shots, and
 * take the sequence's animatic and editorial timeline away — checked with ffprobe and the OTIO and
 * EDL readers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectorPageIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String STUDIO = "web";

  private LocalPlatform platform;
  private Path tmp;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createDirectories(Path.of("target", "web-" + UUID.randomUUID()));
    platform =
        LocalPlatform.start(
            PlatformOptions.defaults(tmp.resolve("data"))
                .withWorkers(2)
                .withPorts(0, 0, 0)
                .withStudios(STUDIO)
                .withExtra(Map.of("previs.worker.progress-interval", "0ms")));
  }

  @AfterAll
  void stop() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aDirectorReviewsRejectsChoosesAndHandsTheCutToEditorial() throws Exception {
    assumeBrowser();
    try (Browser b = new Browser("en-US", tmp.resolve("downloads"))) {
      String url = platform.gatewayUrl();
      // given: a browser without credentials lands on the log-in page, and a bad key is refused
      LoginPage login = LoginPage.open(b, url);
      assertThat(login.refused("pvk_not-a-key")).contains("not accepted");
      b.driver.findElement(By.id("credential")).clear();

      // when: the director logs in with the studio's key and submits two shots from the page
      JobsPage jobs = login.logIn(platform.apiKey(STUDIO));
      assertThat(jobs.who()).contains(STUDIO).contains("reviewer");
      jobs.watchSteps()
          .submit("sq010_sh010", "a lighthouse keeper climbs the stairs", "sq010", 2, 17, 40);

      // then: the row's progress moves while it renders, from the job's event stream: step after
      // step over the render's seconds, not all at once from a replay of its history
      b.waiting(Duration.ofSeconds(180)).until(d -> "completed".equals(jobs.status("sq010_sh010")));
      List<Map<String, Object>> steps = jobs.stepsSeen();
      assertThat(steps).as("step lines seen").hasSizeGreaterThanOrEqualTo(3);
      double spread =
          ((Number) steps.getLast().get("at")).doubleValue()
              - ((Number) steps.getFirst().get("at")).doubleValue();
      assertThat(spread)
          .as("ms between the first and the last step seen: %s", steps)
          .isGreaterThan(300);
      jobs.submit("sq010_sh020", "the lamp turns over a stormy sea", "sq010", 2, 17, 8);

      // when: the first shot's takes are reviewed
      ReviewPage review = jobs.openReview("sq010_sh010");
      String jobId = b.driver.getCurrentUrl().replaceFirst(".*#/jobs/", "");
      review.awaitTakes(2, Duration.ofSeconds(240));

      // then: each take plays and its QC series is drawn over the clip, point for point
      JsonNode report = api("/v1/jobs/" + jobId + "/variants/0/qc");
      int ssimValues = 0;
      for (JsonNode v : report.path("series").path("ssim")) {
        ssimValues += v.isNumber() ? 1 : 0;
      }
      assertThat(ssimValues).isEqualTo(16); // one per pair of 17 frames
      assertThat(review.points(0, "ssim")).isEqualTo(ssimValues);
      assertThat(review.points(0, "flowMagnitude")).isPositive();
      assertThat(review.plotFrames(0)).isEqualTo(17);
      assertThat(review.videoSeconds(0)).isBetween(1.0, 1.2); // 17 frames at 16 fps
      assertThat(b.driver.findElements(By.cssSelector("img[data-sheet]"))).isNotEmpty();

      // when: take 2 is rejected with a new prompt; then: v002 is listed as the shot's next version
      String v2 =
          review.rejectWithPrompt(1, "too dark", "a lighthouse keeper climbs sunlit stairs");
      assertThat(v2).startsWith("v002").contains("sq010_sh010/v002");

      // when: take 1 is chosen for the first shot, take 2 for the second
      review.select(0).showPlot(0);
      b.screenshot("review-page");
      b.driver.get(url + "/#/jobs");
      ReviewPage second = JobsPage.shown(b).openReview("sq010_sh020");
      second.awaitTakes(2, Duration.ofSeconds(240)).select(1);

      // then: the sequence lists both shots in order with their chosen takes
      SequencePage seq = SequencePage.open(b, url, "sq010");
      List<String[]> shots = seq.shots();
      assertThat(shots).extracting(s -> s[0]).containsExactly("sq010_sh010", "sq010_sh020");
      assertThat(shots)
          .extracting(s -> s[1])
          .containsExactly("sq010_sh010 v001 take 1", "sq010_sh020 v001 take 2");

      // and the animatic is both takes end to end, burnt in
      String animatic = seq.makeAnimatic(true, Duration.ofSeconds(120));
      Path mp4 = tmp.resolve("animatic.mp4");
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(animatic)).build(),
              HttpResponse.BodyHandlers.ofFile(mp4));
      Probe.Video video = Probe.read(mp4);
      assertThat(video.frames()).isEqualTo(34);
      assertThat(video.codec()).isEqualTo("h264");
      b.screenshot("sequence-page");

      // and the editorial timeline downloads from the page and reads back clean
      Path otio = seq.download("sq010.otio");
      OtioReader.Result timeline = OtioReader.read(Files.readString(otio));
      assertThat(timeline.problems()).isEmpty();
      assertThat(timeline.clips())
          .extracting(OtioReader.ReadClip::targetUrl)
          .containsExactly("sq010_sh010_v001_t1.mp4", "sq010_sh020_v001_t2.mp4");
      Path edl = seq.download("sq010.edl");
      Cmx3600Reader.Result events = Cmx3600Reader.read(Files.readString(edl), 16);
      assertThat(events.problems()).isEmpty();
      assertThat(events.events()).hasSize(2);
    }
  }

  @Test
  void thePageSpeaksChineseToAChineseBrowserAndLogsInFromTheKeyboard() throws Exception {
    assumeBrowser();
    try (Browser b = new Browser("zh-CN", tmp.resolve("downloads-zh"))) {
      LoginPage login = LoginPage.open(b, platform.gatewayUrl());
      assertThat(login.title()).isEqualTo("登录 Previs");
      assertThat(login.credentialLabel()).isEqualTo("工作室密钥或身份提供方令牌");
      // Enter in the field submits the form: no mouse needed
      b.driver.findElement(By.id("credential")).sendKeys(platform.apiKey(STUDIO), Keys.ENTER);
      JobsPage.shown(b);
      assertThat(b.driver.findElement(By.tagName("h1")).getText()).isEqualTo("任务");
      assertThat(b.driver.findElement(By.cssSelector("html")).getDomAttribute("lang"))
          .isEqualTo("zh-CN");
    }
  }

  @Test
  void takesAreChosenOncePerShotAndTheCutIsServedAsTimelinesAnAnimaticAndAPackage()
      throws Exception {
    // given: a rendered shot of one take in sequence sq900
    HttpResponse<String> submitted =
        call(
            "POST",
            "/v1/jobs",
            STUDIO,
            """
            {"studio":"web","clientJobId":"sq900_sh010","prompt":"a red door in the rain",
             "frames":9,"steps":4,"variants":1,"width":320,"height":192,
             "labels":{"sequence":"sq900"}}""");
    assertThat(submitted.statusCode()).as(submitted.body()).isIn(200, 202);
    String jobId = JSON.readTree(submitted.body()).path("jobId").asString();
    await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                api("/v1/jobs/" + jobId).path("job").path("status").asString().equals("COMPLETED"));

    // before any take is chosen the cut has nothing to export
    assertThat(call("GET", "/v1/sequences/sq900/editorial.otio", STUDIO, null).statusCode())
        .isEqualTo(409);
    // a take the job does not have, or a note that is no string: 400 naming the field
    HttpResponse<String> bad =
        call("POST", "/v1/jobs/" + jobId + "/variants/3/select", STUDIO, "{}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("variant").contains("0..0");
    HttpResponse<String> badNote =
        call("POST", "/v1/jobs/" + jobId + "/variants/0/select", STUDIO, "{\"note\":5}");
    assertThat(badNote.statusCode()).isEqualTo(400);
    assertThat(badNote.body()).contains("note");

    // when: the take is chosen, then chosen again
    HttpResponse<String> chosen =
        call("POST", "/v1/jobs/" + jobId + "/variants/0/select", STUDIO, "{\"note\":\"the one\"}");
    assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
    assertThat(JSON.readTree(chosen.body()).path("status").asString()).isEqualTo("selected");
    HttpResponse<String> again =
        call("POST", "/v1/jobs/" + jobId + "/variants/0/select", STUDIO, null);
    assertThat(JSON.readTree(again.body()).path("status").asString()).isEqualTo("unchanged");
    int chosenVariant =
        api("/v1/jobs/" + jobId).path("job").path("selected").path("variant").asInt(-1);
    assertThat(chosenVariant).isZero();

    // then: the sequence has its one shot chosen
    JsonNode seq = api("/v1/sequences/sq900");
    assertThat(seq.path("chosen").asInt()).isEqualTo(1);
    assertThat(seq.path("frames").asInt()).isEqualTo(9);
    assertThat(seq.path("shots").get(0).path("chosen").path("name").asString())
        .isEqualTo("sq900_sh010 v001 take 1");
    assertThat(api("/v1/sequences").path("sequences").toString()).contains("sq900");
    // scoped to the studio: ops name it, and must
    assertThat(call("GET", "/v1/sequences/sq900", "ops", null).statusCode()).isEqualTo(400);
    assertThat(call("GET", "/v1/sequences/sq900?studio=web", "ops", null).statusCode())
        .isEqualTo(200);
    assertThat(call("GET", "/v1/sequences/sq999", STUDIO, null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/v1/sequences/bad%20name", STUDIO, null).statusCode()).isEqualTo(400);

    // and the timelines read back clean
    HttpResponse<String> otio = call("GET", "/v1/sequences/sq900/editorial.otio", STUDIO, null);
    assertThat(otio.statusCode()).isEqualTo(200);
    OtioReader.Result timeline = OtioReader.read(otio.body());
    assertThat(timeline.problems()).isEmpty();
    assertThat(timeline.clips())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.targetUrl()).isEqualTo("sq900_sh010_v001_t1.mp4");
              assertThat(c.duration()).isEqualTo(9.0);
            });
    HttpResponse<String> edl = call("GET", "/v1/sequences/sq900/editorial.edl", STUDIO, null);
    assertThat(Cmx3600Reader.read(edl.body(), 16).problems()).isEmpty();

    // and the animatic: bad options are named; a good request is made once
    HttpResponse<String> badOptions =
        call(
            "POST",
            "/v1/sequences/sq900/animatic",
            STUDIO,
            "{\"width\":65,\"fps\":500,\"loop\":1}");
    assertThat(badOptions.statusCode()).isEqualTo(400);
    assertThat(badOptions.body())
        .contains("width")
        .contains("even")
        .contains("fps")
        .contains("loop");
    HttpResponse<String> asked =
        call("POST", "/v1/sequences/sq900/animatic", STUDIO, "{\"burnIn\":false}");
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
    String id = JSON.readTree(asked.body()).path("animaticId").asString();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () ->
                api("/v1/sequences/sq900/animatics/" + id)
                    .path("status")
                    .asString()
                    .equals("ready"));
    JsonNode ready = api("/v1/sequences/sq900/animatics/" + id);
    assertThat(ready.path("frames").asInt()).isEqualTo(9);
    assertThat(ready.path("edits").get(0).path("frames").asInt()).isEqualTo(9);
    HttpResponse<String> twice =
        call("POST", "/v1/sequences/sq900/animatic", STUDIO, "{\"burnIn\":false}");
    assertThat(twice.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(twice.body()).path("animaticId").asString()).isEqualTo(id);
    Path mp4 = tmp.resolve("sq900.mp4");
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(ready.path("links").path("video").asString()))
                .build(),
            HttpResponse.BodyHandlers.ofFile(mp4));
    assertThat(Probe.read(mp4).frames()).isEqualTo(9);

    // and the editorial package holds both timelines and the take they name
    HttpResponse<byte[]> zip =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(platform.gatewayUrl() + "/v1/sequences/sq900/editorial.zip"))
                    .header("Authorization", "Bearer " + platform.apiKey(STUDIO))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    List<String> entries = new java.util.ArrayList<>();
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.add(e.getName() + ":" + in.readAllBytes().length);
      }
    }
    assertThat(entries).hasSize(3);
    assertThat(entries.get(0)).startsWith("sq900.otio:");
    assertThat(entries.get(1)).startsWith("sq900.edl:");
    assertThat(entries.get(2)).startsWith("sq900_sh010_v001_t1.mp4:").doesNotEndWith(":0");
  }

  private static void assumeBrowser() {
    String missing = Browser.missing();
    Assumptions.assumeTrue(missing == null, missing);
  }

  private HttpResponse<String> call(String method, String path, String as, String body)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
            .header("Authorization", "Bearer " + platform.apiKey(as))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode api(String path) throws Exception {
    HttpResponse<String> r = call("GET", path, STUDIO, null);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
