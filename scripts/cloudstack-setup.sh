#!/usr/bin/env bash
# task cloudstack:setup [-- --vm [utm|lima]]: start a CloudStack for this host.
#   x86-64 with Docker      the compose environment (same as task docker:start)
#   arm64 with Docker       the same, emulated as linux/amd64 with longer health-check timeouts
#   --vm                    print the steps for a UTM or Lima virtual machine instead
#   no Docker               one line offering the embedded simulator, which runs natively everywhere
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

vm=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --vm)
      vm=both
      if [[ ${2:-} == utm || ${2:-} == lima ]]; then
        vm=$2
        shift
      fi
      ;;
    --vm=utm | --vm=lima) vm=${1#--vm=} ;;
    -h | --help)
      sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown option $1" "use --vm [utm|lima], or no option" ;;
  esac
  shift
done

print_utm() {
  cat <<'STEPS'
UTM (https://mac.getutm.app), an x86-64 Ubuntu VM that runs the simulator image natively inside it:
  1. Download the Ubuntu Server 22.04 LTS ISO for amd64 (ubuntu-22.04.x-live-server-amd64.iso).
  2. UTM → Create a New Virtual Machine → Emulate → Linux; pick the ISO; 4 CPU cores, 8192 MB memory,
     40 GB disk. (Emulated x86-64 is slow but exact; an ARM64 Ubuntu VM with Docker would need emulation again.)
  3. Before the first boot: Settings → Network → Network Mode "Emulated VLAN", then Port Forward (TCP):
       guest 5050 → host 5050   CloudStack UI (the image's development server)
       guest 8080 → host 8080   CloudStack API
       guest 8251 → host 8251   the MCP server from the compose environment (container port 8250)
     (With "Shared Network" instead, skip the forwards and use the VM's IP address below.)
  4. Install Ubuntu with OpenSSH; in the VM:
       sudo apt-get update && sudo apt-get install -y docker.io docker-compose-v2 git
       sudo snap install task --classic        # or: sudo sh -c "$(curl -fsSL https://taskfile.dev/install.sh)" -- -d -b /usr/local/bin
       git clone <this repository> cloudstack-mcp && cd cloudstack-mcp
       sudo PUBLISH_ADDRESS=0.0.0.0 MCP_ALLOWED_HOSTS=localhost,127.0.0.1,<vm-ip> MCP_AUTH_TOKEN=<a long random string> task docker:start
  5. On the Mac:
       export CLOUDSTACK_API_URL=http://localhost:8080/client/api    # or http://<vm-ip>:8080/client/api
       task cloudstack:get-credentials                                 # writes .env with mcp-service's keys
       task cloudstack:status
     and point MCP clients at http://localhost:8251/mcp (with the header Authorization: Bearer <token>),
     or run the server on the Mac instead (task run:server).
STEPS
}

print_lima() {
  cat <<'STEPS'
Lima (https://lima-vm.io), a Linux VM with Docker whose ports Lima forwards to the Mac's localhost by itself:
  1. brew install lima
  2. limactl start --name=cloudstack --vm-type=vz --rosetta --cpus=4 --memory=8 template://docker
     (Rosetta runs the x86-64 simulator image at close to native speed; without --vm-type=vz --rosetta,
     use --arch=x86_64 for a fully emulated VM.)
  3. export DOCKER_HOST=$(limactl list cloudstack --format 'unix://{{.Dir}}/sock/docker.sock')
     task docker:start          # ports 5050 (UI), 8080 (API) and 8251 (MCP, container port 8250) appear on localhost
  4. export CLOUDSTACK_API_URL=http://localhost:8080/client/api
     task cloudstack:get-credentials && task cloudstack:status
STEPS
}

if [[ -n $vm ]]; then
  info "CloudStack's simulator image is built for x86-64; on Apple Silicon a VM is the alternative to Docker emulation."
  info "Ports to reach from the host: 5050 (UI), 8080 (API at /client/api) and 8251 (MCP server; 8250 in its container)."
  info ""
  [[ $vm == lima ]] || print_utm
  [[ $vm == both ]] && info ""
  [[ $vm == utm ]] || print_lima
  exit 0
fi

plan=$(current_plan)
case $plan in
  no-docker)
    info "No Docker here: run the embedded CloudStack simulator instead, natively: npx --no-install cloudstack-mcp serve --simulator"
    exit 0
    ;;
  engine-down)
    die "docker is installed but no Docker engine answers" \
      "start Docker Desktop, Colima or OrbStack and rerun; or run the embedded simulator: npx --no-install cloudstack-mcp serve --simulator"
    ;;
  unsupported)
    die "no recipe for $(uname -s) shells" "use WSL 2 with Docker, or the embedded simulator: npx --no-install cloudstack-mcp serve --simulator"
    ;;
esac

info "Host: $(current_host_description); plan: $plan"
if [[ $plan == compose-emulated ]]; then
  info "Emulation needs Rosetta (Docker Desktop: Settings → General → \"Use Rosetta for x86_64/amd64 emulation\";"
  info "OrbStack: on by default; Colima: colima start --vm-type vz --vz-rosetta) or QEMU binfmt on Linux."
  info "If emulation is too slow, task cloudstack:setup -- --vm prints the steps for a UTM or Lima VM."
fi
exec bash "$CLOUDSTACK_MCP_ROOT/scripts/docker.sh" start
