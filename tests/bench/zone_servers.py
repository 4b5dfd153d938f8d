#!/usr/bin/env python3
"""zone_servers - what the zones' own servers cost a check. Prints figures;
asserts nothing about time (tests/integration/authority.py asserts the
behaviour).

1. Reachable, behind a resolver that delays every answer 200 ms (the
   zones' servers, asked directly, are not delayed): a whole check in
   round trips of 200 ms, with the HELO equal to the PTR name and not.
2. Silent from here while the resolver reaches them (a firewall that lets
   DNS through only to the resolver): direct questions go to a port where
   a silent server takes them and never answers. One check, then a /24
   whose addresses share the silent servers."""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from servers import DEFAULT_HEAD, DnsServers, SilentServer  # noqa: E402
import importlib.util  # noqa: E402

# tests/bench/batch.py's DelayProxy (tests/integration has a batch.py too)
_spec = importlib.util.spec_from_file_location("bench_batch", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                         "batch.py"))
delayed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(delayed)

DELAY = 0.2

ZONES = {"u1.test.": DEFAULT_HEAD + "$ORIGIN u1.test.\nmail A 45.90.50.5\nother A 45.90.50.5\n",
         "50.90.45.in-addr.arpa.": DEFAULT_HEAD + "$ORIGIN 50.90.45.in-addr.arpa.\n" +
         "".join(f"{i} PTR mail.u1.test.\n" for i in range(256))}


def round_trips(binaries, servers):
    delayed.DELAY = DELAY
    proxy = delayed.DelayProxy(servers.port)
    try:
        for binary in binaries:
            for helo in ("mail.u1.test", "other.u1.test"):
                times = []
                for _ in range(5):
                    started = time.monotonic()
                    subprocess.run([binary, "check", "45.90.50.5", "--helo", helo, "--server",
                                    f"127.0.0.1:{proxy.port}", "--auth-port", str(servers.nsd_port)],
                                   capture_output=True, text=True)
                    times.append(time.monotonic() - started)
                times.sort()
                print(f"{binary} check, HELO {helo} (the PTR name: mail.u1.test), zone servers reachable, "
                      f"resolver +{DELAY * 1000:.0f} ms: median {times[2]:.2f} s = {times[2] / DELAY:.1f} round trips")
    finally:
        proxy.stop()


def main():
    binaries = sys.argv[1:] or ["./ptrdoctor"]
    with tempfile.TemporaryDirectory() as tmp:
        silent = SilentServer("0.0.0.0")
        try:
            with DnsServers(tmp, ZONES) as servers:
                round_trips(binaries, servers)
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
