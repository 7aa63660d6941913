# Sourced by ./previs, bench/run.sh and .ci/run: finds a JDK 21 or newer and exports JAVA_HOME and
# JAVA. Looks at $JAVA_HOME, then `java` on PATH, then the usual install folders, newest first.
# Prints exactly what it found wanting when there is none.

previs_java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
  [[ "$v" =~ ^1\. ]] && v=${v#1.}
  echo "${v%%.*}"
}

previs_find_java() {
  local need=21 candidates=() seen=() c major home
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  if command -v java >/dev/null 2>&1; then candidates+=("$(command -v java)"); fi
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
           "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -x "$d/bin/java" ]] && candidates+=("$d/bin/java")
  done
  local best="" best_major=0
  for c in "${candidates[@]}"; do
    [[ -x "$c" ]] || continue
    major=$(previs_java_major "$c" 2>/dev/null || echo 0)
    seen+=("$c (Java ${major:-?})")
    if [[ "${major:-0}" =~ ^[0-9]+$ ]] && (( major >= need && major > best_major )); then
      best=$c; best_major=$major
    fi
  done
  if [[ -z "$best" ]]; then
    echo "previs: needs a JDK $need or newer, and none was found." >&2
    if ((${#seen[@]})); then
      echo "  Found only:" >&2; printf '    %s\n' "${seen[@]}" >&2
    else
      echo "  No java at \$JAVA_HOME, on PATH, or under /usr/lib/jvm, /opt/java, ~/.sdkman." >&2
    fi
    echo "  Install one (e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21/25) or set JAVA_HOME." >&2
    return 1
  fi
  home=$(cd "$(dirname "$best")/.." && pwd)
  export JAVA_HOME="$home" JAVA="$home/bin/java"
}

previs_find_java || exit 1
