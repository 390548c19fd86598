# Brokerbook's supervisor: keeps one child server (or a set of temp dirs) from outliving the JVM that started it.
# The JVM runs it as   sh -c "$(this file)" brokerbook-supervisor ORPHAN_GRACE [-r DIR]... -- [COMMAND [ARG]...]
#
# stdin   a pipe from the JVM, nothing else holds its write end. A line "stop GRACE" asks for a normal stop;
#         end of file means the JVM is gone, however it died (the OS closes the pipe even after SIGKILL).
#         Either way the server's process group gets SIGTERM, then SIGKILL after the grace (tenths of a
#         second: ORPHAN_GRACE when the JVM is gone); once the JVM is gone and the server with it, the -r DIRs
#         are removed. Without a COMMAND it only removes the DIRs when the JVM is gone.
# stdout  the server's stdout and stderr.
# stderr  one line, "started PID", once the server runs (in its own session and process group when setsid exists).
# exit    the server's exit status: 128+N when signal N ended it.
orphan_grace=$1
shift
dirs=
while [ "$1" = -r ]; do
    dirs="$dirs$2
"
    shift 2
done
[ "$1" = -- ] && shift

# A server dying beside this one (its own supervisor's grace) may still write into a dir while rm walks it: try
# again until the dir stays gone, for up to 10 s.
remove_dirs() {
    printf '%s' "$dirs" | while IFS= read -r dir; do
        [ -n "$dir" ] || continue
        tries=0
        while [ -e "$dir" ] && [ "$tries" -lt 100 ]; do
            rm -rf -- "$dir" 2>/dev/null
            tries=$((tries + 1))
            [ -e "$dir" ] && sleep 0.1
        done
    done
}

if [ $# -eq 0 ]; then
    read -r request || remove_dirs
    exit 0
fi

child=
grouped=
# Sends signal $1 to the server's process group, or to the server alone while it has none (no setsid, or not
# yet: between fork and exec the server is still a copy of this shell, which would swallow a TERM).
signal_server() {
    [ -n "$child" ] || return 0
    if kill "-$1" "-$child" 2>/dev/null; then
        grouped=1
    else
        kill "-$1" "$child" 2>/dev/null
    fi
}
# Traps are set before the server starts (it gets the default actions back). A Ctrl-C meant for the JVM's
# terminal is the JVM's to handle; TERM or HUP to this supervisor goes on to the server.
ending=
trap : INT
trap 'ending=1' USR1
trap 'signal_server TERM' TERM HUP
exec 3<&0
if command -v setsid >/dev/null 2>&1; then
    setsid "$@" </dev/null 3<&- 2>&1 &
else
    "$@" </dev/null 3<&- 2>&1 &
fi
child=$!
echo "started $child" >&2
exec 2>/dev/null

(
    trap - USR1 TERM HUP
    if read -r request grace <&3; then
        orphaned=
    else
        orphaned=1
        grace=$orphan_grace
    fi
    kill -USR1 $$
    signal_server TERM
    while [ "$grace" -gt 0 ] && kill -0 "$child" 2>/dev/null; do
        sleep 0.1
        grace=$((grace - 1))
        [ -z "$grouped" ] && signal_server TERM
    done
    signal_server KILL
    if [ -n "$orphaned" ]; then
        while kill -0 "$child" 2>/dev/null; do
            sleep 0.1
        done
        remove_dirs
    fi
) &
watcher=$!
exec 3<&-

while :; do
    wait "$child"
    status=$?
    kill -0 "$child" 2>/dev/null || break
done
# The server ended on its own: the watcher has nothing left to do (KILL: it may not have reset its traps yet).
[ -z "$ending" ] && kill -KILL "$watcher" 2>/dev/null
wait "$watcher"
exit "$status"
