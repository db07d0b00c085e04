# Shared set-up of bench/tracker/run.sh and close-cpu.sh (sourced, not run): JDK, tools, build,
# a work folder cleaned up on exit, the info-hash whitelist, and starting opentracker and bittern.
# Expects root, torrents, heap and oport to be set by the caller.
here="$root/bench/tracker"
. "$root/tools/jdk.sh"
bittern_find_jdk
for tool in wrk opentracker; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

# -DskipTests, not ./bittern: its -Dmaven.test.skip build cannot resolve the core test-jar.
(cd "$root" && mvn -B -q -ntp -o -pl cli -am package -DskipTests >/dev/null)
work="$(mktemp -d)"; chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

python3 -c "
import sys
for i in range(int(sys.argv[1])): print(('bittern-bench-%06d' % i).encode().hex())" "$torrents" >"$work/whitelist"
chmod 644 "$work/whitelist"

# opentracker chroots into -d and drops to nobody; the whitelist path is relative to that.
(cd "$work" && exec opentracker -i 127.0.0.1 -p "$oport" -P "$oport" -w whitelist -u nobody -d "$work" \
   >"$work/opentracker.log" 2>&1) & pids+=($!)

start_bittern() { # jar port log -> sets started_pid once its UDP port is open
  "$BITTERN_JAVA" -Xmx"$heap" -jar "$1" tracker --bind 127.0.0.1 --http-port "$2" --udp-port "$2" \
     --allow-list "$work/whitelist" >"$3" 2>&1 & started_pid=$!; pids+=($started_pid)
  for i in $(seq 1 100); do grep -q 'UDP on' "$3" 2>/dev/null && break; sleep 0.1; done
}
