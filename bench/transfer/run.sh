#!/usr/bin/env bash
# Peer transfer benchmark on loopback, side by side in ONE run:
#   libtorrent->libtorrent (reference), libtorrent->bittern, bittern->libtorrent, bittern->bittern.
# For each pair: one seed, one downloader connected directly (no tracker); the downloader's wall time
# from start to exit (it exits once every piece is verified), MB/s = size / wall time, CPU seconds
# (user+sys) and peak RSS of seed and downloader from /usr/bin/time -v.
#
# Usage: [ROUNDS=N] bench/transfer/run.sh [SIZE_MIB ...]     (default: 1024, one round)
#   e.g. bench/transfer/run.sh 1024 4096;  ROUNDS=5 bench/transfer/run.sh 1024
# ROUNDS=N runs every pair N times per size, the order of the pairs rotated each round (the first
# pair after a fresh file has paid for effects the others did not), and ends with a summary per pair:
# median wall time, the median over rounds of its ratio to lt->lt in the same round, and the median
# downloader CPU seconds and peak RSS.
# Needs /usr/bin/python3 with libtorrent, mktorrent, /usr/bin/time. Data lives in a temp folder
# under ${TMPDIR:-/tmp} (SIZE x 5 bytes of disk) and is removed at the end. JAVA_OPTS is passed to Bittern.
# Bittern runs as users run it: through ./bittern (JDK 25+: with its AOT start-up cache and its SHA-1
# JIT flags); /usr/bin/time measures the JVM, which the launcher execs.
# BASELINE_JAR=path/to/other/bittern.jar adds "baseline -> baseline" rows (an older build, e.g. main's
# cli/target/bittern.jar copied aside) measured in the same run, right after bittern -> bittern; a
# baseline runs as `java -jar` (no start-up cache) unless BASELINE_OPTS gives it one, e.g.
# BASELINE_OPTS="-XX:AOTCache=/tmp/base.aot".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/tools/jdk.sh"
bittern_find_jdk >/dev/null
lt_peer="$root/core/src/test/resources/interop/lt_peer.py"
for tool in /usr/bin/python3 mktorrent /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }
done
/usr/bin/python3 -c 'import libtorrent' || { echo "run.sh: /usr/bin/python3 has no libtorrent (apt-get install python3-libtorrent)" >&2; exit 1; }
jar="$root/cli/target/bittern.jar"
baseline_jar="${BASELINE_JAR:-}"
if [ -n "$baseline_jar" ] && [ ! -f "$baseline_jar" ]; then
  echo "run.sh: BASELINE_JAR $baseline_jar does not exist" >&2; exit 1
fi
# Built with -DskipTests (not maven.test.skip): the tracker module needs bittern-core's test-jar.
(cd "$root" && mvn -B -q -o -ntp -DskipTests package -pl cli -am >/dev/null) || { echo "run.sh: build failed" >&2; exit 1; }
# One untimed run through the launcher: it (re)trains the start-up cache after a build, as a user's
# first run does.
"$root/bittern" --version >/dev/null
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1024)

