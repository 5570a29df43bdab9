#!/usr/bin/env bash
# task cloudstack:status: one ✓/✗ line per part of the environment, with a hint for each ✗. The checks that
# need no Docker (API URL, keys, MCP server) are `cloudstack-mcp doctor`, which works against any CloudStack.
# Exit status 1 when any check fails. MCP_URL and CLOUDSTACK_UI_URL override the defaults; without
# CLOUDSTACK_UI_URL the UI is looked for where Compose published the simulator image's UI port (5050, its Vue
# development server), or, with no compose environment, beside CLOUDSTACK_API_URL (.../client/api → .../client/,
# where a packaged management server serves it).
set -uo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

MCP_URL=${MCP_URL:-http://localhost:8251/mcp}
API_URL=${CLOUDSTACK_API_URL:-http://localhost:8080/client/api}
UI_URL=${CLOUDSTACK_UI_URL:-}
ENV_FILE=${CLOUDSTACK_MCP_ENV_FILE:-$CLOUDSTACK_MCP_ROOT/.env}

in_container() { compose exec -T "$@" 2>/dev/null; }

section() { printf '\n%s\n' "$1"; }

docker_checks() {
  section "Containers"
  local ps line service state health code
  ps=$(compose ps -a --format '{{.Service}}|{{.State}}|{{.Health}}|{{.ExitCode}}' 2>/dev/null || true)
  for service in cloudstack cmk mcp-init mcp; do
    line=$(grep "^$service|" <<<"$ps" || true)
    IFS='|' read -r _ state health code <<<"$line"
    if [[ -z $line ]]; then
      bad "$service: no container" "task docker:start"
    elif [[ $service == mcp-init ]]; then
      if [[ $state == exited && $code == 0 ]]; then
        ok "mcp-init: done (mcp-service account and keys ready)"
      else
        bad "mcp-init: $state (exit code ${code:-?})" "docker compose -p $COMPOSE_PROJECT logs mcp-init shows why"
      fi
    elif [[ $state == running && ($health == healthy || -z $health) ]]; then
      ok "$service: running${health:+ ($health)}"
    elif [[ $state == running ]]; then
      bad "$service: running ($health)" "still starting? docker compose -p $COMPOSE_PROJECT logs -f $service"
    else
      bad "$service: $state" "task docker:start"
    fi
  done

  section "CloudStack management server"
  local sup zone java ports
  # docker/cloudstack/probe.sh is mounted in the container at /opt/cloudstack-mcp.
  sup=$(in_container cloudstack bash /opt/cloudstack-mcp/probe.sh service || true)
  if grep -q RUNNING <<<"$sup"; then
    ok "management service: running ($(awk '{print $3, $4, $5, $6}' <<<"$sup"))"
  else
    bad "management service: ${sup:-no answer from supervisord}" "docker compose -p $COMPOSE_PROJECT logs cloudstack; task docker:restart"
  fi
  zone=$(in_container cloudstack bash /opt/cloudstack-mcp/probe.sh zone || true)
  if [[ $zone == deployed* ]]; then
    ok "simulated zone: $zone"
  else
    bad "simulated zone: ${zone:-unknown}" "it is deployed once the API answers; see docker compose -p $COMPOSE_PROJECT logs cloudstack"
  fi
  java=$(in_container cloudstack bash /opt/cloudstack-mcp/probe.sh java || true)
  if [[ -n $java ]]; then
    ok "Java processes: $(wc -l <<<"$java" | tr -d ' ') ($(cut -c1-60 <<<"$java" | head -n 1)...)"
  else
    bad "Java processes: none" "the management server is not running; task docker:restart"
  fi
  ports=$(in_container cloudstack bash /opt/cloudstack-mcp/probe.sh ports | tr '\n' ' ' || true)
  if grep -qw 8080 <<<"$ports" && grep -qw 8096 <<<"$ports" && grep -qw 3306 <<<"$ports"; then
    ok "listening ports: $ports(8080 API, 8096 integration port, 3306 MySQL; 5050 is the UI)"
  else
    bad "listening ports: ${ports:-none} (want 8080, 8096 and 3306)" \
      "the management server opens 8080 and 8096 minutes after it starts; docker compose -p $COMPOSE_PROJECT logs cloudstack"
  fi
  # log4j appenders that connect over TCP to localhost:4560 (from CloudStack 4.20: the Syslog appenders, which
  # have no port or protocol): harmless to the API, but they fill the log with "Unable to create socket".
  local log4j status=0
  log4j=$(in_container cloudstack bash /opt/cloudstack-mcp/fix-socket.sh --check) || status=$?
  if ((status == 0)); then
    ok "log4j: no appender connects to localhost:4560"
  elif ((status == 3)); then
    bad "log4j: $(grep -oE 'appender\(s\) [^ ]+' <<<"$log4j" | cut -d' ' -f2 | tr ',' '\n' | sort -u | paste -sd, -) send over TCP to localhost:4560, where nothing listens (the 'Unable to create socket ... port 4560' errors)" \
      "task cloudstack:fix-socket points them at UDP 514 and restarts the management server"
  fi

  if [[ -z $UI_URL ]]; then
    local published
    published=$(compose port cloudstack 5050 2>/dev/null | head -n 1 || true)
    [[ -n $published ]] && UI_URL="http://${published/0.0.0.0/localhost}/"
  fi

  section "CloudMonkey"
  local apis
  apis=$(in_container cmk cat /root/.cmk/profiles/localcloud.cache |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const j=JSON.parse(s);console.log(j.count ?? (j.api||[]).length)}catch{console.log("")}})' || true)
  if [[ -n $apis && $apis != 0 ]]; then
    ok "API cache synced: $apis APIs"
  else
    bad "API cache not synced" "task cmk -- sync"
  fi
}

