#!/usr/bin/env bash
# Announce throughput of `bittern tracker` side by side with opentracker, in one run:
# HTTP with wrk (keep-alive and Connection: close) and UDP with UdpAnnounceLoad.java, the same
# connections, threads, torrents (a whitelist of TORRENTS info-hashes, which Debian's
# opentracker requires) and duration for both.
# Fairness on a noisy machine: each server is first warmed up in every mode (the JVM's JIT needs
# it, opentracker does not but gets the same), then ROUNDS rounds; in each round and mode both
# servers run back to back, the one that starts alternating between rounds. The table shows the
# median announces/s of each and the MEDIAN OF THE PER-ROUND RATIOS (each ratio compares two runs
# a few seconds apart, so a load change from other processes hits both sides alike).
# Env: SECONDS_EACH (6), WARMUP (5), ROUNDS (5), THREADS (2), CONNECTIONS (64), TORRENTS (1000),
#      HEAP (512m), MODES ("keepalive close udp").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
secs="${SECONDS_EACH:-6}"; warm="${WARMUP:-5}"; rounds="${ROUNDS:-5}"; modes="${MODES:-keepalive close udp}"; threads="${THREADS:-2}"; conns="${CONNECTIONS:-64}"
torrents="${TORRENTS:-1000}"; heap="${HEAP:-512m}"
bport="${BITTERN_PORT:-16969}"; oport="${OPENTRACKER_PORT:-16970}"

. "$root/bench/tracker/common.sh"
start_bittern "$root/cli/target/bittern.jar" "$bport" "$work/bittern.log"
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

measure() { # mode name port seconds -> announces/s
  case "$1" in
    keepalive) http "$2" "$3" 0 "$4";;
    close) http "$2" "$3" 1 "$4";;
    udp) udp "$2" "$3" "$4";;
  esac
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for mode in $modes; do
  echo "bench: warming up both trackers, $mode (${warm}s each)" >&2
  measure "$mode" bittern "$bport" "$warm" >/dev/null
  measure "$mode" opentracker "$oport" "$warm" >/dev/null
done
declare -A b_all o_all r_all
for r in $(seq 1 "$rounds"); do
  for mode in $modes; do
    if [ $((r % 2)) -eq 1 ]; then
      b=$(measure "$mode" bittern "$bport" "$secs"); o=$(measure "$mode" opentracker "$oport" "$secs")
    else
      o=$(measure "$mode" opentracker "$oport" "$secs"); b=$(measure "$mode" bittern "$bport" "$secs")
    fi
    b_all[$mode]+="$b "; o_all[$mode]+="$o "; r_all[$mode]+="$(ratio "$b" "$o") "
    echo "bench: round $r $mode: bittern $b opentracker $o ratio $(ratio "$b" "$o")" >&2
  done
done
echo "bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

printf '\n%-26s %10s %12s %8s   %s\n' "median of $rounds rounds" bittern opentracker ratio "per-round ratios (${threads} threads, ${conns} conns, ${secs}s)"
for mode in $modes; do
  case "$mode" in keepalive) label="HTTP keep-alive";; close) label="HTTP Connection: close";; udp) label="UDP (BEP 15)";; esac
  printf '%-26s %10s %12s %8s   %s\n' "$label" \
    "$(tr ' ' '\n' <<<"${b_all[$mode]}" | grep . | median)" "$(tr ' ' '\n' <<<"${o_all[$mode]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${r_all[$mode]}" | grep . | median)" "${r_all[$mode]}"
done
