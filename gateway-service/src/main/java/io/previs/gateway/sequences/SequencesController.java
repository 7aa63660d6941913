package io.previs.gateway.sequences;

import io.previs.contracts.animatic.AnimaticRequest;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.security.Caller;
import io.previs.gateway.sequences.AnimaticRequests.AnimaticStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * A studio's sequences: the cut (shots in order, each with its chosen take), the animatic of it,
 * and the editorial timeline an NLE opens (OpenTimelineIO, CMX 3600 EDL, or both with the takes in
 * one package).
 */
@RestController
@RequestMapping("/v1/sequences")
@Tag(name = "sequences")
class SequencesController {

  /** A sequence in the list: its name, shots, and how many have a chosen take. */
  record SequenceSummary(String sequence, int shots, int chosen, Map<String, String> links) {}

  record SequenceList(String studio, List<SequenceSummary> sequences) {}

  private final Sequences sequences;
  private final AnimaticRequests animatics;
  private final EditorialExports exports;
  private final StrictJson json;
  private final AuditLog audit;

  SequencesController(
      Sequences sequences,
      AnimaticRequests animatics,
      EditorialExports exports,
      StrictJson json,
      AuditLog audit) {
    this.sequences = sequences;
    this.animatics = animatics;
    this.exports = exports;
    this.json = json;
    this.audit = audit;
  }

  @Operation(summary = "The studio's sequences: every sequence label on its jobs")
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  SequenceList list(
      @Parameter(description = "ops only, and required for ops: the studio")
          @RequestParam(required = false)
          String studio) {
    Caller caller = Caller.require();
    String s = studio(caller, studio);
    String q = caller.studio() == null ? "?studio=" + s : "";
    List<SequenceSummary> out = new ArrayList<>();
    // the cuts without their takes' links: a list presigns nothing
    for (SequenceView v : sequences.cuts(caller, s)) {
      out.add(
          new SequenceSummary(
              v.sequence(),
              v.shots().size(),
              v.chosen(),
              Map.of("self", "/v1/sequences/" + v.sequence() + q)));
    }
    return new SequenceList(s, List.copyOf(out));
  }

  @Operation(
      summary = "A sequence's cut: its shots in order, each with its versions and chosen take",
      description =
          "The jobs labelled sequence=<name>, grouped by shot (the v001 job's clientJobId), the"
              + " shots in the order of their names with numbers compared as numbers (sh9 before"
              + " sh10). Each shot's chosen take is the one chosen last over all its versions.")
  @ApiResponse(responseCode = "200", description = "The cut")
  @ApiResponse(responseCode = "404", description = "No job the caller sees is in the sequence")
  @GetMapping(path = "/{sequence}", produces = MediaType.APPLICATION_JSON_VALUE)
  SequenceView get(@PathVariable String sequence, @RequestParam(required = false) String studio) {
    Caller caller = Caller.require();
    return sequences.view(caller, studio(caller, studio), name(sequence));
  }

  @Operation(
      summary = "The cut as an OpenTimelineIO timeline (.otio)",
      description =
          "One video track of the chosen takes in cut order, cut to cut (no transitions), each"
              + " clip an ExternalReference to the take's file as the editorial package names it,"
              + " with its frame range and rate; QC findings of warning or worse as markers; the"
              + " take's lineage (job, version, variant, seed, verdict, who chose it) as metadata."
              + " Checked against OTIO's schema rules before it is served.")
  @ApiResponse(responseCode = "200", description = "The timeline (application/json)")
  @ApiResponse(responseCode = "409", description = "No shot has a chosen take, or one is withheld")
  @GetMapping(path = "/{sequence}/editorial.otio")
  ResponseEntity<byte[]> otio(
      @PathVariable String sequence, @RequestParam(required = false) String studio) {
    Cut cut = cut(sequence, studio);
    return file(
        exports.otio(cut.view(), cut.chosen()),
        cut.view().sequence() + ".otio",
        "application/json");
  }

