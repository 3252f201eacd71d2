#!/usr/bin/env bash
# Install Debian packages (as root, or through sudo): the one place the build reaches for apt.
set -euo pipefail
[ $# -gt 0 ] || exit 0
echo "apt-install: installing $*" >&2
run() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
run apt-get update -qq >&2
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
