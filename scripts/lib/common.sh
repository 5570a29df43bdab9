#!/usr/bin/env bash
# Shared by the scripts in scripts/: where the repo is, ✓/✗ lines, and the one way we call docker compose.
# Written for bash 3.2 as well (macOS's /bin/bash): no mapfile, no associative arrays, no empty arrays under -u.

CLOUDSTACK_MCP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CLOUDSTACK_MCP_ROOT
# shellcheck source=SCRIPTDIR/host.sh
. "$CLOUDSTACK_MCP_ROOT/scripts/lib/host.sh"

COMPOSE_PROJECT=${COMPOSE_PROJECT:-cloudstack-mcp}

if [[ -t 1 && -z ${NO_COLOR:-} ]]; then
  C_GREEN=$'\033[32m' C_RED=$'\033[31m' C_YELLOW=$'\033[33m' C_DIM=$'\033[2m' C_RESET=$'\033[0m'
else
  C_GREEN='' C_RED='' C_YELLOW='' C_DIM='' C_RESET=''
fi

FAILED_CHECKS=0

# ok TEXT
ok() { printf '%s✓%s %s\n' "$C_GREEN" "$C_RESET" "$1"; }
# bad TEXT [HINT]
bad() {
  FAILED_CHECKS=$((FAILED_CHECKS + 1))
  printf '%s✗%s %s\n' "$C_RED" "$C_RESET" "$1"
  if [[ -n ${2:-} ]]; then printf '    %shint:%s %s\n' "$C_DIM" "$C_RESET" "$2"; fi
}
info() { printf '%s\n' "$*"; }
warn() { printf '%s!%s %s\n' "$C_YELLOW" "$C_RESET" "$*" >&2; }
die() {
  printf '%s✗%s %s\n' "$C_RED" "$C_RESET" "$1" >&2
  if [[ -n ${2:-} ]]; then printf '    hint: %s\n' "$2" >&2; fi
  exit 1
}

# The host's plan (see host.sh); HOST_OS / HOST_ARCH / HOST_DOCKER override detection (tests, and people who
# want to force a mode, e.g. HOST_ARCH=arm64 on a Linux arm64 box that has Rosetta-like binfmt).
current_plan() {
  host_plan "${HOST_OS:-$(uname -s)}" "${HOST_ARCH:-$(uname -m)}" "${HOST_TRANSLATED:-$(rosetta_translated)}" \
    "${HOST_DOCKER:-$(docker_state)}"
}

current_host_description() {
  host_description "${HOST_OS:-$(uname -s)}" "${HOST_ARCH:-$(uname -m)}" "${HOST_TRANSLATED:-$(rosetta_translated)}"
}

# docker compose with this project's files; on arm64 hosts the emulation override is added.
compose() {
  local override
  override=$(compose_override_for_plan "$(host_plan "${HOST_OS:-$(uname -s)}" "${HOST_ARCH:-$(uname -m)}" \
    "${HOST_TRANSLATED:-$(rosetta_translated)}" engine)")
  if [[ -n $override ]]; then
    docker compose -p "$COMPOSE_PROJECT" -f "$CLOUDSTACK_MCP_ROOT/docker/docker-compose.yml" \
      -f "$CLOUDSTACK_MCP_ROOT/$override" "$@"
  else
    docker compose -p "$COMPOSE_PROJECT" -f "$CLOUDSTACK_MCP_ROOT/docker/docker-compose.yml" "$@"
  fi
}

# Fails with one clear line when docker or its compose plugin is missing, or no engine answers.
require_compose() {
  case $(docker_state) in
    none) die "docker is not installed" "install Docker Desktop, Colima or OrbStack; or run the embedded simulator: npx --no-install cloudstack-mcp serve --simulator" ;;
    cli-only) die "docker is installed but no Docker engine answers" "start Docker Desktop / Colima / OrbStack (or the docker service), then retry" ;;
  esac
  docker compose version >/dev/null 2>&1 ||
    die "the docker compose plugin is missing" "install Docker Compose v2 (docker compose version must work)"
}

# `docker compose exec` without a TTY when stdin/stdout are not terminals (CI, pipes).
compose_exec() {
  if [[ -t 0 && -t 1 ]]; then
    compose exec "$@"
  else
    compose exec -T "$@"
  fi
}

# The built CLI; builds it first when dist/ is missing.
cli() {
  if [[ ! -f $CLOUDSTACK_MCP_ROOT/dist/src/cli/index.js ]]; then
    (cd "$CLOUDSTACK_MCP_ROOT" && npm run build >&2) || die "npm run build failed" "run npm ci first"
  fi
  node "$CLOUDSTACK_MCP_ROOT/dist/src/cli/index.js" "$@"
}

# HTTP status code of a GET (000 when nothing answers), with curl or, failing that, node.
http_status() {
  local url=$1
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 10 -w '%{http_code}' "$url" || true
  else
    node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(10000)}).then(r=>console.log(r.status),()=>console.log("000"))' "$url"
  fi
}
