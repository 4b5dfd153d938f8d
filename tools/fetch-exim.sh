#!/bin/sh
# fetch-exim.sh DIR - Debian's Exim 4 binary unpacked under DIR, for the
# receiver tests. Exim cannot be installed beside Postfix (both are the
# system's mail transport), so its package is downloaded and unpacked, never
# installed; the libraries it needs are installed by `make check`.
set -eu
dir=$1
[ -x "$dir/usr/sbin/exim4" ] && exit 0
mkdir -p "$dir"
cd "$dir"
apt-get download exim4-daemon-light >/dev/null 2>&1 || {
	apt-get update >/dev/null && apt-get download exim4-daemon-light >/dev/null
}
dpkg -x exim4-daemon-light_*.deb .
rm -f exim4-daemon-light_*.deb
[ -x usr/sbin/exim4 ]
