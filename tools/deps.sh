#!/bin/sh
# deps.sh - install the Debian packages named on the command line that are
# missing: apt-get as root, sudo otherwise, a clear message when neither works.
set -u
missing=""
for pkg in "$@"; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
echo "ptrdoctor: installing missing packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
	run=""
elif command -v sudo >/dev/null 2>&1; then
	run="sudo"
else
	echo "ptrdoctor: these packages are missing:$missing" >&2
	echo "ptrdoctor: install them as root: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $run apt-get install -y --no-install-recommends $missing; then
	$run apt-get update && $run apt-get install -y --no-install-recommends $missing || {
		echo "ptrdoctor: could not install:$missing" >&2
		exit 1
	}
fi
