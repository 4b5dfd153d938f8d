#!/usr/bin/env python3
"""unreachable - how long a check takes when the zones' own servers do not
answer from here while the resolver reaches them (a firewall that lets DNS
through only to the resolver): direct questions go to a port where a
silent server takes them and never answers. One check, then a /24 whose
addresses share the silent servers. Prints figures; asserts nothing about
time (tests/integration/authority.py asserts the behaviour)."""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from servers import DEFAULT_HEAD, DnsServers, SilentServer  # noqa: E402

ZONES = {"u1.test.": DEFAULT_HEAD + "$ORIGIN u1.test.\nmail A 45.90.50.5\n",
         "50.90.45.in-addr.arpa.": DEFAULT_HEAD + "$ORIGIN 50.90.45.in-addr.arpa.\n" +
         "".join(f"{i} PTR mail.u1.test.\n" for i in range(256))}


def main():
    binaries = sys.argv[1:] or ["./ptrdoctor"]
    with tempfile.TemporaryDirectory() as tmp:
        silent = SilentServer("0.0.0.0")
        try:
            with DnsServers(tmp, ZONES) as servers:
                for binary in binaries:
                    for args in (["45.90.50.5", "--helo", "mail.u1.test"], ["45.90.50.0/24"]):
                        started = time.monotonic()
                        r = subprocess.run([binary, "check", *args, "--server", f"127.0.0.1:{servers.port}",
                                            "--auth-port", str(silent.port)], capture_output=True, text=True)
                        took = time.monotonic() - started
                        summary = next((l for l in r.stdout.splitlines()
                                        if l.startswith("Verdict") or "addresses checked" in l), "")
                        print(f"{binary} check {' '.join(args)}, zone servers silent: {took:.2f} s, "
                              f"exit {r.returncode}: {summary}")
        finally:
            silent.stop()


if __name__ == "__main__":
    main()
