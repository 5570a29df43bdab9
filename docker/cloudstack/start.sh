#!/usr/bin/env bash
# Entry point of the compose `cloudstack` service. Runs the simulator image's own supervisord (MySQL and the
# management server), waits for the API, then deploys a simulated zone with the Marvin tooling the image ships
# (deployDataCenter.py with $ZONE_CONFIG) unless the database already has a zone. Progress goes to the container
# log and to $STATE_DIR/zone, which healthcheck.sh and `task cloudstack:status` read.
set -uo pipefail

ZONE_CONFIG=${ZONE_CONFIG:-/root/setup/dev/advanced.cfg}
API_WAIT_SECONDS=${API_WAIT_SECONDS:-1800}
STATE_DIR=${STATE_DIR:-/tmp/cloudstack-mcp}
MARVIN_DEPLOY=${MARVIN_DEPLOY:-/root/tools/marvin/marvin/deployDataCenter.py}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$HERE/lib.sh"

mkdir -p "$STATE_DIR"
say() { echo "[cloudstack-mcp] $*"; }
state() {
  echo "$*" >"$STATE_DIR/zone"
  say "zone: $*"
}

/usr/bin/supervisord &
supervisor_pid=$!
trap 'kill -TERM "$supervisor_pid" 2>/dev/null; wait "$supervisor_pid"; exit 0' TERM INT

deploy_zone() {
  local waited=0 python
  state "waiting for the management server's API"
  until api_answers; do
    if ((waited >= API_WAIT_SECONDS)); then
      state "failed: the API did not answer within ${API_WAIT_SECONDS}s (see the container log)"
      return 1
    fi
    sleep 5
    waited=$((waited + 5))
  done
  say "API answers after ${waited}s"
  if [[ $(zone_count) -gt 0 ]]; then
    state "deployed (already present)"
    return 0
  fi
  python=$(command -v python3 || command -v python || true)
  if [[ -z $python || ! -f $MARVIN_DEPLOY || ! -f $ZONE_CONFIG ]]; then
    state "failed: Marvin's deployDataCenter.py or $ZONE_CONFIG is missing in this image"
    return 1
  fi
  state "deploying from $ZONE_CONFIG"
  if "$python" "$MARVIN_DEPLOY" -i "$ZONE_CONFIG" >"$STATE_DIR/deploy.log" 2>&1 && [[ $(zone_count) -gt 0 ]]; then
    state "deployed"
  else
    state "failed: deployDataCenter.py did not create a zone (log: $STATE_DIR/deploy.log)"
    tail -n 20 "$STATE_DIR/deploy.log"
    return 1
  fi
}

deploy_zone || true
wait "$supervisor_pid"
