#!/usr/bin/env bash
# task codegen:cmk [-- codegen options]: regenerate the bindings from `cmk list apis` run in the compose
# CloudMonkey container, i.e. from the CloudStack that container is synced with. The dump is checked, then
# handed to `cloudstack-mcp codegen --input`, which keeps it in api-cache/ and rewrites generated/.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

dump=$(mktemp "${TMPDIR:-/tmp}/cloudstack-listapis.XXXXXX")
trap 'rm -f "$dump"' EXIT
bash "$CLOUDSTACK_MCP_ROOT/scripts/cmk.sh" -o json list apis >"$dump"
count=$(node -e '
  const dump = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const apis = dump.api ?? dump.listapisresponse?.api;
  if (!Array.isArray(apis) || apis.length === 0) process.exit(1);
  console.log(apis.length);
' "$dump") || die "cmk list apis did not print a listApis response" "task cmk -- sync, then retry; task cloudstack:status shows the cache"
info "cmk list apis: $count APIs"
cli codegen --input "$dump" "$@"
