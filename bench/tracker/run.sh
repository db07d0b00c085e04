#!/usr/bin/env bash
# Announce throughput of `bittern tracker` side by side with opentracker, in one run:
# HTTP with wrk (keep-alive and Connection: close) and UDP with UdpAnnounceLoad.java, the same
# connections, threads, torrents (a whitelist of TORRENTS info-hashes, which Debian's
# opentracker requires) and duration for both. Prints announces/s and the ratio.
# Env: SECONDS_EACH (10), WARMUP (5), THREADS (2), CONNECTIONS (64), TORRENTS (1000), HEAP (512m).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/tracker"
. "$root/tools/jdk.sh"
bittern_find_jdk
for tool in wrk opentracker; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done
secs="${SECONDS_EACH:-10}"; warm="${WARMUP:-5}"; threads="${THREADS:-2}"; conns="${CONNECTIONS:-64}"
torrents="${TORRENTS:-1000}"; heap="${HEAP:-512m}"
bport="${BITTERN_PORT:-16969}"; oport="${OPENTRACKER_PORT:-16970}"

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
"$BITTERN_JAVA" -Xmx"$heap" -jar "$root/cli/target/bittern.jar" tracker --bind 127.0.0.1 \
   --http-port "$bport" --udp-port "$bport" --allow-list "$work/whitelist" >"$work/bittern.log" 2>&1 & pids+=($!)
for i in $(seq 1 100); do
  grep -q 'UDP on' "$work/bittern.log" 2>/dev/null && break; sleep 0.1
done
sleep 0.5

http() { # name port close -> announces/s
  local out
  out="$(TORRENTS="$torrents" CLOSE="$3" wrk -t"$threads" -c"$conns" -d"${4:-$secs}s" -s "$here/announce.lua" \
         "http://127.0.0.1:$2/announce" 2>&1)"
  echo "$out" | grep -E 'Requests/sec|Socket errors|Non-2xx' | sed "s/^/  [$1 http close=$3] /" >&2
  echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}'
}
udp() { # name port -> announces/s
  local out
  out="$("$BITTERN_JAVA" "$here/UdpAnnounceLoad.java" 127.0.0.1 "$2" "$threads" "$conns" "$torrents" "${3:-$secs}")"
  echo "  [$1 udp] $out" >&2
  echo "$out" | sed -n 's/.*= \([0-9]*\) announces\/s/\1/p'
}

echo "bench: warming up both trackers (${warm}s each)" >&2
http bittern "$bport" 0 "$warm" >/dev/null; http opentracker "$oport" 0 "$warm" >/dev/null
udp bittern "$bport" "$warm" >/dev/null; udp opentracker "$oport" "$warm" >/dev/null

b_ka=$(http bittern "$bport" 0); o_ka=$(http opentracker "$oport" 0)
b_cl=$(http bittern "$bport" 1); o_cl=$(http opentracker "$oport" 1)
b_udp=$(udp bittern "$bport"); o_udp=$(udp opentracker "$oport")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '\n%-28s %12s %12s %8s\n' "announces/s (${threads} threads, ${conns} conns)" bittern opentracker ratio
printf '%-28s %12s %12s %8s\n' "HTTP keep-alive" "$b_ka" "$o_ka" "$(ratio "$b_ka" "$o_ka")"
printf '%-28s %12s %12s %8s\n' "HTTP Connection: close" "$b_cl" "$o_cl" "$(ratio "$b_cl" "$o_cl")"
printf '%-28s %12s %12s %8s\n' "UDP (BEP 15)" "$b_udp" "$o_udp" "$(ratio "$b_udp" "$o_udp")"
