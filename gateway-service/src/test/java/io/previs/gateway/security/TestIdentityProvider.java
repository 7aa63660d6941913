package io.previs.gateway.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A studio's identity provider for tests: an RSA signing key, its JWKS served over real HTTP (as
 * Keycloak or Okta serve theirs), and tokens minted with whatever claims a case needs.
 */
final class TestIdentityProvider implements AutoCloseable {

  static final String ISSUER = "https://idp.studio.test";

  private final RSAKey key;
  private final RSAKey stranger;
  private final HttpServer server;

  TestIdentityProvider() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    stranger = new RSAKeyGenerator(2048).keyID("k1").generate(); // same kid, another key
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/jwks",
        exchange -> {
          exchange.getResponseHeaders().add("content-type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          exchange.getResponseBody().write(jwks);
          exchange.close();
        });
    server.start();
  }

  String jwksUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
  }

  /** A token valid for 10 minutes from {@link #ISSUER}, with these claims on top. */
  String token(Map<String, Object> claims) throws Exception {
    return token(ISSUER, claims, Instant.now().plus(Duration.ofMinutes(10)), key);
  }

  String expired(Map<String, Object> claims) throws Exception {
    return token(ISSUER, claims, Instant.now().minus(Duration.ofMinutes(10)), key);
  }

  String fromIssuer(String issuer, Map<String, Object> claims) throws Exception {
    return token(issuer, claims, Instant.now().plus(Duration.ofMinutes(10)), key);
  }

  String signedByAStranger(Map<String, Object> claims) throws Exception {
    return token(ISSUER, claims, Instant.now().plus(Duration.ofMinutes(10)), stranger);
  }

  static Map<String, Object> studio(String studio, String... roles) {
    return Map.of("sub", "ana@" + studio, "previs_studio", studio, "previs_roles", List.of(roles));
  }

  private static String token(String issuer, Map<String, Object> claims, Instant expires, RSAKey k)
      throws Exception {
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(20))))
            .expirationTime(Date.from(expires));
    claims.forEach(c::claim);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(k.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            c.build());
    jwt.sign(new RSASSASigner(k));
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
