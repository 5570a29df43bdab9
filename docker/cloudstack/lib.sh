#!/usr/bin/env bash
# Probes shared by start.sh and healthcheck.sh (inside the simulator container).

API_URL=${API_URL:-http://127.0.0.1:8080/client/api}
# The management server's integration port: unauthenticated, opened from the `integration.api.port` setting the
# simulator's database carries. Marvin's setup/dev/advanced.cfg ("mgtSvr" → "port": 8096) deploys through it.
INTEGRATION_URL=${INTEGRATION_URL:-http://127.0.0.1:8096/client/api}

http_code() {
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$1?command=listCapabilities&response=json" || true
}

# True once the API servlet answers on 8080: CloudStack says 401 to an unsigned call.
api_answers() {
  local code
  code=$(http_code "$API_URL")
  [[ $code == 401 || $code == 200 ]]
}

# True once something answers HTTP on the integration port (it needs no signature, so normally 200).
integration_answers() {
  local code
  code=$(http_code "$INTEGRATION_URL")
  [[ $code =~ ^[1-5][0-9][0-9]$ ]]
}

# One number from the cloud database (0 when MySQL does not answer). The image's root user has no password.
db_count() {
  local n
  n=$(mysql -N -B -u root -e "$1" 2>/dev/null || true)
  [[ $n =~ ^[0-9]+$ ]] || n=0
  echo "$n"
}

# Zones in the database, finished or not.
zone_count() {
  db_count 'SELECT COUNT(*) FROM cloud.data_center WHERE removed IS NULL'
}

# Zones that are usable: enabled (Marvin's deployDataCenter.py enables a zone last, after its pods, clusters,
# hosts and storage; createZone leaves it Disabled) and with at least one hypervisor host.
ready_zone_count() {
  db_count "SELECT COUNT(*) FROM cloud.data_center dc WHERE dc.removed IS NULL AND dc.allocation_state = 'Enabled'
    AND EXISTS (SELECT 1 FROM cloud.host h WHERE h.data_center_id = dc.id AND h.removed IS NULL AND h.type = 'Routing')"
}

# What start.sh last reported ("deployed ...", "deploying ...", "failed: ..."), or nothing.
zone_state() {
  cat "${STATE_DIR:-/tmp/cloudstack-mcp}/zone" 2>/dev/null || true
}
