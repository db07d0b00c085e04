# Sourced by ./bittern, ./run-tests and bench scripts: picks a JDK >= 21.
# JAVA_HOME wins when it is one; otherwise the newest JDK under /usr/lib/jvm.
# On success sets JAVA_HOME and BITTERN_JAVA; on failure prints what is missing and returns 1.

bittern_jdk_major() { # $1 = java home; prints the feature version, or nothing
  local rel="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  printf '%s' "$v"
}

bittern_find_jdk() {
  local best="" best_v=0 h v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(bittern_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then best="$JAVA_HOME"; best_v=$v; fi
  fi
  if [ -z "$best" ]; then
    for h in /usr/lib/jvm/*; do
      [ -d "$h" ] && [ ! -L "$h" ] || continue
      v=$(bittern_jdk_major "$h")
      [ -n "$v" ] || continue
      if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$h"; best_v=$v; fi
    done
  fi
  if [ -z "$best" ]; then
    echo "bittern: no JDK 21 or newer found (JAVA_HOME='${JAVA_HOME:-}' and nothing suitable under /usr/lib/jvm)." >&2
    echo "bittern: install one, e.g. 'apt-get install openjdk-21-jdk-headless', or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  BITTERN_JAVA="$best/bin/java"
  # Maven 3.8 on JDK 24+ warns about sun.misc.Unsafe on every run; the noise hides real output.
  if [ "$best_v" -ge 24 ]; then
    case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow";; esac
  fi
  return 0
}
