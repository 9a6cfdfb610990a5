package dev.mcpbroker.admin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Answers the admin port's HTTP requests; the transport turns bytes into these and back. */
public interface AdminEndpoint {

  /**
   * One request as received.
   *
   * @param query the decoded query parameters
   * @param authorization the {@code Authorization} header, or null
   * @param origin the {@code Origin} header, or null
   * @param body the body bytes (empty when none)
   */
  record Request(String method, String path, Map<String, List<String>> query, String authorization,
      String origin, byte[] body) {
    public Request {
      query = query == null ? Map.of() : query;
      body = body == null ? new byte[0] : body;
    }
  }

  /** One answer: status, content type, body and extra headers. */
  record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    public Response {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A text answer. */
    public static Response text(int status, String contentType, String body) {
      return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Returns this answer with one more header. */
    public Response withHeader(String name, String value) {
      var h = new java.util.LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, contentType, body, h);
    }
  }

  /** Answers {@code request}; never throws for bad input (a bug may throw: the transport answers 500). */
  Response handle(Request request);
}
