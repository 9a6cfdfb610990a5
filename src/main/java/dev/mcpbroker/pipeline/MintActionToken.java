package dev.mcpbroker.pipeline;

import dev.mcpbroker.identity.ActionToken;
import dev.mcpbroker.identity.ActionTokenMinter;
import dev.mcpbroker.json.CanonicalJson;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * Mints the action token for exactly this call: audience = the tool's upstream, bound to the
 * SHA-256 of the final arguments, single use, short-lived. The backend refuses anything else; the
 * client's own session token never leaves the broker.
 */
final class MintActionToken implements Stage {
  private final ActionTokenMinter minter;
  private final Function<String, URI> audienceOfUpstream;
  private final Duration ttl;

  MintActionToken(ActionTokenMinter minter, Function<String, URI> audienceOfUpstream, Duration ttl) {
    this.minter = minter;
    this.audienceOfUpstream = audienceOfUpstream;
    this.ttl = ttl;
  }

  @Override
  public StageOutcome apply(CallContext context) {
    ActionToken token = minter.mint(context.request().principal(), audienceOfUpstream.apply(context.tool().upstream()),
        context.tool().upstreamTool(), CanonicalJson.sha256Hex(context.canonicalArgumentsNow()), ttl);
    return new StageOutcome.Continue(context.withActionToken(token));
  }
}
