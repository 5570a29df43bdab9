#!/usr/bin/env bash
# CloudMonkey in the compose `cmk` container: cmk.sh <cmk arguments>, e.g. cmk.sh list zones, cmk.sh sync.
# With no arguments it prints examples and the active profile. Also usable as the `cmk` command for
# `cloudstack-mcp codegen --from cmk` (it passes stdout through untouched).
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

require_compose
if [[ -z $(compose ps --status running -q cmk 2>/dev/null) ]]; then
  die "the CloudMonkey container is not running" "start the environment with task docker:start"
fi
if [[ $# -eq 0 ]]; then
  info "usage: task cmk -- <command> [args]   e.g."
  info "  task cmk -- list zones"
  info "  task cmk -- list serviceofferings filter=name,id"
  info "  task cmk -- sync        # refresh CloudMonkey's API cache (\"Failed to read API cache, please run 'sync'\")"
  info ""
  info "Active profile:"
  compose_exec cmk cmk set
  exit 0
fi
compose_exec cmk cmk "$@"
