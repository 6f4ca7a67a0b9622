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

exec java -jar bench/target/weft-bench.jar "$@"
