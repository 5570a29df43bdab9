#!/bin/sh
# Entry point of the compose `cmk` service: points CloudMonkey's default profile at the cloudstack service,
# syncs its API cache (listApis, stored in /root/.cmk/profiles/localcloud.cache) and then stays up for
# `task cmk -- <args>` (docker compose exec cmk cmk <args>).
set -eu
cmk set profile localcloud
cmk set url "${CMK_URL:-http://cloudstack:8080/client/api}"
cmk set username "${CMK_USERNAME:-admin}"
cmk set password "${CMK_PASSWORD:-password}"
cmk set domain "${CMK_DOMAIN:-/}"
cmk set output json
cmk set asyncblock true
until cmk sync; do
  echo "cmk sync failed; retrying in 10 s" >&2
  sleep 10
done
echo "CloudMonkey is synced with ${CMK_URL:-http://cloudstack:8080/client/api}"
# Stay up (and stop at once on docker stop) so that `docker compose exec cmk cmk ...` has a container.
trap 'exit 0' TERM INT
while :; do
  sleep 3600 &
  wait $!
done
