package dev.mcpbroker.backends.orders;

/** Lists the currencies orders are paid in; each has two minor-unit digits. */
public enum Currency {
  EUR,
  USD,
  GBP
}
