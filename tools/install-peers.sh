# Installs the real BitTorrent programs the interop tests run against (Debian packages).
# Idempotent: does nothing when all are present.
set -euo pipefail
need=()
command -v mktorrent >/dev/null || need+=(mktorrent)
command -v transmission-cli >/dev/null || need+=(transmission-cli)
command -v aria2c >/dev/null || need+=(aria2)
command -v opentracker >/dev/null || need+=(opentracker)
command -v wrk >/dev/null || need+=(wrk)
/usr/bin/python3 -c 'import libtorrent' 2>/dev/null || need+=(python3-libtorrent)
[ ${#need[@]} -eq 0 ] && exit 0
echo "install-peers: installing ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-peers: need root to apt-get install ${need[*]}; the interop tests fail without them." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${need[@]}" >/dev/null
