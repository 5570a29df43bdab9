#!/usr/bin/env bash
# Compose health check of the `cloudstack` service: the API answers and a zone exists.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$HERE/lib.sh"
api_answers || {
  echo "API not answering yet"
  exit 1
}
[[ $(zone_count) -gt 0 ]] || {
  echo "no zone yet: $(cat /tmp/cloudstack-mcp/zone 2>/dev/null || echo 'start.sh has not reported')"
  exit 1
}
echo "API answers; zone deployed"
