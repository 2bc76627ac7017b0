# Sourced by ./tether and ./mvnw: sets JAVA_HOME to a JDK 21 or newer, or explains what to install.
# Order: $JAVA_HOME, `java` on the PATH, then the newest JDK under /usr/lib/jvm (and macOS's JDK folder).
# With TETHER_NEEDS_JAVAC=1 only full JDKs (with javac) count.

tether_java_major() { # the major version of java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

tether_java_fits() { # is $1 a Java home of version 21+ (with javac if needed)?
  local major
  [ -x "$1/bin/java" ] || return 1
  [ "${TETHER_NEEDS_JAVAC:-0}" = 0 ] || [ -x "$1/bin/javac" ] || return 1
  major=$(tether_java_major "$1/bin/java")
  [ "${major:-0}" -ge 21 ] 2>/dev/null
}

tether_find_java() {
  local noglob=0 rc=0
  case $- in *f*) noglob=1; set +f ;; esac  # mvnw runs with globbing off; /usr/lib/jvm/* needs it
  tether_pick_java || rc=$?
  if [ "$noglob" = 1 ]; then set -f; fi
  return $rc
}

tether_pick_java() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && tether_java_fits "$JAVA_HOME"; then
    return 0
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(cd "$(dirname "$(readlink -f "$(command -v java)")")/.." && pwd)
    if tether_java_fits "$candidate"; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  fi
  # TETHER_JDK_DIRS replaces the folders searched (used by the launcher's own test)
  for candidate in ${TETHER_JDK_DIRS:-/usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home}; do
    tether_java_fits "$candidate" || continue
    major=$(tether_java_major "$candidate/bin/java")
    if [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    cat >&2 <<'MSG'
Tether needs a Java Development Kit (JDK) 21 or newer, and none was found
(looked at $JAVA_HOME, `java` on the PATH, and /usr/lib/jvm).
Install one, then run this command again:
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk-headless   (or temurin-21-jdk from adoptium.net)
  Fedora/RHEL:    sudo dnf install java-21-openjdk-devel
  macOS:          brew install openjdk@21
Or point JAVA_HOME at a JDK 21+ you already have.
MSG
    return 1
  fi
  export JAVA_HOME="$best"
}
