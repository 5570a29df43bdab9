#!/usr/bin/env bash
# The compose environment: docker.sh start|stop|restart|reset|ps|logs [service].
# Uses docker/docker-compose.yml, plus docker/docker-compose.emulated.yml on arm64 hosts.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

start() {
  local plan
  plan=$(current_plan)
  require_compose
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
  ok "CloudStack UI   http://localhost:8080/client  (admin / password)"
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
