#!/usr/bin/env bash
# The load benchmark of the broker (see bench/README.md):
#   bench/run.sh [--smoke] [--duration S] [--warmup S] [--connections 1,32]
#                [--rows direct,nginx,broker,backend] [--idle-sessions N] [--profile]
#                [--load-threads N] [--run-dir DIR] [--no-jmh]
# Builds what it needs, installs nginx from Debian's packages if missing, prints the table of the
# four rows at each connection count (with the ratios and the idle-session memory check), then
# the stage benchmarks (JMH, short profile). Exits non-zero if any request failed.
set -euo pipefail
cd "$(dirname "$0")/.."
jmh=1
smoke=()
args=()
for a in "$@"; do
  case "$a" in
    --no-jmh) jmh=0 ;;
    --smoke) smoke=(--smoke); args+=("$a") ;;
    *) args+=("$a") ;;
  esac
done
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
