package dev.mcpbroker.it;

import dev.mcpbroker.config.ServerSettings;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.RecordingUpstream;
import java.time.Duration;

/** A broker in front of a {@link RecordingUpstream}, declaring {@code echo} and {@code sleepy} but not {@code hidden}. */
final class RecordingBroker implements AutoCloseable {
  static final int MAX_BODY = 16 * 1024;

  final RecordingUpstream upstream;
  final BrokerUnderTest broker;

  private RecordingBroker(RecordingUpstream upstream, BrokerUnderTest broker) {
    this.upstream = upstream;
    this.broker = broker;
  }

  static RecordingBroker start() throws Exception {
    RecordingUpstream upstream = new RecordingUpstream();
    String catalog = """
        upstreams:
          rec:
            url: ${REC_URL}
            callTimeout: 1s
        tools:
          - name: echo
            upstream: rec
            tier: read
            pin: %s
            inputSchema: %s
          - name: sleepy
            upstream: rec
            tier: read
            pin: %s
            inputSchema: {"type":"object","properties":{}}
        """.formatted(BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA,
        BrokerUnderTest.livePin(upstream.url(), "sleepy"));
    ServerSettings settings = ServerSettings.loopback(0);
    settings = new ServerSettings(settings.host(), 0, settings.path(), MAX_BODY, settings.allowedHosts(),
        settings.allowedOrigins(), Duration.ofMinutes(5));
    return new RecordingBroker(upstream,
        BrokerUnderTest.start(catalog, BrokerUnderTest.env("REC_URL", upstream.url().toString()), settings));
  }

  @Override
  public void close() throws Exception {
    broker.close();
    upstream.close();
  }
}
