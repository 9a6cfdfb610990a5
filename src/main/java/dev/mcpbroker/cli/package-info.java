/**
 * The {@code mcp-broker} command line: run, demo, ledger, backend, catalog pins, token mint, health. Turns
 * bad input into a message and an exit code. May depend on every other package.
 */
package dev.mcpbroker.cli;
