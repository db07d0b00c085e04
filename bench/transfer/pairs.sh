#!/usr/bin/env bash
# A/B helper: N Bittern -> Bittern downloads of one SIZE_MIB file from one Bittern seed, through ./bittern,
# the downloaded copy deleted before each; prints the downloader's wall time, user and system CPU seconds and
# peak RSS (KiB) per pair. Arguments after N go to the downloader only, so alternating runs compare options:
#   bench/transfer/pairs.sh 4096 1; bench/transfer/pairs.sh 4096 1 --buffered-writes   (docs/benchmarks.md, "Session 7")
# Needs mktorrent and /usr/bin/time; the data lives in a temp folder under ${TMPDIR:-/tmp}, removed at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size="${1:?usage: pairs.sh SIZE_MIB N [DOWNLOAD_OPTION...]}"
n="${2:?usage: pairs.sh SIZE_MIB N [DOWNLOAD_OPTION...]}"
shift 2
for tool in mktorrent /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "pairs.sh: $tool is missing" >&2; exit 1; }
done
"$root/bittern" --version >/dev/null   # builds and trains the start-up cache if needed, untimed
w="$(mktemp -d "${TMPDIR:-/tmp}/bittern-pairs.XXXXXX")"
seed_pid=""
cleanup() {
  [ -z "$seed_pid" ] || { kill -TERM "$(pgrep -P "$seed_pid")" 2>/dev/null || kill "$seed_pid" 2>/dev/null || true; wait "$seed_pid" 2>/dev/null || true; }
  rm -rf "$w"
}
trap cleanup EXIT
mkdir -p "$w/seed"
head -c "$((size * 1024 * 1024))" /dev/urandom >"$w/seed/data.bin"
mktorrent -l 20 -t 2 -o "$w/data.torrent" "$w/seed/data.bin" >/dev/null
sync
port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$root/bittern" seed "$w/data.torrent" "$w/seed" --bind 127.0.0.1 --port "$port" --no-trackers >"$w/seed.log" 2>&1 &
seed_pid=$!
for _ in $(seq 600); do grep -q 'on port' "$w/seed.log" && break; sleep 0.1; done
grep -q 'on port' "$w/seed.log" || { echo "pairs.sh: the seed did not start; its log:" >&2; tail -20 "$w/seed.log" >&2; exit 1; }
echo "# $size MiB, downloader options: ${*:-(none)}"
for i in $(seq "$n"); do
  rm -rf "$w/dl"
  /usr/bin/time -f "%e %U %S %M" -o "$w/dl.time" "$root/bittern" download "$w/data.torrent" -o "$w/dl" \
    --peer "127.0.0.1:$port" --bind 127.0.0.1 --no-trackers --exit-on-complete "$@" >"$w/dl.log" 2>&1
  cmp -s "$w/seed/data.bin" "$w/dl/data.bin" || { echo "pairs.sh: pair $i: downloaded file differs" >&2; exit 1; }
  read -r wall user sys rss <"$w/dl.time"
  echo "pair $i: wall $wall s, user $user s, sys $sys s, peak RSS $((rss / 1024)) MiB"
done
