#!/usr/bin/env bash
# task cloudstack:fix-socket [-- --free-port | --check]: stops the management server's log4j appenders from
# failing on TCP localhost:4560 ("Unable to create socket for localhost at port 4560"): from CloudStack 4.20 the
# Syslog appenders, which have no port or protocol (log4j 2 then uses TCP 4560), or a Socket appender. The work
# happens in the container (docker/cloudstack/fix-socket.sh, mounted at /opt/cloudstack-mcp); this says what it did.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

require_compose
if [[ -z $(compose ps --status running -q cloudstack 2>/dev/null) ]]; then
  die "the cloudstack container is not running" "task docker:start"
fi
info "log4j appenders that connect to TCP localhost:4560, in the cloudstack container:"
compose exec -T cloudstack bash /opt/cloudstack-mcp/fix-socket.sh "$@"
