#!/usr/bin/env bash
# The MCP conformance suite (@modelcontextprotocol/conformance, server mode) against `cloudstack-mcp serve
# --transport http --simulator`. Known failures, each with its reason: conformance/expected-failures.yml.
# Exit status: the suite's (0 when every failure is an expected one and no expected one passes).
# Needs a build (npm run build). Runs offline: the server, the simulator and the suite are all local.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f dist/src/cli/index.js ]]; then
  echo "conformance: no build; run npm run build first" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cloudstack-mcp-conformance.XXXXXX")"
log="$work/server.log"
node dist/src/cli/index.js serve --simulator --simulator-job-ms 50 --transport http --addr 127.0.0.1:0 \
  --log-level info 2>"$log" &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap cleanup EXIT

url=""
for _ in $(seq 1 150); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/mcp' "$log" | head -n 1 || true)"
  [[ -n "$url" ]] && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "conformance: the server exited; its log:" >&2
    cat "$log" >&2
    exit 2
  fi
  sleep 0.2
done
if [[ -z "$url" ]]; then
  echo "conformance: the server did not start within 30 s; its log:" >&2
  cat "$log" >&2
  exit 2
fi
echo "conformance: testing $url (results in $work)" >&2

# On Node 20 the suite needs fs.globSync (Node 22): conformance/node20-hooks.mjs supplies it to that package only.
node --import ./conformance/node20-hooks.mjs node_modules/@modelcontextprotocol/conformance/dist/index.js \
  server --url "$url" --expected-failures conformance/expected-failures.yml --output-dir "$work/results"
