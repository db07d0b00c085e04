#!/usr/bin/env bash
# End-to-end torrent creation throughput, side by side in ONE run:
#   bittern create as users run it (./bittern: on JDK 25+ with its AOT start-up cache, on older JDKs
#   AppCDS), the same with JAVA_OPTS=-Xmx64m (memory does not grow with content), and plain
#   `java -jar cli/target/bittern.jar` (no start-up cache);
#   mktorrent -t 1 / -t 2, libtorrent create_torrent (python3-libtorrent), and the SHA-1
#   ceiling: openssl speed -evp sha1 on one core and on two cores (-multi 2).
# All tools hash the same file from the page cache with 256 KiB pieces (2^18).
#
#   bench/create/run.sh                 # 2 GiB file, 2 rounds (best of each kept)
#   SIZE_MIB=512 ROUNDS=1 bench/create/run.sh
# The data file is created once in $BENCH_DIR (default /tmp/bittern-bench-create) and reused.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/tools/jdk.sh"
bittern_find_jdk || exit 1

SIZE_MIB=${SIZE_MIB:-2048}
ROUNDS=${ROUNDS:-2}
work=${BENCH_DIR:-/tmp/bittern-bench-create}
py=/usr/bin/python3
ltscript="$root/core/src/test/resources/dev/bittern/create/libtorrent_create.py"
jar="$root/cli/target/bittern.jar"

for tool in /usr/bin/mktorrent "$py" openssl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
"$py" -c 'import libtorrent' || { echo "bench: $py has no libtorrent (apt-get install python3-libtorrent)" >&2; exit 1; }


mkdir -p "$work"
data="$work/data.bin"
bytes=$((SIZE_MIB * 1024 * 1024))
if [ ! -f "$data" ] || [ "$(stat -c %s "$data")" != "$bytes" ]; then
  echo "bench: writing $SIZE_MIB MiB of pseudo-random data to $data" >&2
  # AES-CTR keystream: incompressible and far faster than /dev/urandom.
  # head closes the pipe when done, so openssl ends with SIGPIPE: not an error here.
  (set +o pipefail; openssl enc -aes-128-ctr -nosalt -pass pass:bittern -in /dev/zero 2>/dev/null | head -c "$bytes" > "$data")
  [ "$(stat -c %s "$data")" = "$bytes" ] || { echo "bench: could not write $data" >&2; exit 1; }
fi
# Warm the page cache: every tool then hashes from memory.
cat "$data" > /dev/null; cat "$data" > /dev/null

declare -A best cpu
measure() { # label command... ; keeps the fastest wall time and the CPU time (user+sys) of that run
  local label=$1; shift
  local wall user sys
  /usr/bin/time -f "%e %U %S" -o "$work/$label.time" "$@" > "$work/$label.log" 2>&1 \
    || { echo "bench: $label failed:" >&2; cat "$work/$label.log" >&2; exit 1; }
  read -r wall user sys < <(tail -n1 "$work/$label.time")
  if [ -z "${best[$label]:-}" ] || awk -v x="$wall" -v y="${best[$label]}" 'BEGIN { exit !(x < y) }'; then
    best[$label]=$wall
    cp "$work/$label.log" "$work/$label.best.log"
    cpu[$label]=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  fi
}
openssl_gbs() { # extra openssl args...; prints GB/s at 16 KiB blocks
  openssl speed -seconds 3 "$@" -evp sha1 -bytes 16384 2>/dev/null | awk '/^sha1/ { v = $NF } END { sub("k", "", v); printf "%.3f", v * 1000 / 1e9 }'
}

# One untimed run through the launcher: it builds the jar if sources changed and creates its
# start-up cache (cli/target/bittern.aot or .jsa), as a user's first run does.
head -c 1000 "$data" > "$work/tiny.bin"
"$root/bittern" create "$work/tiny.bin" -o "$work/tiny.torrent" --force > /dev/null

