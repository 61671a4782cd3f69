#!/bin/sh
# Installs the servers the integration tests start on loopback, from Debian's packages, when they
# are missing (needs root and apt): chromium (browser tests), prometheus (metrics scraping) and
# clickhouse-server (the scale-out storage engine) and postgresql (the shared operational store).
# The tests start and stop them themselves; nothing is left running as a system service.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v prometheus >/dev/null 2>&1 || missing="$missing prometheus"
command -v clickhouse-server >/dev/null 2>&1 || missing="$missing clickhouse-server"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
[ -z "$missing" ] && exit 0
echo "installing from Debian's packages for the integration tests:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps the packages' own services from starting.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
for bin in $missing; do
  if [ "$bin" = postgresql ]; then ls /usr/lib/postgresql/*/bin/initdb >/dev/null; else command -v "$bin" >/dev/null; fi
done
