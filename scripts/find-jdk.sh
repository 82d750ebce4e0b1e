# Sourced by ./ibmb, ./build and .ci/run: sets IBMB_JAVA to a JDK 25+ java binary and exports JAVA_HOME.
# Order: $JAVA_HOME, then /usr/lib/jvm/*25*, then `java` on PATH if it is 25 or newer.
_ibmb_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
_ibmb_ok() {
  local bin="$1" major
  [ -x "$bin" ] || return 1
  major=$(_ibmb_java_major "$bin")
  [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null
}
IBMB_JAVA=""
if [ -n "${JAVA_HOME:-}" ] && _ibmb_ok "$JAVA_HOME/bin/java"; then
  IBMB_JAVA="$JAVA_HOME/bin/java"
else
  for d in /usr/lib/jvm/*25* /usr/lib/jvm/*-2[6-9]* /usr/lib/jvm/*-3[0-9]*; do
    if [ -d "$d" ] && _ibmb_ok "$d/bin/java"; then
      IBMB_JAVA="$d/bin/java"; export JAVA_HOME="$d"; break
    fi
  done
  if [ -z "$IBMB_JAVA" ] && command -v java >/dev/null 2>&1 && _ibmb_ok "$(command -v java)"; then
    IBMB_JAVA="$(command -v java)"
    export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$IBMB_JAVA")")")"
  fi
fi
if [ -z "$IBMB_JAVA" ]; then
  echo "ibmb: no JDK 25 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/*25*, and java on PATH)." >&2
  echo "ibmb: install Temurin 25 (or set JAVA_HOME to a JDK 25+) and try again." >&2
  exit 2
fi
