package dev.mcpbroker.policy;

/** A signal with its condition compiled and type-checked. */
record CompiledSignal(String name, Expr when) {}
