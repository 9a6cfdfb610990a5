/**
 * The tamper-evident audit log: append-only JSON lines in RFC 8785 canonical form, chained by
 * the hash of the previous entry, the leaves of an RFC 9162 Merkle tree whose root is written as
 * an Ed25519-signed checkpoint; group commit so that one fsync serves many concurrent appends;
 * offline verification and querying.
 *
 * <p>Owns: the entry format, the log files and checkpoints, the audit signing key, the Merkle
 * tree and its consistency proofs, the verify and query commands. May depend on Jackson, SLF4J
 * and {@code dev.mcpbroker.json}; never on Netty or on any other broker stage.
 */
package dev.mcpbroker.audit;
