#!/usr/bin/env bash
# Runs inside the simulator container (task cloudstack:fix-socket). The management server's log4j setup can
# carry a Socket appender that sends events to localhost:4560; with no log receiver there, log4j prints
#   ERROR TcpSocketManager (TCP:localhost:4560) ... Unable to create socket for localhost at port 4560
# over and over. This script says what holds port 4560, turns every Socket appender off in the log4j
# configuration files it finds (keeping a .bak-cloudstack-mcp copy of each), frees the port when asked
# (--free-port), and restarts the management server when it changed something. It says what it did.
#
# Environment: LOG4J_SEARCH_PATHS (where to look), RESTART_COMMAND (how to restart; detected when empty).
set -euo pipefail

PORT=4560
LOG4J_SEARCH_PATHS=${LOG4J_SEARCH_PATHS:-/root/client/target /root/client/conf /root/utils/conf /etc/cloudstack /usr/share/cloudstack-management/conf}
RESTART_COMMAND=${RESTART_COMMAND:-}
free_port=false
for arg in "$@"; do
  case $arg in
    --free-port) free_port=true ;;
    *)
      echo "usage: fix-socket.sh [--free-port]" >&2
      exit 2
      ;;
  esac
done

changed=false

# 1. What holds the port.
holder=""
if command -v ss >/dev/null 2>&1; then
  holder=$(ss -ltnpH "sport = :$PORT" 2>/dev/null || true)
fi
if [[ -z $holder ]]; then
  echo "• nothing listens on port $PORT, so a log4j Socket appender aimed there cannot connect (that is the error)"
else
  echo "• port $PORT is held: $holder"
  if $free_port; then
    pids=$(grep -o 'pid=[0-9]*' <<<"$holder" | cut -d= -f2 | sort -u | tr '\n' ' ')
    if [[ -n $pids ]]; then
      # shellcheck disable=SC2086 # one word per pid
      kill $pids && echo "• stopped the process(es) holding port $PORT: $pids" && changed=true
    fi
  else
    echo "  (run with --free-port to stop it)"
  fi
fi

# 2. Socket appenders in log4j configuration files (log4j 2 <Socket>, <Appender type="Socket">; log4j 1 SocketAppender).
files=""
for dir in $LOG4J_SEARCH_PATHS; do
  [[ -d $dir ]] || continue
  found=$(grep -rlE --include='log4j*.xml' '<Socket[ >]|type="Socket"|net\.SocketAppender' "$dir" 2>/dev/null || true)
  files="$files $found"
done

if [[ -z ${files// /} ]]; then
  echo "• no log4j configuration under $LOG4J_SEARCH_PATHS has a Socket appender"
else
  if ! command -v python3 >/dev/null 2>&1; then
    echo "• found Socket appenders in:$files; python3 is missing here, so remove those <Socket> elements by hand"
    exit 1
  fi
  for file in $files; do
    cp -p "$file" "$file.bak-cloudstack-mcp"
    removed=$(python3 - "$file" <<'PY'
import re, sys

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
names = []

def drop(match):
    name = re.search(r'name\s*=\s*"([^"]+)"', match.group(0))
    if name:
        names.append(name.group(1))
    return ""

patterns = [
    r'[ \t]*<Socket\b[^>]*?/>[ \t]*\n?',
    r'[ \t]*<Socket\b[^>]*>.*?</Socket>[ \t]*\n?',
    r'[ \t]*<Appender\b[^>]*type\s*=\s*"Socket"[^>]*?/>[ \t]*\n?',
    r'[ \t]*<Appender\b[^>]*type\s*=\s*"Socket"[^>]*>.*?</Appender>[ \t]*\n?',
    r'[ \t]*<appender\b[^>]*class\s*=\s*"org\.apache\.log4j\.net\.SocketAppender"[^>]*>.*?</appender>[ \t]*\n?',
]
for pattern in patterns:
    text = re.sub(pattern, drop, text, flags=re.S)
for name in names:
    ref = re.escape(name)
    text = re.sub(r'[ \t]*<(AppenderRef|appender-ref)\b[^>]*ref\s*=\s*"' + ref + r'"[^>]*/>[ \t]*\n?', "", text)
open(path, "w", encoding="utf-8").write(text)
print(",".join(names) or "(unnamed)")
PY
    )
    echo "• turned off Socket appender(s) $removed in $file (backup: $file.bak-cloudstack-mcp)"
    changed=true
  done
fi

# 3. Restart the management server when something changed.
if ! $changed; then
  echo "• nothing to change, so the management server was not restarted"
  exit 0
fi
if [[ -z $RESTART_COMMAND ]]; then
  if command -v supervisorctl >/dev/null 2>&1 && ! supervisorctl status cloudstack 2>&1 | grep -q 'no such process'; then
    RESTART_COMMAND="supervisorctl restart cloudstack"
  elif command -v systemctl >/dev/null 2>&1; then
    RESTART_COMMAND="systemctl restart cloudstack-management"
  fi
fi
if [[ -z $RESTART_COMMAND ]]; then
  echo "• could not find how to restart the management server here; restart the container (task docker:restart)"
  exit 1
fi
if bash -c "$RESTART_COMMAND"; then
  echo "• restarted the management server ($RESTART_COMMAND); it answers again after a few minutes"
else
  echo "• restarting the management server failed ($RESTART_COMMAND)"
  exit 1
fi
