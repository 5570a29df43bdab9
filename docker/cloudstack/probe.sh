#!/usr/bin/env bash
# Read-only probes inside the simulator container for `task cloudstack:status`, written for what the image
# surely has (bash, coreutils, /proc, iproute2's ss, supervisor): probe.sh service|zone|java|ports.
set -uo pipefail
STATE_DIR=${STATE_DIR:-/tmp/cloudstack-mcp}

case ${1:-} in
  service)
    # "cloudstack   RUNNING   pid 88, uptime 0:12:01" (supervisord's program running the management server)
    supervisorctl status cloudstack 2>&1
    ;;
  zone)
    cat "$STATE_DIR/zone" 2>/dev/null || echo "unknown (start.sh has not reported)"
    ;;
  java)
    # pid and command line of each Java process, without needing procps (not in every image)
    for dir in /proc/[0-9]*; do
      if [[ $(cat "$dir/comm" 2>/dev/null) == java ]]; then
        echo "${dir#/proc/} $(tr '\0' ' ' <"$dir/cmdline" 2>/dev/null | cut -c1-100)"
      fi
    done
    ;;
  ports)
    # listening TCP ports, one per line
    ss -ltnH 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -un
    ;;
  *)
    echo "usage: probe.sh service|zone|java|ports" >&2
    exit 2
    ;;
esac
