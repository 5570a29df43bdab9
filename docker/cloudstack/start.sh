#!/usr/bin/env bash
# Entry point of the compose `cloudstack` service. Runs the simulator image's own supervisord (MySQL and the
# management server), waits for the API (8080) and the integration port Marvin deploys through (8096), then
# deploys a simulated zone with the Marvin tooling the image ships (deployDataCenter.py with $ZONE_CONFIG)
# unless the database already has a usable one. Progress goes to the container log and to $STATE_DIR/zone,
# which healthcheck.sh and `task cloudstack:status` read; its first word is "deployed" only once the deployment
# finished and the database shows an enabled zone with a host.
#
# Marvin's deployDataCenter.py creates the zone first and enables it last, and can exit 0 after a partial
# failure (createZones catches every exception) or hang (a cluster thread that calls exit() never marks its
# queue item done), so every attempt has a time limit and is judged by the database, not by its exit status.
# A failed attempt that left no zone behind is retried; one that left a half-made zone is not (rerunning the
# same config fails on the zone's name), and the state says to start over with `task docker:reset`.
#
# Every wait is interruptible: `docker stop` sends TERM, which stops a running deployment and supervisord (and
# through it MySQL and the management server) before the container's stop_grace_period runs out.
set -uo pipefail

ZONE_CONFIG=${ZONE_CONFIG:-/root/setup/dev/advanced.cfg}
API_WAIT_SECONDS=${API_WAIT_SECONDS:-1800}
DEPLOY_ATTEMPTS=${DEPLOY_ATTEMPTS:-2}
DEPLOY_TIMEOUT_SECONDS=${DEPLOY_TIMEOUT_SECONDS:-600}
DEPLOY_RETRY_SECONDS=${DEPLOY_RETRY_SECONDS:-30}
POLL_SECONDS=${POLL_SECONDS:-5}
STATE_DIR=${STATE_DIR:-/tmp/cloudstack-mcp}
MARVIN_DEPLOY=${MARVIN_DEPLOY:-/root/tools/marvin/marvin/deployDataCenter.py}
SUPERVISORD=${SUPERVISORD:-/usr/bin/supervisord}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$HERE/lib.sh"

mkdir -p "$STATE_DIR"
say() { echo "[cloudstack-mcp] $*"; }
state() {
  echo "$*" >"$STATE_DIR/zone"
  say "zone: $*"
}

"$SUPERVISORD" &
supervisor_pid=$!
child_pid=""

terminate() {
  say "stopping (TERM)"
  [[ -n $child_pid ]] && kill -TERM "$child_pid" 2>/dev/null
  kill -TERM "$supervisor_pid" 2>/dev/null
  wait "$supervisor_pid"
  exit 0
}
trap terminate TERM INT

# A foreground command would hold the TERM trap until it ends; a background one waited for does not.
run() {
  "$@" &
  child_pid=$!
  wait "$child_pid"
  local status=$?
  child_pid=""
  return "$status"
}
pause() { run sleep "$1"; }

wait_for_ports() {
  local started=$SECONDS
  state "waiting for the management server's API (8080) and integration port (8096)"
  until api_answers && integration_answers; do
    if ((SECONDS - started >= API_WAIT_SECONDS)); then
      state "failed: the API (8080) and integration port (8096) did not both answer within ${API_WAIT_SECONDS}s (see the container log)"
      return 1
    fi
    pause "$POLL_SECONDS"
  done
  say "API and integration port answer after $((SECONDS - started))s"
}

deploy_zone() {
  local python attempt=1
  wait_for_ports || return 1
  if [[ $(ready_zone_count) -gt 0 ]]; then
    state "deployed (already present)"
    return 0
  fi
  if [[ $(zone_count) -gt 0 ]]; then
    state "failed: the database has a zone that is not enabled with a host (a deployment that stopped half way); task docker:reset starts over"
    return 1
  fi
  python=$(command -v python3 || command -v python || true)
  if [[ -z $python || ! -f $MARVIN_DEPLOY || ! -f $ZONE_CONFIG ]]; then
    state "failed: Marvin's deployDataCenter.py or $ZONE_CONFIG is missing in this image"
    return 1
  fi
  while :; do
    state "deploying from $ZONE_CONFIG (attempt $attempt of $DEPLOY_ATTEMPTS)"
    run timeout "$DEPLOY_TIMEOUT_SECONDS" "$python" "$MARVIN_DEPLOY" -i "$ZONE_CONFIG" >"$STATE_DIR/deploy.log" 2>&1
    local status=$?
    if [[ $(ready_zone_count) -gt 0 ]]; then
      state "deployed"
      return 0
    fi
    tail -n 20 "$STATE_DIR/deploy.log"
    local why="deployDataCenter.py exited $status"
    ((status == 124)) && why="deployDataCenter.py did not finish within ${DEPLOY_TIMEOUT_SECONDS}s"
    if [[ $(zone_count) -gt 0 ]]; then
      state "failed: $why and left a zone that is not enabled with a host (log: $STATE_DIR/deploy.log); task docker:reset starts over"
      return 1
    fi
    if ((attempt >= DEPLOY_ATTEMPTS)); then
      state "failed: $why, no zone after $attempt attempts (log: $STATE_DIR/deploy.log)"
      return 1
    fi
    say "$why before making a zone; retrying in ${DEPLOY_RETRY_SECONDS}s"
    pause "$DEPLOY_RETRY_SECONDS"
    attempt=$((attempt + 1))
  done
}

deploy_zone || true
# Until TERM (handled above) or supervisord ends by itself.
wait "$supervisor_pid"
