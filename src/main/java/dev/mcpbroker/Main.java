package dev.mcpbroker;

/** Entry point of the {@code mcp-broker} command. */
public final class Main {
  public static void main(String[] args) {
  }
}
