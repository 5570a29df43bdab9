#!/usr/bin/env bash
# Probes shared by start.sh and healthcheck.sh (inside the simulator container).

API_URL=${API_URL:-http://127.0.0.1:8080/client/api}

# True once the management server's API servlet answers: CloudStack says 401 to an unsigned call.
api_answers() {
  local code
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$API_URL?command=listCapabilities&response=json" || true)
  [[ $code == 401 || $code == 200 ]]
}

# Zones in the database (0 when MySQL does not answer). The simulator image's root user has no password.
zone_count() {
  local n
  n=$(mysql -N -B -u root -e 'SELECT COUNT(*) FROM cloud.data_center WHERE removed IS NULL' 2>/dev/null || true)
  echo "${n:-0}"
}
