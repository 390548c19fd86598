#!/usr/bin/env bash
# Benchmarks print figures (medians of several runs, side by side with a reference); they assert nothing.
#   ./bench.sh kernel                 kernel start, trivial cells, RSS, interrupt — next to ipykernel
#   ./bench.sh kafka-lab              %kafka start / stop and RSS inside the installed kernel
#   ./bench.sh KafkaClusterBenchmark  (or any *Benchmark class under */src/test/java/io/brokerbook/bench)
# Extra arguments go to the benchmark.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
name="${1:-}"
[ -n "$name" ] || { sed -n '2,5p' "$0"; exit 2; }
shift
case "$name" in
  kernel|kafka-lab)
    [ -x .venv/bin/python ] || { echo "bench.sh: run ./install.sh first (it creates .venv)" >&2; exit 1; }
    exec .venv/bin/python "bench/${name//-/_}_bench.py" "$@" ;;
esac
src="$(ls */src/test/java/io/brokerbook/bench/"$name".java 2>/dev/null | head -1 || true)"
[ -n "$src" ] || { echo "bench.sh: no benchmark named $name (see */src/test/java/io/brokerbook/bench/)" >&2; exit 2; }
module="${src%%/*}"
mvn -B -q -pl "$module" -am test-compile -DskipTests >/dev/null
cpfile="$(mktemp)"
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
# Sibling modules' fresh classes come before the deps, so a stale brokerbook-*.jar in ~/.m2 never shadows them.
siblings="$(ls -d */target/classes | { grep -v "^$module/" || true; } | tr '\n' ':')"
# The same HTTP settings as the kernel launcher (the load balancer forwards Host headers).
exec java -Xmx1g -Djdk.httpclient.allowRestrictedHeaders=host -Dsun.net.httpserver.nodelay=true ${BENCH_JAVA_OPTS:-} -cp "$module/target/test-classes:$module/target/classes:$siblings$(cat "$cpfile")" \
  "io.brokerbook.bench.$name" "$@"
