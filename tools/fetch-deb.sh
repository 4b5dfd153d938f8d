#!/bin/sh
# fetch-deb.sh DIR PACKAGE... - Debian packages unpacked under DIR, for the
# receiver tests. Exim, OpenSMTPD and Sendmail cannot be installed beside
# Postfix (each is the system's mail transport), so their packages are
# downloaded and unpacked, never installed; the libraries they need are
# installed by `make check`.
set -eu
dir=$1
shift
mkdir -p "$dir"
cd "$dir"
for package in "$@"; do
	[ -f ".$package.unpacked" ] && continue
	apt-get download "$package" >/dev/null 2>&1 || {
		apt-get update >/dev/null && apt-get download "$package" >/dev/null
	}
	dpkg -x "${package}"_*.deb .
	rm -f "${package}"_*.deb
	touch ".$package.unpacked"
done
