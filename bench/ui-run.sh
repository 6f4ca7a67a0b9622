#!/usr/bin/env bash
# Weft UI benchmark: time to interactive of the trace detail page of a 10,000-span trace and of the
# traces table of a 100,000-trace project, in headless chromium, against the packaged server on
# its own embedded PostgreSQL. Builds the server (with the UI) and the bench, makes sure ui/ has its
# node_modules and chromium is installed, then runs dev.weft.bench.UiBenchmark. Options go to the
# bench (--traces, --big-trace-spans, --warm-runs, ...; --help lists them). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${WEFT_BENCH_SKIP_BUILD:-}" != "1" ]]; then
  # -am: the server needs the modules it depends on (datasets, the UI jar) built on a fresh clone.
  mvn -B -q -DskipTests package -pl weave-server,bench -am
fi
if [[ ! -d ui/node_modules/playwright-core ]]; then
  (cd ui && npm ci --no-audit --no-fund)
fi

exec java -cp bench/target/weft-bench.jar dev.weft.bench.UiBenchmark "$@"
