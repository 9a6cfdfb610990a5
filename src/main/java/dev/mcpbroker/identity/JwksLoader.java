package dev.mcpbroker.identity;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;

/** Loads a JWK set (public keys only) from wherever an issuer publishes it. */
@FunctionalInterface
interface JwksLoader {
  /** A JWKS document bigger than this is refused: no honest key set comes close. */
  int MAX_BYTES = 512 * 1024;

  Duration TIMEOUT = Duration.ofSeconds(5);

  JWKSet load() throws IOException, ParseException;

  static JwksLoader fixed(JWKSet keys) {
    JWKSet publicKeys = keys.toPublicJWKSet();
    return () -> publicKeys;
  }

  static JwksLoader file(Path path) {
    return () -> JWKSet.parse(Files.readString(path)).toPublicJWKSet();
  }

  static JwksLoader url(URI url) {
    HttpClient client = HttpClient.newBuilder()
        .connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(TIMEOUT)
        .header("Accept", "application/jwk-set+json, application/json")
        .GET()
        .build();
    return () -> {
      HttpResponse<byte[]> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted fetching " + url, e);
      }
      if (response.statusCode() != 200) {
        throw new IOException("GET " + url + ": HTTP " + response.statusCode() + " (expected: 200)");
      }
      if (response.body().length > MAX_BYTES) {
        throw new IOException("GET " + url + ": " + response.body().length + " bytes (expected: <= " + MAX_BYTES + ")");
      }
      return JWKSet.parse(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).toPublicJWKSet();
    };
  }
}
