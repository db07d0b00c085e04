#!/usr/bin/env bash
# CPU cost of the piece picker over whole downloads of growing torrents (bench/picker/PickerCost.java),
# run as the launcher runs Bittern (same JIT flags, fresh JVM per size). BASELINE_JAR=path/to/older/core.jar
# adds the same runs against an older bittern-core, alternating, for a ratio in the same run.
#   bench/picker/run.sh        # about a minute
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/tools/jdk.sh"
bittern_find_jdk >/dev/null
(cd "$root" && mvn -B -q -o -ntp -DskipTests package -pl core >/dev/null) || { echo "run.sh: build failed" >&2; exit 1; }
core="$(ls "$root"/core/target/bittern-core-*.jar | grep -v tests | head -1)"
jit=(-XX:CompileThresholdScaling=4)
cases=("1024 1024 0" "1024 256 0" "4096 1024 0" "4096 256 0" "4096 256 8" "16384 256 0")
for c in "${cases[@]}"; do
  # shellcheck disable=SC2086
  printf 'bittern   %s\n' "$("$BITTERN_JAVA" "${jit[@]}" -cp "$core" "$root/bench/picker/PickerCost.java" $c)"
  if [ -n "${BASELINE_JAR:-}" ]; then
    # shellcheck disable=SC2086
    printf 'baseline  %s\n' "$("$BITTERN_JAVA" "${jit[@]}" -cp "$BASELINE_JAR" "$root/bench/picker/PickerCost.java" $c)"
  fi
done
