package io.previs.gateway.keys;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.input.Text;
import io.previs.gateway.security.ApiKeys;
import io.previs.gateway.security.Caller;
import io.previs.gateway.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/** Studio API keys, managed by ops: created, listed, rotated and revoked; each change audited. */
@RestController
@Tag(name = "keys")
@RequestMapping("/v1/keys")
class KeysController {

  static final Pattern STUDIO = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final int MAX_NAME = 64;

  private final ApiKeys keys;
  private final StrictJson json;
  private final AuditLog audit;

  KeysController(ApiKeys keys, StrictJson json, AuditLog audit) {
    this.keys = keys;
    this.json = json;
    this.audit = audit;
  }

  @Operation(
      summary = "Create an API key (ops)",
      description =
          "Body: {\"studio\": \"acme\", \"name\": \"pipeline\", \"roles\": [\"submitter\"]}."
              + " Studio keys get submitter and/or reviewer; ops and platform keys name no studio."
              + " The answer's key is shown this once; only a slow hash of it is kept.")
  @ApiResponse(responseCode = "201", description = "The key, with its secret")
  @ApiResponse(responseCode = "400", description = "Problem details naming each invalid field")
  @PostMapping(
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<KeyView> create(@RequestBody byte[] body, HttpServletRequest request) {
    Caller caller = Caller.require();
    JsonNode n = json.parseObject(body);
    List<FieldError> errors = new ArrayList<>();
    String name = text(n, "name");
    if (Text.blank(name)) {
      errors.add(new FieldError("name", "is required"));
    } else if (Text.length(name) > MAX_NAME || Text.controlCharacter(name, false) != null) {
      errors.add(new FieldError("name", "must be 1 to " + MAX_NAME + " printable characters"));
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    JsonNode r = n.get("roles");
    if (r == null || !r.isArray() || r.isEmpty() || r.size() > Role.values().length) {
      errors.add(new FieldError("roles", "must list 1 to 4 of submitter, reviewer, ops, platform"));
    } else {
      for (JsonNode role : r) {
        Role parsed = role.isString() ? Role.parse(role.asString()) : null;
        if (parsed == null) {
          errors.add(
              new FieldError(
                  "roles", "'" + role + "' is not one of submitter, reviewer, ops, platform"));
        } else {
          roles.add(parsed);
        }
      }
    }
    boolean crossStudio = roles.contains(Role.OPS) || roles.contains(Role.PLATFORM);
    String studio = text(n, "studio");
    if (crossStudio && studio != null) {
      errors.add(new FieldError("studio", "ops and platform keys act across studios; name none"));
    } else if (!crossStudio && (studio == null || !STUDIO.matcher(studio).matches())) {
      errors.add(new FieldError("studio", "a studio key names its studio: " + STUDIO.pattern()));
    }
    if (crossStudio && (roles.contains(Role.SUBMITTER) || roles.contains(Role.REVIEWER))) {
      errors.add(
          new FieldError(
              "roles", "submitter and reviewer act within one studio: not with ops or platform"));
    }
    if (!errors.isEmpty()) {
      audit.http(caller, request, "key.create", name, AuditLog.REJECTED, 400, errors.toString());
      throw new InvalidRequestException(null, errors, "Invalid API key request");
    }
    ApiKeys.Issued issued = keys.create(studio, name, roles, caller.name());
    audit.http(
        caller,
        request,
        "key.create",
        issued.record().id(),
        AuditLog.ALLOWED,
        201,
        "studio " + studio + ", roles " + issued.record().roles());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(KeyView.of(issued.record(), issued.key()));
  }

  @Operation(summary = "API keys, newest first, optionally of one studio (ops)")
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  List<KeyView> list(@RequestParam(required = false) String studio) {
    return keys.list(studio).stream().map(k -> KeyView.of(k, null)).toList();
  }

  @Operation(
      summary = "Rotate a key's secret (ops); the old secret stops working at once",
      description = "The answer's key is shown this once.")
  @ApiResponse(responseCode = "200", description = "The key, with its new secret")
  @PostMapping(path = "/{id}/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
  KeyView rotate(@PathVariable String id, HttpServletRequest request) {
    Caller caller = Caller.require();
    ApiKeys.Issued issued =
        keys.rotate(id, caller.name())
            .orElseThrow(
                () -> {
                  audit.http(
                      caller, request, "key.rotate", id, AuditLog.REJECTED, 404, "no live key");
                  return new ResponseStatusException(HttpStatus.NOT_FOUND, "no live key " + id);
                });
    audit.http(caller, request, "key.rotate", id, AuditLog.ALLOWED, 200, null);
    return KeyView.of(issued.record(), issued.key());
  }

  @Operation(summary = "Revoke a key (ops); it stops working at once and stays listed")
  @ApiResponse(responseCode = "200", description = "The revoked key")
  @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  KeyView revoke(@PathVariable String id, HttpServletRequest request) {
    Caller caller = Caller.require();
    var revoked =
        keys.revoke(id, caller.name())
            .orElseThrow(
                () -> {
                  audit.http(caller, request, "key.revoke", id, AuditLog.REJECTED, 404, "no key");
                  return new ResponseStatusException(HttpStatus.NOT_FOUND, "no key " + id);
                });
    audit.http(caller, request, "key.revoke", id, AuditLog.ALLOWED, 200, null);
    return KeyView.of(revoked, null);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isString() ? null : v.asString();
  }
}
