#!/usr/bin/env bash
# Weft ingest benchmark: builds the server and the bench, then runs the load phase against the
# server and the COPY ceiling on the same embedded PostgreSQL. Options go to the bench
# (--clients, --duration, --spans-per-request, ...; --help lists them). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${WEFT_BENCH_SKIP_BUILD:-}" != "1" ]]; then
  # -am: the server needs the modules it depends on (datasets, the UI jar) built on a fresh clone.
  mvn -B -q -DskipTests package -pl weave-server,bench -am
fi

# The load generator shares the cores with the server, so its CPU is kept low: lower JIT thresholds
# let its warm-up against a local sink compile its request path fully before the measurement (see
# LoadGenerator#warmUpJit), instead of C2 compiling it bit by bit during the measured window.
exec java -XX:CompileThresholdScaling=0.1 -jar bench/target/weft-bench.jar "$@"
