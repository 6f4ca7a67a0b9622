#!/usr/bin/env bash
# Weft ingest benchmark: builds the server and the bench, then runs the load phase against the
# server and the COPY ceiling on the same embedded PostgreSQL. Options go to the bench
# (--clients, --duration, --spans-per-request, ...; --help lists them). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${WEFT_BENCH_SKIP_BUILD:-}" != "1" ]]; then
  if grep -q '<module>bench</module>' pom.xml; then
    mvn -B -q -DskipTests package -pl weave-server,bench
  else
    # The bench module is not listed in the root pom yet: build it on its own.
    mvn -B -q -DskipTests package -pl weave-server
    mvn -B -q -DskipTests package -f bench/pom.xml
  fi
fi

exec java -jar bench/target/weft-bench.jar "$@"
