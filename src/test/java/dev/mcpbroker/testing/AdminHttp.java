package dev.mcpbroker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.Broker;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

/** Talks to a broker's admin port over real HTTP, as an operator's curl would. */
public final class AdminHttp {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  public AdminHttp(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A client holding the broker's own admin token (read from its token file). */
  public static AdminHttp of(Broker broker) throws IOException {
    return new AdminHttp(broker.adminUrl(), Files.readString(broker.adminTokenFile()).strip());
  }

  /** The same port with another token (null: none). */
  public AdminHttp withToken(String other) {
    return new AdminHttp(base, other);
  }

  public String token() {
    return token;
  }

  /** One answer: status, body, and the body as JSON (null when it is not). */
  public record Answer(int status, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }
  }

  public Answer get(String path) throws Exception {
    return send("GET", path, null);
  }

  public Answer post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  public Answer send(String method, String path, String body) throws Exception {
    var b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r);
  }
}
