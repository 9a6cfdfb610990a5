/**
 * The load benchmark of bench/run.sh: a fast fixed-response MCP upstream on Netty, a closed-loop
 * MCP load generator, the orchestration that starts each process and prints the table, and the
 * JMH stage benchmarks' short-profile runner. Test code: Netty is allowed here (ArchitectureTest
 * keeps it out of src/main outside the transport package only).
 */
package dev.mcpbroker.bench;
