#!/usr/bin/env bash
# The load benchmark of the broker (see bench/README.md):
#   bench/run.sh [--smoke] [--duration S] [--warmup S] [--connections 1,32]
#                [--rows direct,nginx,broker,backend] [--idle-sessions N] [--profile]
#                [--load-threads N] [--run-dir DIR] [--no-jmh] [--save]
# Builds what it needs, installs nginx from Debian's packages if missing, prints the table of the
# four rows at each connection count (with the ratios and the idle-session memory check), then
# the stage benchmarks (JMH, short profile). Exits non-zero if any request failed. With --save,
# everything printed is also written to bench/results/<date>-<cores>core.txt under a description
# of the machine (CPU, memory, kernel, JDK, disk, load), for committing.
set -euo pipefail
cd "$(dirname "$0")/.."
jmh=1
save=0
smoke=()
args=()
for a in "$@"; do
  case "$a" in
    --no-jmh) jmh=0 ;;
    --save) save=1 ;;
    --smoke) smoke=(--smoke); args+=("$a") ;;
    *) args+=("$a") ;;
  esac
done
if [ "$save" = 1 ]; then
  mkdir -p bench/results
  out="bench/results/$(date -u +%F)-$(nproc)core.txt"
  {
    echo "# bench/run.sh $*"
    echo "# date: $(date -u '+%F %H:%M UTC')   commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)"
    echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
    echo "# memory: $(free -m | awk '/Mem:/ {print $2}') MB; kernel: $(uname -r)"
    echo "# java: $(java -version 2>&1 | head -1)"
    echo "# disk under bench's run directory: $(df -T "${TMPDIR:-/tmp}" | awk 'NR==2 {print $2", "$1}')"
    echo "# load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  } > "$out"
  echo "bench: saving the output to $out" >&2
  exec > >(tee -a "$out")
fi
if nginx=$(bash bench/nginx.sh); then
  args+=(--nginx "$nginx")
else
  echo "bench: nginx is not available; the nginx hop row will be skipped" >&2
fi
echo "bench: building (mvn test-compile)" >&2
mvn -q -B -ntp -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
status=0
java -cp "$cp" dev.mcpbroker.bench.BenchRun "${args[@]}" || status=$?
if [ "$jmh" = 1 ]; then
  echo
  java -cp "$cp" dev.mcpbroker.bench.StageBenchmarks "${smoke[@]}" 2>&1 | grep -v "CryptoProviders - JCA provider" || status=$?
fi
exit "$status"
