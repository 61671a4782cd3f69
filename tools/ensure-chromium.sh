#!/bin/sh
# Installs Debian's chromium for the browser tests when it is missing (needs root and apt).
set -e
if command -v chromium >/dev/null 2>&1; then exit 0; fi
echo "installing chromium from Debian's packages for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null