case $(docker_state) in
  engine)
    if docker compose version >/dev/null 2>&1; then
      docker_checks
    else
      bad "docker compose plugin missing" "install Docker Compose v2"
    fi
    ;;
  cli-only) bad "Docker engine not answering: container checks skipped" "start Docker Desktop / Colima / OrbStack" ;;
  none) bad "docker not installed: container checks skipped" "the checks below still test any CloudStack at CLOUDSTACK_API_URL" ;;
esac

section "Web UI"
UI_URL=${UI_URL:-${API_URL%/api}/}
code=$(http_status "$UI_URL")
if [[ $code == 2* || $code == 3* ]]; then
  ok "UI answers at $UI_URL (HTTP $code)"
else
  bad "UI does not answer at $UI_URL (HTTP $code)" \
    "in the compose environment the UI is the image's development server on port 5050: task docker:start, then wait for the cloudstack service to become healthy"
fi

section "Credentials and MCP server (cloudstack-mcp doctor)"
if [[ -f $ENV_FILE ]]; then
  mode=$(stat -c '%a' "$ENV_FILE" 2>/dev/null || stat -f '%Lp' "$ENV_FILE")
  if [[ $mode == 600 ]]; then
    ok ".env present (mode 600)"
  else
    bad ".env present but mode $mode: it holds a secret key" "chmod 600 .env"
  fi
  cli_args=(--env-file="$ENV_FILE")
else
  bad ".env missing" "task cloudstack:get-credentials writes the mcp-service keys to .env"
  cli_args=()
fi
if [[ ! -f $CLOUDSTACK_MCP_ROOT/dist/src/cli/index.js ]]; then
  (cd "$CLOUDSTACK_MCP_ROOT" && npm run build >/dev/null 2>&1) || true
fi
if node ${cli_args[@]+"${cli_args[@]}"} "$CLOUDSTACK_MCP_ROOT/dist/src/cli/index.js" doctor --mcp-url "$MCP_URL"; then
  :
else
  FAILED_CHECKS=$((FAILED_CHECKS + 1))
fi

echo
if ((FAILED_CHECKS > 0)); then
  echo "Some checks failed: see the ✗ lines and their hints above."
  exit 1
fi
echo "All checks passed."
