#!/usr/bin/env bash
# The project's CLI (dist/src/cli/index.js), built first when needed: cli.sh <command> [args].
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
. "$(dirname "$0")/lib/common.sh"
cli "$@"
