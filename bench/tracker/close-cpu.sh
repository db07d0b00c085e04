#!/usr/bin/env bash
# HTTP `Connection: close` announces: throughput AND CPU time per announce (user and system, from
# /proc/PID/stat) of `bittern tracker` and opentracker, interleaved for ROUNDS rounds in one run.
# CPU per announce moves far less with the machine's load than announces/s does. With
# BASELINE_JAR=path/to/other/bittern.jar a second bittern build is measured in the same rounds
# (A/B of a change). Same whitelist and wrk script as run.sh.
# Env: SECONDS_EACH (5), WARMUP (5), ROUNDS (3), THREADS (2), CONNECTIONS (64), TORRENTS (1000), HEAP (512m).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
secs="${SECONDS_EACH:-5}"; warm="${WARMUP:-5}"; rounds="${ROUNDS:-3}"; threads="${THREADS:-2}"
conns="${CONNECTIONS:-64}"; torrents="${TORRENTS:-1000}"; heap="${HEAP:-512m}"
bport="${BITTERN_PORT:-16969}"; oport="${OPENTRACKER_PORT:-16970}"; xport="${BASELINE_PORT:-16971}"

. "$root/bench/tracker/common.sh"
start_bittern "$root/cli/target/bittern.jar" "$bport" "$work/bittern.log"; bpid=$started_pid
names=(bittern opentracker); ports=("$bport" "$oport")
if [ -n "${BASELINE_JAR:-}" ]; then
  start_bittern "$BASELINE_JAR" "$xport" "$work/baseline.log"; xpid=$started_pid
  names+=(baseline); ports+=("$xport")
fi
sleep 0.5
# opentracker runs as a child of a subshell in common.sh; find it by its exact command line.
opid="$(pgrep -f "opentracker -i 127.0.0.1 -p $oport" | head -1)"
pid_of() { case "$1" in bittern) echo "$bpid";; opentracker) echo "$opid";; baseline) echo "$xpid";; esac; }

close_load() { # port seconds -> announces/s
  TORRENTS="$torrents" CLOSE=1 wrk -t"$threads" -c"$conns" -d"$2s" -s "$here/announce.lua" \
      "http://127.0.0.1:$1/announce" 2>&1 | awk '/Requests\/sec/ {printf "%.0f", $2}'
}
echo "bench: warming up (${warm}s each, Connection: close); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for i in "${!names[@]}"; do close_load "${ports[$i]}" "$warm" >/dev/null; done

printf '%-6s %-12s %10s %14s %14s\n' round tracker announces/s "user us/ann" "sys us/ann"
for r in $(seq 1 "$rounds"); do
  for i in "${!names[@]}"; do
    pid="$(pid_of "${names[$i]}")"
    read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
    n="$(close_load "${ports[$i]}" "$secs")"
    read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
    awk -v r="$r" -v name="${names[$i]}" -v n="$n" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v secs="$secs" \
        -v hz="$(getconf CLK_TCK)" 'BEGIN {
          printf "%-6s %-12s %10d %14.1f %14.1f\n", r, name, n, u * 1e6 / hz / (n * secs), s * 1e6 / hz / (n * secs) }'
  done
done
echo "bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
