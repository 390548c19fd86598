#!/usr/bin/env bash
# Brokerbook installer: builds the kernel, makes sure a Jupyter exists, installs the kernelspec.
#   ./install.sh               build + install the "brokerbook" kernelspec (safe to re-run)
#   ./install.sh --run         the same, then execute the class Activity notebook headless
#   ./install.sh --uninstall   remove the kernelspec
# Environment: PIP_INDEX_URL (package index for the .venv), BROKERBOOK_JAVA_OPTS (extra JVM options,
# read each time the kernel starts), BROKERBOOK_KERNEL_JAVA=/path/to/bin/java (the java the kernel runs
# with; default: the newest JDK >= 17 with JShell found here), BROKERBOOK_SKIP_BUILD=1 (reuse an existing
# build), BROKERBOOK_SKIP_CDS=1 (keep an existing class-data archive / AOT cache instead of training one).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
KERNEL_NAME=brokerbook

die() { echo "install.sh: $*" >&2; exit 1; }

find_jupyter() {
  if [ -x "$ROOT/.venv/bin/jupyter" ]; then
    echo "$ROOT/.venv/bin/jupyter"
  elif command -v jupyter >/dev/null 2>&1 && jupyter kernelspec --version >/dev/null 2>&1; then
    command -v jupyter
  fi
}

mode=install
case "${1:-}" in
  --uninstall) mode=uninstall ;;
  --run) mode=run ;;
  ""|--install) ;;
  -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
  *) die "unknown option '$1' (use --run, --uninstall or no option)" ;;
esac

if [ "$mode" = uninstall ]; then
  J="$(find_jupyter)"
  [ -n "$J" ] || die "no Jupyter found (neither .venv/bin/jupyter nor jupyter on PATH): nothing to uninstall"
  "$J" kernelspec remove -y "$KERNEL_NAME" 2>/dev/null && echo "Removed the $KERNEL_NAME kernelspec." \
    || echo "The $KERNEL_NAME kernelspec was not installed."
  exit 0
fi

# --- prerequisites -----------------------------------------------------------------------------
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/java}"
[ -n "$JAVA_BIN" ] && [ -x "$JAVA_BIN" ] || JAVA_BIN="$(command -v java || true)"
[ -n "$JAVA_BIN" ] || die "Java 17 or newer is needed: install a JDK 17+ (e.g. apt-get install openjdk-17-jdk) and re-run."
JAVA_BIN="$(readlink -f "$JAVA_BIN")"
java_major="$("$JAVA_BIN" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)"
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || die "Java 17 or newer is needed, found Java ${java_major:-unknown} at $JAVA_BIN: install a JDK 17+ or set JAVA_HOME."
command -v mvn >/dev/null 2>&1 || die "Maven is needed to build: install it (e.g. apt-get install maven) and re-run."
command -v python3 >/dev/null 2>&1 || die "Python 3 is needed for Jupyter: install python3 (with venv) and re-run."

# The kernel's java: newer JDKs start JShell faster (JDK 25+ has the ahead-of-time cache, JEP 483/515), so the
# newest JDK >= 17 that has JShell wins; the build keeps using JAVA_HOME / PATH's java.
spec_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
has_jshell() { case "$("$1" --list-modules 2>/dev/null)" in *jdk.jshell@*) return 0 ;; *) return 1 ;; esac; }
if [ -n "${BROKERBOOK_KERNEL_JAVA:-}" ]; then
  KERNEL_JAVA="$(readlink -f "$BROKERBOOK_KERNEL_JAVA")"
  kernel_major="$(spec_major "$KERNEL_JAVA")"
  [ "${kernel_major:-0}" -ge 17 ] 2>/dev/null && has_jshell "$KERNEL_JAVA" \
    || die "BROKERBOOK_KERNEL_JAVA=$BROKERBOOK_KERNEL_JAVA is not a JDK 17+ with JShell."
  why="BROKERBOOK_KERNEL_JAVA"
