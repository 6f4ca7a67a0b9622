#!/usr/bin/env bash
# Weft metric-ingestion benchmark: builds the server and this module, then measures metric points/s
# through the runs API (concurrent runs, batches of points) and the raw COPY ceiling on the same
# embedded PostgreSQL. Options go to the bench (--runs, --batch, --seconds, --warmup; --help).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${WEFT_BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests package -pl weave-server,bench-metrics -am
fi
exec java -jar bench-metrics/target/weft-bench-metrics.jar "$@"