  @Operation(
      summary = "The cut as a CMX 3600 EDL",
      description =
          "One event per chosen take (channel V, cut), source and record timecodes at the cut's"
              + " rate from 01:00:00:00, the take's name and file as FROM CLIP NAME and SOURCE FILE"
              + " comments, an M2 line where a take's rate differs from the cut's, QC findings as"
              + " LOC markers. Its event lines are checked before it is served.")
  @ApiResponse(responseCode = "200", description = "The EDL (text/plain)")
  @ApiResponse(responseCode = "409", description = "No shot has a chosen take, or one is withheld")
  @GetMapping(path = "/{sequence}/editorial.edl")
  ResponseEntity<byte[]> edl(
      @PathVariable String sequence, @RequestParam(required = false) String studio) {
    Cut cut = cut(sequence, studio);
    return file(
        exports.edl(cut.view(), cut.chosen()), cut.view().sequence() + ".edl", "text/plain");
  }

  @Operation(
      summary = "The editorial package: the OTIO, the EDL and the chosen takes' MP4s in one zip",
      description =
          "What an editor opens: the timeline files beside the takes they name, so the NLE finds"
              + " the media without relinking.")
  @ApiResponse(responseCode = "200", description = "The package (application/zip)")
  @ApiResponse(responseCode = "409", description = "No shot has a chosen take, or one is withheld")
  @GetMapping(path = "/{sequence}/editorial.zip")
  void zip(
      @PathVariable String sequence,
      @RequestParam(required = false) String studio,
      HttpServletResponse response)
      throws IOException {
    Cut cut = cut(sequence, studio);
    response.setContentType("application/zip");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        "attachment; filename=\"" + cut.view().sequence() + "-editorial.zip\"");
    exports.zip(cut.view(), cut.chosen(), response.getOutputStream());
  }

  @Operation(
      summary = "Assemble the cut into an animatic MP4",
      description =
          "Body optional: {\"burnIn\": true, \"width\": 1280, \"height\": 720, \"fps\": 16}. The"
              + " chosen takes in cut order, each conformed to the frame (letterboxed) and rate"
              + " (frames repeated or dropped), with the shot name, take and record timecode burnt"
              + " in unless burnIn is false. Defaults: the first take's size, the cut's rate. The"
              + " same cut with the same options is one animatic: asked again it answers the same"
              + " id (asked again after it failed, it is made again).")
  @ApiResponse(responseCode = "202", description = "Requested: poll its link")
  @ApiResponse(responseCode = "200", description = "Made already (or failed: see status)")
  @ApiResponse(responseCode = "400", description = "An option is out of range (each is named)")
  @ApiResponse(responseCode = "409", description = "No shot has a chosen take, or one is withheld")
  @PostMapping(path = "/{sequence}/animatic", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<AnimaticStatus> animatic(
      @PathVariable String sequence,
      @RequestParam(required = false) String studio,
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId,
      HttpServletRequest request) {
    Caller caller = Caller.require();
    Cut cut = cut(sequence, studio);
    SequenceView v = cut.view();
    Sequences.Chosen first = cut.chosen().getFirst();
    JsonNode b =
        body == null || body.length == 0
            ? json.parseObject("{}".getBytes())
            : json.parseObject(body);
    List<FieldError> errors = new ArrayList<>();
    for (String f : b.propertyNames()) {
      if (!List.of("burnIn", "width", "height", "fps").contains(f)) {
        errors.add(new FieldError(f, "is not an animatic option (burnIn, width, height, fps)"));
      }
    }
    boolean burnIn = true;
    if (b.has("burnIn")) {
      if (!b.get("burnIn").isBoolean()) {
        errors.add(new FieldError("burnIn", "must be true or false"));
      } else {
        burnIn = b.get("burnIn").asBoolean();
      }
    }
    int width = option(b, "width", first.take().width(), 64, 3840, true, errors);
    int height = option(b, "height", first.take().height(), 64, 2160, true, errors);
    int fps = option(b, "fps", v.fps(), 1, 120, false, errors);
    if (!errors.isEmpty()) {
      audit.http(
          caller, request, "animatic.request", v.sequence(), AuditLog.REJECTED, 400, "" + errors);
      throw new InvalidRequestException(v.sequence(), errors, "Invalid animatic options");
    }
    List<AnimaticRequest.Clip> clips = new ArrayList<>();
    for (Sequences.Chosen c : cut.chosen()) {
      clips.add(
          new AnimaticRequest.Clip(
              c.shot().shot(),
              c.take().jobId(),
              c.take().version(),
              c.take().variant(),
              c.take().name(),
              c.output().videoKey(),
              c.take().frames(),
              c.take().fps()));
    }
    AnimaticStatus s =
        animatics.request(
            v.studio(),
            v.sequence(),
            caller.name(),
            width,
            height,
            fps,
            burnIn,
            clips,
            correlationId);
    audit.http(
        caller,
        request,
        "animatic.request",
        v.sequence(),
        AuditLog.ALLOWED,
        s.status().equals("requested") ? 202 : 200,
        "animatic " + s.animaticId() + " of " + clips.size() + " takes: " + s.status());
    return ResponseEntity.status(
            s.status().equals("requested") ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(withSelf(s, v));
  }

  @Operation(summary = "What became of an animatic: requested, ready (with its MP4) or failed")
  @ApiResponse(responseCode = "200", description = "Its status, and its MP4's link once ready")
  @ApiResponse(responseCode = "404", description = "No such animatic in the studio")
  @GetMapping(
      path = "/{sequence}/animatics/{animaticId}",
      produces = MediaType.APPLICATION_JSON_VALUE)
  AnimaticStatus animaticStatus(
      @PathVariable String sequence,
      @PathVariable String animaticId,
      @RequestParam(required = false) String studio) {
    Caller caller = Caller.require();
    String s = studio(caller, studio);
    AnimaticStatus a = animatics.status(s, animaticId);
    if (a == null || !a.sequence().equals(sequence)) {
      throw new ResponseStatusException(
          HttpStatus.NOT_FOUND, "no animatic " + animaticId + " of sequence " + sequence);
    }
    return a;
  }

  private record Cut(SequenceView view, List<Sequences.Chosen> chosen) {}

  private Cut cut(String sequence, String studio) {
    Caller caller = Caller.require();
    SequenceView v = sequences.view(caller, studio(caller, studio), name(sequence));
    List<Sequences.Chosen> chosen;
    try {
      chosen = sequences.chosen(caller, v);
    } catch (IllegalStateException e) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
    }
    if (chosen.isEmpty()) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT,
          "no shot of sequence "
              + v.sequence()
              + " has a chosen take yet (POST /v1/jobs/{jobId}/variants/{variant}/select)");
    }
    return new Cut(v, chosen);
  }

  private static AnimaticStatus withSelf(AnimaticStatus s, SequenceView v) {
    var links = new java.util.LinkedHashMap<>(s.links());
    links.put(
        "self",
        "/v1/sequences/"
            + v.sequence()
            + "/animatics/"
            + s.animaticId()
            + v.links().get("self").replaceFirst("^[^?]*", ""));
    return new AnimaticStatus(
        s.animaticId(),
        s.sequence(),
        s.status(),
        s.width(),
        s.height(),
        s.fps(),
        s.burnIn(),
        s.clips(),
        s.frames(),
        s.seconds(),
        s.edits(),
        s.reason(),
        Map.copyOf(links));
  }

  private static int option(
      JsonNode b, String f, int dflt, int min, int max, boolean even, List<FieldError> errors) {
    JsonNode n = b.get(f);
    if (n == null || n.isNull()) {
      return even && dflt % 2 != 0 ? dflt + 1 : dflt;
    }
    if (!n.isIntegralNumber()) {
      errors.add(new FieldError(f, "must be a whole number"));
      return dflt;
    }
    int v = n.asInt();
    if (v < min || v > max) {
      errors.add(new FieldError(f, v + " is outside " + min + ".." + max));
    } else if (even && v % 2 != 0) {
      errors.add(new FieldError(f, v + " must be even (H.264 4:2:0)"));
    }
    return v;
  }

  private static String studio(Caller caller, String studio) {
    try {
      return Sequences.studio(caller, studio);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
  }

  private static String name(String sequence) {
    if (!Sequences.NAME.matcher(sequence).matches()) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST,
          "sequence: '"
              + sequence
              + "' must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a"
              + " letter or digit");
    }
    return sequence;
  }

  private static ResponseEntity<byte[]> file(String text, String fileName, String type) {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(type + ";charset=UTF-8"))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
        .body(text.getBytes(StandardCharsets.UTF_8));
  }
}