else
  KERNEL_JAVA="$JAVA_BIN"; kernel_major="$java_major"
  for candidate in /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
                   "$HOME"/.sdkman/candidates/java/*/bin/java; do
    [ -x "$candidate" ] || continue
    candidate="$(readlink -f "$candidate")"
    [ "$candidate" = "$KERNEL_JAVA" ] && continue
    major="$(spec_major "$candidate")"
    if [ "${major:-0}" -gt "$kernel_major" ] 2>/dev/null && has_jshell "$candidate"; then
      KERNEL_JAVA="$candidate"; kernel_major="$major"
    fi
  done
  has_jshell "$KERNEL_JAVA" || die "$KERNEL_JAVA has no JShell (a JRE?): install a full JDK 17+."
  why="the newest JDK >= 17 with JShell found; BROKERBOOK_KERNEL_JAVA=/path/to/bin/java picks another"
fi
echo "The kernel runs with Java $kernel_major: $KERNEL_JAVA ($why)."

# --- build -------------------------------------------------------------------------------------
if [ "${BROKERBOOK_SKIP_BUILD:-0}" != 1 ] || [ ! -f kernel/target/brokerbook-kernel.jar ]; then
  echo "Building Brokerbook (mvn package)…"
  mvn -B -q -DskipTests package || die "the Maven build failed (see the output above)"
fi

# --- Jupyter -----------------------------------------------------------------------------------
JUPYTER="$(find_jupyter)"
if [ -z "$JUPYTER" ]; then
  echo "No Jupyter on PATH: creating $ROOT/.venv with jupyterlab, nbclient and jupyter_client…"
  python3 -m venv "$ROOT/.venv" || die "python3 -m venv failed: install the venv module (e.g. apt-get install python3-venv)."
  "$ROOT/.venv/bin/pip" install -q --disable-pip-version-check jupyterlab nbclient jupyter_client jupyter_console nbconvert ipykernel \
    || die "pip could not install Jupyter (set PIP_INDEX_URL to a reachable package index and re-run)"
  JUPYTER="$ROOT/.venv/bin/jupyter"
fi

# --- kernelspec --------------------------------------------------------------------------------
SPEC_DIR="$(mktemp -d)"
trap 'rm -rf "$SPEC_DIR"' EXIT
CLASSPATH_STR="$ROOT/kernel/target/brokerbook-kernel.jar:$ROOT/kernel/target/lib/*"
# Start-up archive of the classes a session loads: the JDK's ahead-of-time cache from JDK 25 on (classes loaded
# and linked, method profiles), AppCDS before that. Made by one training session below; it fits only this java.
if [ "$kernel_major" -ge 25 ]; then
  ARCHIVE="$ROOT/kernel/target/brokerbook-java$kernel_major.aot"
  USE_ARCHIVE="-XX:AOTCache=$ARCHIVE -Xlog:aot*=off -Xlog:cds*=off"
  TRAIN_OPTS="-XX:AOTCacheOutput=$ARCHIVE -Xlog:aot*=off -Xlog:cds*=off"
else
  ARCHIVE="$ROOT/kernel/target/brokerbook-java$kernel_major.jsa"
  USE_ARCHIVE="-XX:SharedArchiveFile=$ARCHIVE -Xlog:cds=off -Xlog:cds+dynamic=off"
  TRAIN_OPTS="-XX:ArchiveClassesAtExit=$ARCHIVE"
fi
cat > "$SPEC_DIR/brokerbook-kernel" <<LAUNCHER
#!/bin/sh
# Generated by install.sh. BROKERBOOK_JAVA picks another java; BROKERBOOK_JAVA_OPTS adds JVM options.
# JAVA is the java chosen at install time (Java $kernel_major); the start-up archive only fits that one.
# Only the C1 JIT by default: JShell's compiler warms up ~1.5x faster and the kernel stays ~50 MB
# smaller; long computations run slower (BROKERBOOK_JAVA_OPTS=-XX:TieredStopAtLevel=4 brings C2 back).
# CompileThresholdScaling=4: a method is compiled after 4x the calls, so C1 compiles fewer of the methods the
# start runs only a few times (~0.15 s less CPU to the first result on 2 cores).
JAVA="$KERNEL_JAVA"
STARTUP_ARCHIVE=""
if [ -z "\${BROKERBOOK_JAVA:-}" ] && [ "\${BROKERBOOK_CDS:-on}" != off ] && [ -f "$ARCHIVE" ]; then
  STARTUP_ARCHIVE="$USE_ARCHIVE"
fi
exec "\${BROKERBOOK_JAVA:-\$JAVA}" \$STARTUP_ARCHIVE -Xms96m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4 \\
  -XX:-UsePerfData -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8 -Dlog4j2.disableJmx=true \\
  -Djdk.httpclient.allowRestrictedHeaders=host -Dsun.net.httpserver.nodelay=true \\
  \${BROKERBOOK_JAVA_OPTS:-} -cp "$CLASSPATH_STR" io.brokerbook.kernel.Main "\$1"
LAUNCHER
chmod +x "$SPEC_DIR/brokerbook-kernel"
cat > "$SPEC_DIR/kernel.json" <<JSON
{
  "argv": ["{resource_dir}/brokerbook-kernel", "{connection_file}"],
  "display_name": "Java (Brokerbook)",
  "language": "java",
  "interrupt_mode": "message",
  "metadata": {"debugger": false}
}
JSON
"$JUPYTER" kernelspec install --user --replace --name "$KERNEL_NAME" "$SPEC_DIR" >/dev/null
# One training session records what a session loads (see scripts/train-cds.py).
if [ "${BROKERBOOK_SKIP_CDS:-0}" != 1 ] || [ ! -f "$ARCHIVE" ]; then
rm -f "$ARCHIVE"
JUPYTER_PYTHON="$(dirname "$JUPYTER")/python"
[ -x "$JUPYTER_PYTHON" ] || JUPYTER_PYTHON=python3
"$JUPYTER_PYTHON" "$ROOT/scripts/train-cds.py" "$ARCHIVE" "$TRAIN_OPTS" >/dev/null 2>&1 && [ -f "$ARCHIVE" ] \
  || echo "install.sh: note: could not create the start-up archive; the kernel works, it only starts slower."
fi
echo "Installed the '$KERNEL_NAME' kernel (Java (Brokerbook)) for $JUPYTER."
echo "Open Jupyter with: $JUPYTER lab"

if [ "$mode" = run ]; then
  exec "$ROOT/scripts/run-activity.sh"
fi
