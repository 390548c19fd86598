#!/usr/bin/env bash
# Benchmarks print figures (medians of several rounds, side by side with a reference); they assert nothing.
#   ./bench.sh kernel                 launch → first cell's result, trivial cells, RSS, interrupt — next to ipykernel
#   ./bench.sh kafka-lab              %kafka start / stop and RSS inside the installed kernel
#   ./bench.sh compare                the experiment harness's throughput and latency next to each client library's bare loop
#   ./bench.sh zookeeper              ZooKeeper + 1 / 3 Kafka 3.9 brokers (child JVMs): ready, RSS, stop (ZooKeeperBenchmark)
#   ./bench.sh rabbitmq               RabbitMQ start / stop / RSS; rabbit binding vs PerfTest (RabbitMqBenchmark)
#   ./bench.sh KafkaClusterBenchmark  (or any *Benchmark class under */src/test/java/io/brokerbook/bench)
# Extra arguments go to the benchmark; for Java ones, -Dname=value arguments are system properties (-Dbench.records=N).
# Java benchmarks run with the kernel's JVM flags (install.sh's launcher); BENCH_JAVA_OPTS replaces them, e.g.
# BENCH_JAVA_OPTS="-Xmx1g" for the JVM's defaults (C2, G1).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
name="${1:-}"
[ -n "$name" ] || { sed -n '2,11p' "$0"; exit 2; }
shift
[ "$name" = compare ] && name=HarnessBenchmark
[ "$name" = zookeeper ] && name=ZooKeeperBenchmark
[ "$name" = rabbitmq ] && name=RabbitMqBenchmark
case "$name" in
  kernel|kafka-lab)
    [ -x .venv/bin/python ] || { echo "bench.sh: run ./install.sh first (it creates .venv)" >&2; exit 1; }
    exec .venv/bin/python "bench/${name//-/_}_bench.py" "$@" ;;
esac
src="$(ls */src/test/java/io/brokerbook/bench/"$name".java 2>/dev/null | head -1 || true)"
[ -n "$src" ] || { echo "bench.sh: no benchmark named $name (see */src/test/java/io/brokerbook/bench/)" >&2; exit 2; }
module="${src%%/*}"
if [ "$name" = LoadBalancerBenchmark ] && ! command -v nginx >/dev/null 2>&1; then
  echo "bench.sh: nginx is the reference for this benchmark and is not installed: apt-get install -y nginx" >&2
  exit 1
fi
# The kernel's JVM flags, as install.sh's launcher sets them (the class-data archive left out: it fits the kernel only).
KERNEL_JAVA_OPTS="-Xms96m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4 -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8
  -Dstderr.encoding=UTF-8 -Djdk.httpclient.allowRestrictedHeaders=host -Dsun.net.httpserver.nodelay=true"
for flag in $KERNEL_JAVA_OPTS; do
  grep -qF -- "$flag" install.sh || echo "bench.sh: $flag is no longer in install.sh's launcher: update KERNEL_JAVA_OPTS" >&2
done
# One reactor run: the classpath names the sibling modules' target/classes and target/test-classes, never a jar of
# ours in ~/.m2 (which could be stale).
cpfile="target/bench.classpath"
mvn -B -q -pl "$module" -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
props=()
args=()
for arg in "$@"; do
  case "$arg" in -D*) props+=("$arg") ;; *) args+=("$arg") ;; esac
done
# shellcheck disable=SC2086 # the options are words
exec java ${BENCH_JAVA_OPTS-$KERNEL_JAVA_OPTS} "${props[@]}" -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/$cpfile")" \
  "io.brokerbook.bench.$name" "${args[@]}"
