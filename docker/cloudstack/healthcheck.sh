#!/usr/bin/env bash
# Compose health check of the `cloudstack` service: the API answers, start.sh says the deployment finished, and
# the database has an enabled zone with a host (a zone row alone can be a deployment that stopped half way).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$HERE/lib.sh"
api_answers || {
  echo "API not answering yet"
  exit 1
}
state=$(zone_state)
[[ $state == deployed* ]] || {
  echo "zone not deployed: ${state:-start.sh has not reported}"
  exit 1
}
[[ $(ready_zone_count) -gt 0 ]] || {
  echo "no enabled zone with a host in the database (zones: $(zone_count)); start.sh said: $state"
  exit 1
}
echo "API answers; zone deployed and enabled"
