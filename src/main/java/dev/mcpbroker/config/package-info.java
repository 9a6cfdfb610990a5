/**
 * The broker's own settings ({@code broker.yaml}) and the small parsers configuration files
 * share. Depends on nothing else in the broker.
 */
package dev.mcpbroker.config;
