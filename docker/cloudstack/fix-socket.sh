#!/usr/bin/env bash
# Runs inside the simulator container (task cloudstack:fix-socket). The management server logs, over and over,
#   ERROR TcpSocketManager (TCP:localhost:4560) ... Unable to create socket for localhost at port 4560
# when a log4j 2 appender connects over TCP to localhost:4560 and nothing listens there. From CloudStack 4.20
# (log4j 2) that is the stock configuration: client/conf/log4j-cloud.xml.in declares
#   <Syslog name="SYSLOG" host="localhost" facility="LOCAL6"> (and, in 4.20, ALERTSYSLOG the same way)
# with no port and no protocol, and log4j 2's SyslogAppender, a SocketAppender, then takes TCP and
# TcpSocketManager's default port 4560. Up to 4.19 (log4j 1 through reload4j) SyslogAppender sent UDP
# datagrams to port 514, which never fails, so there the error only comes from a Socket appender someone added.
#
# This script says what holds port 4560, then in every log4j configuration file it finds (the generated
# log4j-cloud.xml and the log4j-cloud.xml.in template it is made from):
#   - points Syslog appenders that would use TCP 4560 at UDP port 514, as log4j 1 did (the file's own comment
#     says "if it is listening on UDP port"); their AppenderRefs stay;
#   - turns off Socket appenders (log4j 2 <Socket>, <Appender type="Socket">, log4j 1 SocketAppender) and
#     their references;
# keeping a .bak-cloudstack-mcp copy of each file it changes. The template matters: the image's supervisord
# program runs `mvn -pl client jetty:run`, whose lifecycle reruns client/pom.xml's generate-resources step,
# which copies client/conf/*.in over client/target/conf/ on every start; a fix in the generated file alone
# would be undone by the restart. It restarts the management server when it changed something, frees the
# port when asked (--free-port), and says what it did. --check only reports: exit 3 when something would
# change, 0 when nothing would (task cloudstack:status uses it).
#
# Environment: LOG4J_SEARCH_PATHS (where to look), RESTART_COMMAND (how to restart; detected when empty).
set -euo pipefail

PORT=4560
LOG4J_SEARCH_PATHS=${LOG4J_SEARCH_PATHS:-/root/client/conf /root/client/target /root/utils/conf /etc/cloudstack /usr/share/cloudstack-management/conf}
RESTART_COMMAND=${RESTART_COMMAND:-}
free_port=false
check=false
for arg in "$@"; do
  case $arg in
    --free-port) free_port=true ;;
    --check) check=true ;;
    *)
      echo "usage: fix-socket.sh [--free-port | --check]" >&2
      exit 2
      ;;
  esac
done

changed=false

# 1. What holds the port (not in --check, which only reads the configuration).
if ! $check; then
  holder=""
  if command -v ss >/dev/null 2>&1; then
    holder=$(ss -ltnpH "sport = :$PORT" 2>/dev/null || true)
  fi
  if [[ -z $holder ]]; then
    echo "• nothing listens on port $PORT, so a log4j appender that connects there over TCP fails (that is the error)"
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
fi

# 2. log4j files that mention a Syslog or Socket appender; the Python below decides which ones aim at 4560.
files=""
for dir in $LOG4J_SEARCH_PATHS; do
  [[ -d $dir ]] || continue
  found=$(grep -rlE --include='log4j*.xml' --include='log4j*.xml.in' \
    '<Syslog[ >]|<Socket[ >]|type="Socket"|net\.SocketAppender' "$dir" 2>/dev/null || true)
  files="$files $found"
done

if [[ -z ${files// /} ]]; then
  echo "• no log4j configuration under $LOG4J_SEARCH_PATHS has a log4j 2 Syslog or a Socket appender" \
    "(log4j 1's SyslogAppender uses UDP port 514: CloudStack up to 4.19)"
elif ! command -v python3 >/dev/null 2>&1; then
  echo "• python3 is missing here; look in:$files for <Syslog> without port=\"...\" protocol=\"UDP\" and <Socket> elements"
  exit 1
else
  status=0
  # shellcheck disable=SC2086 # one word per file (paths without spaces)
  python3 - "$check" $files <<'PY' || status=$?
import re, shutil, sys

check = sys.argv[1] == "true"
changed_any = False

def attr(tag, name):
    found = re.search(r"\b" + name + r'\s*=\s*"([^"]*)"', tag, re.I)
    return found.group(1) if found else None

for path in sys.argv[2:]:
    text = open(path, encoding="utf-8").read()
    syslog, sockets = [], []

    def to_udp(match):
        tag = match.group(0)
        protocol = (attr(tag, "protocol") or "TCP").upper()
        port = attr(tag, "port") or ""
        # Only what ends up as TCP to 4560: log4j 2's defaults, or the same spelled out.
        if protocol != "TCP" or port not in ("", "0", "4560"):
            return tag
        syslog.append(attr(tag, "name") or "(unnamed)")
        tag = re.sub(r'\s+(protocol|port)\s*=\s*"[^"]*"', "", tag, flags=re.I)
        return re.sub(r"\s*(/?>)$", r' protocol="UDP" port="514"\1', tag)

    text = re.sub(r"<Syslog\b[^>]*>", to_udp, text)

    def drop(match):
        sockets.append(attr(match.group(0), "name") or "(unnamed)")
        return ""

    for pattern in (
        r"[ \t]*<Socket\b[^>]*?/>[ \t]*\n?",
        r"[ \t]*<Socket\b[^>]*>.*?</Socket>[ \t]*\n?",
        r'[ \t]*<Appender\b[^>]*type\s*=\s*"Socket"[^>]*?/>[ \t]*\n?',
        r'[ \t]*<Appender\b[^>]*type\s*=\s*"Socket"[^>]*>.*?</Appender>[ \t]*\n?',
        r'[ \t]*<appender\b[^>]*class\s*=\s*"org\.apache\.log4j\.net\.SocketAppender"[^>]*>.*?</appender>[ \t]*\n?',
    ):
        text = re.sub(pattern, drop, text, flags=re.S)
    for name in sockets:
        ref = re.escape(name)
        text = re.sub(r'[ \t]*<(AppenderRef|appender-ref)\b[^>]*ref\s*=\s*"' + ref + r'"[^>]*/>[ \t]*\n?', "", text)

    if not syslog and not sockets:
        continue
    changed_any = True
    backup = path + ".bak-cloudstack-mcp"
    if check:
        if syslog:
            print(f"• would switch Syslog appender(s) {','.join(syslog)} in {path} from TCP localhost:4560 to UDP port 514")
        if sockets:
            print(f"• would turn off Socket appender(s) {','.join(sockets)} in {path}")
        continue
    shutil.copy2(path, backup)
    open(path, "w", encoding="utf-8").write(text)
    if syslog:
        print(f"• switched Syslog appender(s) {','.join(syslog)} in {path} from TCP localhost:4560 (log4j 2's default"
              f" when no port or protocol is given) to UDP port 514 (backup: {backup})")
    if sockets:
        print(f"• turned off Socket appender(s) {','.join(sockets)} in {path} (backup: {backup})")

sys.exit(3 if changed_any else 0)
PY
  case $status in
    0) echo "• no appender in:$files sends to port $PORT over TCP (log4j 1's SyslogAppender uses UDP port 514)" ;;
    3) $check || changed=true ;;
    *) exit "$status" ;;
  esac
  if $check; then
    exit "$status"
  fi
fi
if $check; then
  exit 0
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
