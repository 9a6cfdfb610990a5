#!/usr/bin/env bash
# Prints the path of the nginx binary, installing nginx from Debian's packages first if it is
# missing (idempotent; the benchmark's "nginx hop" row needs it). Exits non-zero when it cannot.
set -euo pipefail
find_nginx() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }
bin=$(find_nginx)
if [ -z "$bin" ]; then
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo -n"; fi
  # nginx-light: the reverse proxy without the optional modules; the package must not start a
  # system-wide server (the benchmark runs its own, on ephemeral ports)
  $sudo_cmd apt-get update -qq >&2
  RUNLEVEL=1 $sudo_cmd apt-get install -y -qq --no-install-recommends nginx-light >&2
  bin=$(find_nginx)
  # a Debian install starts the packaged server on port 80; the benchmark does not want it
  if [ -n "$bin" ] && [ -f /run/nginx.pid ]; then $sudo_cmd "$bin" -s stop >&2 2>/dev/null || true; fi
fi
[ -n "$bin" ] || { echo "nginx.sh: nginx could not be installed" >&2; exit 1; }
echo "$bin"
