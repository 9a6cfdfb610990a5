package dev.mcpbroker.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.protocol.JsonRpc;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.UncheckedIOException;

/** Builds the transport's own answers (errors found before the protocol layer sees a message). */
final class Responses {
  private Responses() {}

  /** Returns {@code status} with a JSON-RPC error body whose id is null. */
  static FullHttpResponse jsonRpcError(HttpResponseStatus status, int code, String message) {
    return json(status, JsonRpc.error(null, code, message));
  }

  /** Returns {@code status} with {@code body} as JSON. */
  static FullHttpResponse json(HttpResponseStatus status, Object body) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return response;
  }
}