work="$(mktemp -d "${TMPDIR:-/tmp}/bittern-transfer.XXXXXX")"
hold="$work/hold"
mkfifo "$hold"
exec 3<>"$hold"   # libtorrent peers exit when stdin closes; this keeps it open until the end
pids=()
cleanup() {
  exec 3>&- || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Waits (bounded) until FILE contains a line matching REGEX.
await() {
  local file="$1" regex="$2" secs="$3" i=0
  while ! grep -qE "$regex" "$file" 2>/dev/null; do
    i=$((i + 1))
    if [ "$i" -gt $((secs * 10)) ]; then
      echo "run.sh: no '$regex' in $file within ${secs}s; last lines:" >&2; tail -20 "$file" >&2; exit 1
    fi
    sleep 0.1
  done
}

# cpu_rss TIMEFILE -> "CPU_SECONDS PEAK_RSS_MIB"
cpu_rss() {
  awk -F': ' '/User time/{u=$2} /System time/{s=$2} /Maximum resident/{r=$2} END{printf "%.1f %d", u+s, r/1024}' "$1"
}

median() { # numbers as arguments -> their median
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# The command line that starts Bittern KIND: "bittern" (this tree, through the launcher) or
# "baseline" (BASELINE_JAR through plain java).
bittern_cmd() {
  if [ "$1" = baseline ]; then
    # shellcheck disable=SC2206
    cmd=("$BITTERN_JAVA" ${JAVA_OPTS:-} ${BASELINE_OPTS:-} -jar "$baseline_jar")
  else
    cmd=("$root/bittern")
  fi
}

start_seed() { # KIND TORRENT DIR PORT TAG
  local kind="$1" t="$2" dir="$3" port="$4" tag="$5"
  if [ "$kind" = libtorrent ]; then
    /usr/bin/time -v -o "$work/$tag.time" /usr/bin/python3 "$lt_peer" run --torrent "$t" --dir "$dir" --seed \
      --port "$port" --interval 5 --timeout 3600 <"$hold" 3>&- >"$work/$tag.log" 2>&1 &
    pids+=($!); seed_pid=$!
    await "$work/$tag.log" '^seeding$' 600
  else
    bittern_cmd "$kind"
    /usr/bin/time -v -o "$work/$tag.time" "${cmd[@]}" seed "$t" "$dir" \
      --bind 127.0.0.1 --port "$port" --no-trackers 3>&- >"$work/$tag.log" 2>&1 &
    pids+=($!); seed_pid=$!
    await "$work/$tag.log" 'bittern seed: .* on port' 600
  fi
}

stop_seed() { # KIND
  if [ "$1" = libtorrent ]; then
    # closing its stdin ends lt_peer.py; reopen the hold fifo for the next pair
    exec 3>&-; wait "$seed_pid" || true; exec 3<>"$hold"
  else
    local java_pid
    java_pid="$(pgrep -P "$seed_pid" || true)"
    [ -n "$java_pid" ] && kill -TERM "$java_pid"
    wait "$seed_pid" || true
  fi
}

download() { # KIND TORRENT DIR PORT TAG
  local kind="$1" t="$2" dir="$3" port="$4" tag="$5"
  if [ "$kind" = libtorrent ]; then
    /usr/bin/time -v -o "$work/$tag.time" /usr/bin/python3 "$lt_peer" run --torrent "$t" --dir "$dir" \
      --peer "127.0.0.1:$port" --interval 5 --timeout 3600 --exit-when-finished <"$hold" 3>&- >"$work/$tag.log" 2>&1
  else
    bittern_cmd "$kind"
    /usr/bin/time -v -o "$work/$tag.time" "${cmd[@]}" download "$t" -o "$dir" \
      --peer "127.0.0.1:$port" --bind 127.0.0.1 --no-trackers --exit-on-complete 3>&- >"$work/$tag.log" 2>&1
  fi
}

rounds="${ROUNDS:-1}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: ROUNDS must be a positive integer, got '$rounds'" >&2; exit 1; }

# One pair: seed KIND S, downloader KIND D; sets wall, dcpu, drss, scpu, srss.
run_pair() { # S D SIZE TAG
  local s="$1" d="$2" size="$3" tag="$4" port t0 t1
  port="$(free_port)"
  rm -rf "$work/seed/.bittern" "$work/dl"
  start_seed "$s" "$work/data.torrent" "$work/seed" "$port" "$tag-seed"
  t0=$(date +%s.%N)
  download "$d" "$work/data.torrent" "$work/dl" "$port" "$tag-dl"
  t1=$(date +%s.%N)
  stop_seed "$s"
  cmp -s "$work/seed/data.bin" "$work/dl/data.bin" || { echo "run.sh: $s -> $d: downloaded file differs" >&2; tail -20 "$work/$tag-dl.log" >&2; exit 1; }
  wall=$(echo "$t1 - $t0" | bc -l)
  read -r dcpu drss <<<"$(cpu_rss "$work/$tag-dl.time")"
  read -r scpu srss <<<"$(cpu_rss "$work/$tag-seed.time")"
  rm -rf "$work/dl"
  sync # no pair inherits the previous one's writeback
}

echo "# Peer transfer on loopback ($(nproc) cores, $(uname -r)); machine shared with other jobs: figures are noisy"
echo "# bittern JAVA_OPTS='${JAVA_OPTS:-}'  java: $("$BITTERN_JAVA" -version 2>&1 | head -1)"
[ -z "$baseline_jar" ] || echo "# baseline: $baseline_jar"
echo "# rounds: $rounds"
echo
printf '| size | round | seed -> downloader | wall s | MB/s | ratio to lt->lt | downloader CPU s | downloader peak RSS MiB | seed CPU s | seed peak RSS MiB |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
summary=()
for size in "${sizes[@]}"; do
  mkdir -p "$work/seed"
  head -c "$((size * 1024 * 1024))" /dev/urandom >"$work/seed/data.bin"
  mktorrent -l 20 -t 2 -o "$work/data.torrent" "$work/seed/data.bin" >/dev/null
  # The fresh file is still being written back to the disk; without this the kernel's writeback
  # of SIZE bytes would run during the first pair only.
  sync
  pairs=(libtorrent:libtorrent libtorrent:bittern bittern:libtorrent bittern:bittern)
  [ -z "$baseline_jar" ] || pairs+=(baseline:baseline)
  n=${#pairs[@]}
  declare -A walls=() ratios=() cpus=() rsss=()
  for ((r = 0; r < rounds; r++)); do
    declare -A row=() secs=() dc=() dr=()
    for ((k = 0; k < n; k++)); do
      pair="${pairs[$(((k + r) % n))]}"
      s="${pair%%:*}"; d="${pair##*:}"
      run_pair "$s" "$d" "$size" "$size-$r-$s-$d"
      secs[$pair]="$wall"
      row[$pair]="$dcpu | $drss | $scpu | $srss"
      dc[$pair]="$dcpu"; dr[$pair]="$drss"
    done
    for pair in "${pairs[@]}"; do
      ratio=$(echo "${secs[libtorrent:libtorrent]} / ${secs[$pair]}" | bc -l)
      printf '| %d MiB | %d | %s -> %s | %.1f | %.0f | %.2f | %s |\n' "$size" "$((r + 1))" "${pair%%:*}" "${pair##*:}" \
        "${secs[$pair]}" "$(echo "$size * 1.048576 / ${secs[$pair]}" | bc -l)" "$ratio" "${row[$pair]}"
      walls[$pair]+=" ${secs[$pair]}"; ratios[$pair]+=" $ratio"; cpus[$pair]+=" ${dc[$pair]}"; rsss[$pair]+=" ${dr[$pair]}"
    done
    unset row secs dc dr
  done
  for pair in "${pairs[@]}"; do
    summary+=("$(printf '| %d MiB | %s -> %s | %d | %.2f | %.2f | %s| %.2f | %.0f |' "$size" "${pair%%:*}" "${pair##*:}" "$rounds" \
      "$(median ${walls[$pair]})" "$(median ${ratios[$pair]})" "$(printf '%.2f ' ${ratios[$pair]})" \
      "$(median ${cpus[$pair]})" "$(median ${rsss[$pair]})")")
  done
  unset walls ratios cpus rsss
  rm -rf "$work/seed" "$work/data.torrent"
done
if [ "$rounds" -gt 1 ]; then
  echo
  printf '| size | seed -> downloader | rounds | median wall s | median ratio to lt->lt | ratio per round | median downloader CPU s | median downloader peak RSS MiB |\n'
  printf '|---|---|---|---|---|---|---|---|\n'
  printf '%s\n' "${summary[@]}"
fi
