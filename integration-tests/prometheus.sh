#!/usr/bin/env bash
# Provides Prometheus and promtool (Debian's `prometheus` package) for the tests.
#   prometheus.sh install   installs the package if promtool is missing (idempotent; needs root
#                           or passwordless sudo on a clean machine) and prints ONLY the directory
#                           holding `prometheus` and `promtool` on stdout; logs go to stderr.
set -euo pipefail

# where a binary pair may already be: PATH first, then Debian's location
find_dir() {
  local p
  for p in "$(command -v promtool 2>/dev/null || true)" /usr/bin/promtool; do
    if [ -n "$p" ] && [ -x "$p" ] && [ -x "$(dirname "$p")/prometheus" ]; then
      dirname "$(realpath "$p")"
      return 0
    fi
  done
  # the package's own file list, in case it put them elsewhere
  if command -v dpkg >/dev/null && dpkg -s prometheus >/dev/null 2>&1; then
    p=$(dpkg -L prometheus | grep -E '/promtool$' | head -n 1 || true)
    if [ -n "$p" ] && [ -x "$p" ] && [ -x "$(dirname "$p")/prometheus" ]; then
      dirname "$p"
      return 0
    fi
  fi
  return 1
}

cmd=${1:-install}
case "$cmd" in
  install)
    if dir=$(find_dir); then
      echo "$dir"
      exit 0
    fi
    sudo=""
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
      else
        echo "prometheus.sh: promtool is missing and installing it needs root (apt-get install prometheus)" >&2
        exit 1
      fi
    fi
    echo "prometheus.sh: installing Debian's prometheus package (for promtool)" >&2
    export DEBIAN_FRONTEND=noninteractive
    # the package's postinst may try to start a service; there is no init system in CI containers
    # (policy-rc.d 101 = "action not allowed"), so keep it from doing so
    created_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ] && [ -z "$sudo" ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
      created_policy=1
    fi
    { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends prometheus; } >&2 || {
      [ -n "$created_policy" ] && rm -f /usr/sbin/policy-rc.d
      echo "prometheus.sh: apt-get install prometheus failed" >&2
      exit 1
    }
    [ -n "$created_policy" ] && rm -f /usr/sbin/policy-rc.d
    if dir=$(find_dir); then
      echo "$dir"
    else
      echo "prometheus.sh: the prometheus package is installed but promtool was not found" >&2
      exit 1
    fi
    ;;
  *) echo "usage: prometheus.sh install" >&2; exit 2 ;;
esac
