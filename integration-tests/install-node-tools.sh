#!/usr/bin/env bash
# Installs the Node-side test tools from the npm registry into integration-tests/node:
# Node 22 (the npm package node@22, which the conformance suite needs), the official MCP
# conformance suite, the MCP Inspector CLI and mcp-remote (the Claude Desktop bridge the demo
# prints). Idempotent: a second run with the lock file
# unchanged is a no-op.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/node"
cd "$dir"
stamp=node_modules/.installed-from-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp" && [ -x node_modules/.bin/node ]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
node_modules/.bin/node --version
