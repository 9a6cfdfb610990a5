/**
 * The tool-call chain: stages that take a call context and return a sealed outcome (continue,
 * deny with a stable reason, hold, respond), wired in one place, {@link
 * dev.mcpbroker.pipeline.ToolCallPipeline}. Plain Java; depends on catalog, upstream, protocol,
 * identity (action tokens), policy (the decide stage) and audit.
 */
package dev.mcpbroker.pipeline;
