#!/usr/bin/env bash
# CloudMonkey in the compose `cmk` container: cmk.sh <cmk arguments>, e.g. cmk.sh list zones, cmk.sh sync.
# With no arguments it prints examples and the active profile, read from CloudMonkey's config file (an ini file:
# `profile = ...` before the first section, then one [section] per profile). `cmk set` alone cannot show it: in
# CloudMonkey 6.4.0 it only prints the list of its sub-commands (cmd/set.go). Also usable as the `cmk` command
# for `cloudstack-mcp codegen --from cmk` (it passes stdout through untouched).
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
  config=$(compose_exec cmk cat /root/.cmk/config 2>/dev/null || true)
  if [[ -z $config ]]; then
    info "Active profile: unknown (no /root/.cmk/config in the container yet; it is written when the container starts)"
    exit 0
  fi
  # Never the password, API key or secret key.
  awk '
    function trim(s) { gsub(/^[ \t]+|[ \t\r]+$/, "", s); return s }
    /^\[/ { section = substr($0, 2, index($0, "]") - 2); next }
    index($0, "=") > 0 {
      key = trim(substr($0, 1, index($0, "=") - 1)); value = trim(substr($0, index($0, "=") + 1))
      if (section == "") core[key] = value; else profile[section, key] = value
    }
    END {
      name = core["profile"]; if (name == "") name = "localcloud"
      printf "Active profile: %s (url %s, username %s, domain %s; output %s)\n", name, profile[name, "url"],
        profile[name, "username"], profile[name, "domain"], core["output"]
    }' <<<"$config"
  exit 0
fi
compose_exec cmk cmk "$@"
