#!/usr/bin/env bash
# Weft ingest pipeline benchmark: CPU per span of the server's own ingest work (protobuf decode,
# normalise, price, row mapping, COPY encoding) in process on one thread, without HTTP or a database. Builds the
# server and the bench, then runs dev.weft.bench.PipelineBenchmark. Options go to the benchmark
# (--requests, --spans-per-request, --warmup-rounds, --rounds; --help lists them). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${WEFT_BENCH_SKIP_BUILD:-}" != "1" ]]; then
  # -am: the server needs the modules it depends on (datasets, the UI jar) built on a fresh clone.
  mvn -B -q -DskipTests package -pl weave-server,bench -am
fi

exec java -cp bench/target/weft-bench.jar dev.weft.bench.PipelineBenchmark "$@"
