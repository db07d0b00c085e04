# Runs every Jazzer @FuzzTest in fuzzing mode for its bounded maxDuration, one JVM each
# (Jazzer fuzzes one test per JVM). Regression inputs also run in the normal `mvn verify`.
# Expects `mvn install -DskipTests` to have run. Convention: one @FuzzTest method per class.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
failed=()
while IFS= read -r f; do
  module="${f%%/src/test/java/*}"
  cls="${f#*/src/test/java/}"; cls="${cls%.java}"; cls="${cls//\//.}"
  echo "fuzz: $cls ($module)"
  if ! JAZZER_FUZZ=1 mvn -B -q -ntp -o -pl "$module" surefire:test -Dtest="$cls" \
        -Dsurefire.failIfNoSpecifiedTests=false >"/tmp/fuzz-${cls}.log" 2>&1; then
    echo "fuzz: FAILED $cls — output follows" >&2
    grep -v '^\s*at ' "/tmp/fuzz-${cls}.log" | tail -40 >&2
    failed+=("$cls")
  else
    grep -ah 'Done [0-9]* runs' "/tmp/fuzz-${cls}.log" | sed 's/^/fuzz:   /' || true
  fi
done < <(grep -rl --include='*.java' '@FuzzTest' -- */src/test/java | sort)
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} fuzz target(s) found a failure: ${failed[*]}" >&2
  exit 1
fi