labels=(bittern bittern-Xmx64m bittern-java-jar mktorrent-t1 mktorrent-t2 libtorrent)
for round in $(seq "$ROUNDS"); do
  echo "bench: round $round of $ROUNDS" >&2
  rm -f "$work"/*.torrent
  measure bittern        "$root/bittern" create "$data" -l 18 -t http://127.0.0.1:6969/announce -o "$work/bittern.torrent" --force
  measure bittern-Xmx64m env JAVA_OPTS=-Xmx64m "$root/bittern" create "$data" -l 18 -t http://127.0.0.1:6969/announce -o "$work/bittern64.torrent" --force
  measure bittern-java-jar "$BITTERN_JAVA" -jar "$jar" create "$data" -l 18 -t http://127.0.0.1:6969/announce -o "$work/bitternjar.torrent" --force
  # Start-up cost alone: the same command on a 1 KB file.
  measure start-bittern  "$root/bittern" create "$work/tiny.bin" -o "$work/tiny.torrent" --force
  measure start-java-jar "$BITTERN_JAVA" -jar "$jar" create "$work/tiny.bin" -o "$work/tiny.torrent" --force
  measure mktorrent-t1   /usr/bin/mktorrent -t 1 -l 18 -a http://127.0.0.1:6969/announce -o "$work/mk1.torrent" "$data"
  measure mktorrent-t2   /usr/bin/mktorrent -t 2 -l 18 -a http://127.0.0.1:6969/announce -o "$work/mk2.torrent" "$data"
  measure libtorrent     "$py" "$ltscript" create "$data" 262144 "$work/lt.torrent"
done
ssl1=$(openssl_gbs -elapsed)
ssl2=$(openssl_gbs -elapsed -multi 2)
ssl1cpu=$(openssl_gbs)

# Same content, same piece length: the info-hashes must agree, or the timings compare different work.
hash_of() { local all; all=$("$py" "$ltscript" load "$1"); echo "${all%%$'\n'*}"; }
h_b=$(hash_of "$work/bittern.torrent"); h_m=$(hash_of "$work/mk2.torrent"); h_l=$(hash_of "$work/lt.torrent")
h_j=$(hash_of "$work/bitternjar.torrent"); h_x=$(hash_of "$work/bittern64.torrent")
if [ "$h_b" != "$h_m" ] || [ "$h_b" != "$h_l" ] || [ "$h_b" != "$h_j" ] || [ "$h_b" != "$h_x" ]; then
  echo "bench: info-hashes differ: bittern $h_b / $h_x / $h_j, mktorrent $h_m, libtorrent $h_l" >&2; exit 1
fi

intrinsic=$("$BITTERN_JAVA" -XX:+UnlockDiagnosticVMOptions -XX:+PrintFlagsFinal -version 2>/dev/null | awk '/UseSHA1Intrinsics/ { print $4 }')
shani=$(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)
mk2=$(awk -v b="$bytes" -v s="${best[mktorrent-t2]}" 'BEGIN { printf "%.3f", b / s / 1e9 }')

echo "data: $SIZE_MIB MiB from page cache, 256 KiB pieces, best of $ROUNDS; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cache=none; [ -f "$root/cli/target/bittern.jsa" ] && cache="AppCDS $root/cli/target/bittern.jsa"
[ -f "$root/cli/target/bittern.aot" ] && cache="AOT cache $root/cli/target/bittern.aot"
echo "JDK: $("$BITTERN_JAVA" -version 2>&1 | head -n1); UseSHA1Intrinsics=$intrinsic; CPU sha_ni: $shani; info-hash $h_b (all tools agree)"
# Classes of the same 2 GiB command that did not come from the start-up cache (loaded and verified
# from the jar or the JDK image, or generated at run time such as picocli's annotation proxies).
JAVA_OPTS="-Xlog:class+load=info:file=$work/classload.txt" "$root/bittern" create "$data" -l 18 \
  -t http://127.0.0.1:6969/announce -o "$work/classload.torrent" --force > /dev/null
from_jar=$(grep -c 'source: file:' "$work/classload.txt" || true)
from_jdk=$(grep -c 'source: jrt:' "$work/classload.txt" || true)
generated=$(grep -v -e 'source: file:' -e 'source: jrt:' -e 'shared objects file' "$work/classload.txt" | grep -c 'source:' || true)
echo "./bittern start-up cache: $cache"
echo "classes not from the cache in one ./bittern create run: $from_jar from the jar, $from_jdk from the JDK, $generated generated at run time"
# GB/s: wall clock, end to end (process start to exit). GB/CPU-s: bytes per second of CPU time
# (user+sys), which other agents' load disturbs far less; openssl speed also divides by CPU time.
printf '%-32s %8s %8s %8s %10s %14s %9s\n' tool seconds GB/s CPU-s GB/CPU-s vs-mktorrent-t2 vs-openssl-2
for l in "${labels[@]}"; do
  awk -v l="$l" -v b="$bytes" -v s="${best[$l]}" -v c="${cpu[$l]}" -v m="$mk2" -v o="$ssl2" \
    'BEGIN { g = b / s / 1e9; printf "%-32s %8.2f %8.2f %8.2f %10.2f %13.0f%% %8.0f%%\n", l, s, g, c, b / c / 1e9, 100 * g / m, 100 * g / o }'
done
# bittern also reports its own hashing time (scan + hash, without JVM start-up) of that fastest run;
# "(not hashing)" is the rest of its wall time: JVM start-up, picocli, writing the torrent, exit.
for l in bittern bittern-Xmx64m bittern-java-jar; do
  sed -n 's/^hashed in \([0-9.]*\) s (\([0-9.]*\) GB\/s.*/\1 \2/p' "$work/$l.best.log" | awk -v l="$l" -v w="${best[$l]}" -v m="$mk2" -v o="$ssl2" \
    '{ printf "%-32s %8.2f %8.2f %8s %10s %13.0f%% %8.0f%%\n", l " (hashing only)", $1, $2, "-", "-", 100 * $2 / m, 100 * $2 / o
       printf "%-32s %8.2f\n", l " (not hashing)", w - $1 }'
done
awk -v g="$ssl1" -v c="$ssl1cpu" -v m="$mk2" -v o="$ssl2" 'BEGIN { printf "%-32s %8s %8.2f %8s %10.2f %13.0f%% %8.0f%%\n", "openssl speed 1 core", "-", g, "-", c, 100 * g / m, 100 * g / o }'
awk -v g="$ssl2" -v m="$mk2" 'BEGIN { printf "%-32s %8s %8.2f %8s %10s %13.0f%% %8.0f%%\n", "openssl speed 2 cores", "-", g, "-", "-", 100 * g / m, 100 }'
for l in start-bittern start-java-jar; do
  awk -v l="$l (1 KB file)" -v s="${best[$l]}" -v c="${cpu[$l]}" 'BEGIN { printf "%-32s %8.2f %8s %8.2f\n", l, s, "-", c }'
done
echo "openssl speed -evp sha1 -bytes 16384 -seconds 3: GB/s with -elapsed (wall clock; 2 cores = -multi 2), GB/CPU-s without it (divides by user CPU time)"
