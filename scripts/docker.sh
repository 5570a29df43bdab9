#!/usr/bin/env bash
# The compose environment: docker.sh start|stop|restart|reset|ps|logs [service].
# Uses docker/docker-compose.yml, plus docker/docker-compose.emulated.yml on arm64 hosts.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

# `up --wait` with a one-shot service (mcp-init) that another (mcp) waits for with service_completed_successfully
# needs Compose 2.7.0 (docker/compose PR #9572); older ones wait for ever or fail. `--wait` itself is from 2.1.1.
MIN_COMPOSE=2.7.0

# 0 when version $1 (x.y.z) is at least $2.
version_at_least() {
  local IFS=.
  # shellcheck disable=SC2206 # split on dots into numbers
  local have=($1) want=($2) i
  for i in 0 1 2; do
    ((${have[i]:-0} > ${want[i]:-0})) && return 0
    ((${have[i]:-0} < ${want[i]:-0})) && return 1
  done
  return 0
}

require_compose_version() {
  local version
  version=$(docker compose version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1)
  if [[ -z $version ]]; then
    warn "could not read the Docker Compose version; up --wait needs $MIN_COMPOSE or later"
  elif ! version_at_least "$version" "$MIN_COMPOSE"; then
    die "Docker Compose $version is too old: up --wait with the one-shot mcp-init service needs $MIN_COMPOSE or later" \
      "update Docker Desktop, or the docker-compose-plugin package"
  fi
}

start() {
  local plan
  plan=$(current_plan)
  require_compose
  require_compose_version
  if [[ $plan == compose-emulated ]]; then
    info "$(current_host_description): CloudStack's x86-64 simulator image runs emulated (linux/amd64)."
    info "The first start pulls ~2 GB and then takes roughly 15-30 minutes under emulation (Rosetta is faster than QEMU)."
  else
    info "The first start pulls ~2 GB; the management server and the zone deployment then take roughly 5-10 minutes."
  fi
  info "Waiting until every service is healthy (progress: task cloudstack:status, or docker compose logs -f cloudstack)..."
  if ! compose up -d --build --wait; then
    die "the environment did not become healthy" "run task cloudstack:status to see which part is missing"
  fi
  ok "CloudStack UI   http://localhost:5050/  (admin / password)"
  ok "CloudStack API  http://localhost:8080/client/api"
  ok "MCP server      http://localhost:8251/mcp  (service account mcp-service)"
  info "Next: task cloudstack:get-credentials writes the service account's keys to .env for local use."
}

case ${1:-} in
  start) start ;;
  stop)
    require_compose
    compose down
    ;;
  restart)
    require_compose
    compose down
    start
    ;;
  reset)
    # Also drops the volumes: the database (zone, accounts, keys), CloudMonkey's cache and the server's keys.
    require_compose
    compose down --volumes
    ;;
  ps)
    require_compose
    compose ps -a
    ;;
  logs)
    require_compose
    shift
    compose logs --tail=200 "$@"
    ;;
  *)
    echo "usage: docker.sh start|stop|restart|reset|ps|logs [service]" >&2
    exit 2
    ;;
esac
