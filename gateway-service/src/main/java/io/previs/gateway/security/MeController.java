package io.previs.gateway.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who the credentials are: what the web page logs in with (a key or token that answers here is
 * good) and shows only the actions the caller's roles allow.
 */
@RestController
@Tag(name = "caller")
class MeController {

  /**
   * @param studio null for ops and platform principals
   * @param kind how the caller proved it: api-key, jwt, or local (security off)
   */
  record Me(String name, String studio, List<String> roles, String kind) {}

  @Operation(summary = "The caller: name, studio, roles")
  @GetMapping(path = "/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
  Me me() {
    Caller c = Caller.require();
    return new Me(
        c.name(), c.studio(), c.roles().stream().map(Role::wire).sorted().toList(), c.kind());
  }
}
