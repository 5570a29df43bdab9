#!/usr/bin/env bash
# Host detection for `task cloudstack:setup`, kept as pure functions of their inputs so tests can feed them any
# host: host_plan OS ARCH TRANSLATED DOCKER, where
#   OS          `uname -s` (Linux, Darwin, MINGW64_NT-..., ...)
#   ARCH        `uname -m` (x86_64, amd64, arm64, aarch64, ...)
#   TRANSLATED  1 when the shell itself runs under Rosetta (`sysctl -n sysctl.proc_translated`), else 0
#   DOCKER      engine | cli-only | none  (what docker_state reports)
# It prints one word:
#   compose           x86-64 with a Docker engine: run the compose environment natively
#   compose-emulated  arm64 with a Docker engine: run it with the linux/amd64 platform (Rosetta or QEMU)
#   engine-down       the docker command exists but no engine answers
#   no-docker         no docker command at all
#   unsupported       an OS we have no recipe for (native Windows shells)

# Normalises `uname -m` spellings to x86_64 or arm64 (anything else is printed as is).
host_arch() {
  local arch=$1 translated=${2:-0}
  # A Rosetta-translated shell on an Apple Silicon Mac reports x86_64, but containers still run emulated.
  if [[ $translated == 1 ]]; then
    echo arm64
    return
  fi
  case $arch in
    x86_64 | amd64 | x64) echo x86_64 ;;
    arm64 | aarch64 | armv8* | arm64e) echo arm64 ;;
    *) echo "$arch" ;;
  esac
}

host_os() {
  case $1 in
    Linux) echo linux ;;
    Darwin) echo macos ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT) echo windows ;;
    *) echo "$1" ;;
  esac
}

host_plan() {
  local os arch docker=$4
  os=$(host_os "$1")
  arch=$(host_arch "$2" "${3:-0}")
  if [[ $os != linux && $os != macos ]]; then
    echo unsupported
  elif [[ $docker == none ]]; then
    echo no-docker
  elif [[ $docker != engine ]]; then
    echo engine-down
  elif [[ $arch == x86_64 ]]; then
    echo compose
  else
    echo compose-emulated
  fi
}

# Human description of the host, e.g. "macOS on Apple Silicon (arm64)".
host_description() {
  local os arch
  os=$(host_os "$1")
  arch=$(host_arch "$2" "${3:-0}")
  case "$os/$arch" in
    macos/arm64) echo "macOS on Apple Silicon (arm64)" ;;
    macos/x86_64) echo "macOS on Intel (x86-64)" ;;
    linux/x86_64) echo "Linux on x86-64" ;;
    linux/arm64) echo "Linux on arm64" ;;
    *) echo "$1 on $2" ;;
  esac
}

# engine | cli-only | none, for the real host.
docker_state() {
  if ! command -v docker >/dev/null 2>&1; then
    echo none
  elif docker info >/dev/null 2>&1; then
    echo engine
  else
    echo cli-only
  fi
}

# 1 when this shell runs under Rosetta translation, else 0.
rosetta_translated() {
  if [[ $(uname -s) == Darwin ]] && [[ $(sysctl -n sysctl.proc_translated 2>/dev/null || echo 0) == 1 ]]; then
    echo 1
  else
    echo 0
  fi
}

# The override file (relative to the repo) that a plan adds to docker/docker-compose.yml, or nothing.
compose_override_for_plan() {
  if [[ $1 == compose-emulated ]]; then
    echo docker/docker-compose.emulated.yml
  fi
}
