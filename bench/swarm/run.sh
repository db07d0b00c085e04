#!/usr/bin/env bash
# The file-distribution experiment side by side in ONE run: the same swarm (one seed, N leechers,
# F bytes, seed upload u_s, leecher upload u_i, each peer rate-limited, on 127.0.0.1, through a
# tracker) with Bittern peers (`bittern swarm`) and with libtorrent 2.0 peers (bench/swarm/lt_swarm.py,
# all sessions in one python3 process, announcing to `bittern tracker`). For each: the last peer's
# completion time, the lecture's P2P bound max(F/u_s, N*F/(u_s + N*u_i)), their ratio, and the
# leechers' mean upload rate while downloading (it must stay below u_i: proof that the limits apply).
#
# Usage: bench/swarm/run.sh [N ...]      (default: 10 20)
# Environment: SIZE_MIB (64), SEED_UP_KIB (4096), PEER_UP_KIB (1024), REPEAT (1).
# Needs /usr/bin/python3 with libtorrent. Takes about 2 x 1 minute per N on a quiet machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size_mib="${SIZE_MIB:-64}"
seed_up_kib="${SEED_UP_KIB:-4096}"
peer_up_kib="${PEER_UP_KIB:-1024}"
repeat="${REPEAT:-1}"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10 20)
/usr/bin/python3 -c 'import libtorrent' || { echo "run.sh: /usr/bin/python3 has no libtorrent (apt-get install python3-libtorrent)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/bittern-swarm-bench.XXXXXX")"
tracker_pid=""
cleanup() {
  if [ -n "$tracker_pid" ]; then kill "$tracker_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$root/bittern" --version >/dev/null   # builds the CLI once, outside the timed runs

port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$root/bittern" tracker --bind 127.0.0.1 --http-port "$port" --no-udp --interval 60 >"$work/tracker.log" 2>&1 &
tracker_pid=$!
for _ in $(seq 1 100); do
  grep -q . "$work/tracker.log" 2>/dev/null && break
  sleep 0.1
done

printf '%-9s %4s %10s %10s %7s %14s\n' client N "last (s)" "bound (s)" ratio "mean up/u_i"
for n in "${counts[@]}"; do
  for r in $(seq 1 "$repeat"); do
    out="$work/bittern-$n-$r"
    "$root/bittern" swarm --peers "$n" --size "${size_mib}MiB" --seed-up "${seed_up_kib}KiB" \
      --peer-up "${peer_up_kib}KiB" --out "$out" >"$work/bittern-$n-$r.log" 2>&1 \
      || { echo "run.sh: bittern swarm failed:" >&2; tail -20 "$work/bittern-$n-$r.log" >&2; exit 1; }
    last="$(sed -n 's/^last completion: \([0-9.]*\) s$/\1/p' "$work/bittern-$n-$r.log")"
    bound="$(sed -n 's/^P2P bound: .* = \([0-9.]*\) s$/\1/p' "$work/bittern-$n-$r.log")"
    # Mean upload while downloading, from the timeline: bytes uploaded are not in it, so the 20-s
    # average rate of each leecher's last sample before completion is used.
    up="$(awk -F, -v cap=$((peer_up_kib * 1024)) 'NR > 1 && $8 != "" && $3 <= $8 { last[$1] = $6 }
           END { s = 0; n = 0; for (p in last) { s += last[p]; n++ } if (n) printf "%.2f", s / n / cap }' "$out/timeline.csv")"
    printf '%-9s %4d %10s %10s %7s %14s\n' bittern "$n" "$last" "$bound" \
      "$(awk -v a="$last" -v b="$bound" 'BEGIN { printf "%.3f", a / b }')" "$up"

    lt_log="$work/libtorrent-$n-$r.log"
    /usr/bin/python3 "$root/bench/swarm/lt_swarm.py" --peers "$n" --size $((size_mib << 20)) \
      --seed-up $((seed_up_kib * 1024)) --peer-up $((peer_up_kib * 1024)) \
      --tracker "http://127.0.0.1:$port/announce" --dir "$work/lt-$n-$r" --timeout 600 >"$lt_log" 2>&1 \
      || { echo "run.sh: libtorrent swarm failed:" >&2; tail -20 "$lt_log" >&2; exit 1; }
    read -r _ _ lt_last lt_bound lt_ratio lt_up lt_max < <(grep '^result ' "$lt_log")
    printf '%-9s %4d %10s %10s %7s %14s\n' libtorrent "$n" "$lt_last" "$lt_bound" "$lt_ratio" \
      "$(awk -v u="$lt_up" -v cap=$((peer_up_kib * 1024)) 'BEGIN { printf "%.2f", u / cap }')"
    rm -rf "$work/lt-$n-$r" "$out"
  done
done
