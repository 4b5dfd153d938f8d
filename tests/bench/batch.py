#!/usr/bin/env python3
"""batch - figures for `ptrdoctor check` of many addresses. Prints
figures; asserts nothing about time.

1. A /24 behind a resolver that delays every answer by 50 ms (a proxy in
   front of Unbound): wall time, and the same in round trips of 50 ms,
   next to `dig -x` of the same 256 addresses one after the other
   (`dig -f`, one process). The zones' own servers, asked directly, are
   not delayed.
2. Throughput on loopback: NSD serving a /16 of PTRs and their A records,
   asked directly as the server (so the resolver is not what is
   measured): checks and questions a second on this machine, the peak
   RSS of the whole /16, and the instructions of one check (callgrind
   over a /24, divided by 256).

  batch.py BINARY
"""
import heapq
import os
import re
import select
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from servers import DnsServers, free_port  # noqa: E402

DELAY = 0.050


class DelayProxy:
    """Forwards to Unbound at once; sends each answer back DELAY later."""

    def __init__(self, upstream_port):
        self.port = free_port()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", self.port))
        self.up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.up.bind(("127.0.0.1", 0))
        for s in (self.sock, self.up):  # a batch's burst must not overflow them
            try:
                s.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)  # SO_RCVBUFFORCE (root)
            except OSError:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.upstream = ("127.0.0.1", upstream_port)
        self.pending, self.due, self.next_id, self.stopped = {}, [], 0, False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stopped:
            wait = max(0.0, self.due[0][0] - time.monotonic()) if self.due else 0.1
            ready, _, _ = select.select([self.sock, self.up], [], [], min(wait, 0.1))
            for s in ready:
                data, peer = s.recvfrom(65535)
                if len(data) < 12:
                    continue
                if s is self.sock:
                    self.next_id = self.next_id % 65535 + 1
                    self.pending[self.next_id] = (peer, data[:2])
                    self.up.sendto(struct.pack(">H", self.next_id) + data[2:], self.upstream)
                else:
                    client = self.pending.pop(struct.unpack(">H", data[:2])[0], None)
                    if client:
                        heapq.heappush(self.due, (time.monotonic() + DELAY, id(data), client, data))
            now = time.monotonic()
            while self.due and self.due[0][0] <= now:
                _, _, (peer, qid), data = heapq.heappop(self.due)
                self.sock.sendto(qid + data[2:], peer)

    def stop(self):
        self.stopped = True
        self.thread.join()
        self.sock.close()
        self.up.close()


def pool24():
    rev = ["$ORIGIN 230.90.45.in-addr.arpa."] + [f"{i} PTR h{i}.pool24.test." for i in range(256)]
    fwd = ["$ORIGIN pool24.test."] + [f"h{i} A 45.90.230.{i}" for i in range(256)]
    return {"230.90.45.in-addr.arpa.": "\n".join(rev) + "\n", "pool24.test.": "\n".join(fwd) + "\n"}


def pool16():
    rev = ["$ORIGIN 91.45.in-addr.arpa."]
    fwd = ["$ORIGIN pool16.test."]
    for a in range(256):
        for b in range(256):
            rev.append(f"{b}.{a} PTR h{a}-{b}.pool16.test.")
            fwd.append(f"h{a}-{b} A 45.91.{a}.{b}")
    return {"91.45.in-addr.arpa.": "\n".join(rev) + "\n", "pool16.test.": "\n".join(fwd) + "\n"}


def summary_figures(text):
    m = re.search(r"(\d+) questions in ([\d.]+) s", text)
    return (int(m.group(1)), float(m.group(2))) if m else (0, 0.0)


def delayed_24(binary):
    with tempfile.TemporaryDirectory() as tmp:
        servers = DnsServers(tmp, pool24())
        servers.start()
        proxy = DelayProxy(servers.port)
        try:
            started = time.monotonic()
            r = subprocess.run([binary, "check", "45.90.230.0/24", "--server", f"127.0.0.1:{proxy.port}",
                                "--auth-port", str(servers.nsd_port), "--parallel", "1024"],
                               capture_output=True, text=True, timeout=300)
            took = time.monotonic() - started
            questions, _ = summary_figures(r.stdout)
            names = os.path.join(tmp, "dig.txt")
            with open(names, "w") as f:
                f.write("".join(f"-x 45.90.230.{i}\n" for i in range(256)))
            started = time.monotonic()
            subprocess.run(["dig", f"@127.0.0.1", "-p", str(proxy.port), "+short", "+tries=1", "-f", names],
                           capture_output=True, text=True, timeout=300)
            dig_took = time.monotonic() - started
        finally:
            proxy.stop()
            servers.stop()
    print(f"a /24 behind a resolver answering after {DELAY * 1000:.0f} ms: {took:.2f} s "
          f"= {took / DELAY:.1f} round trips, {questions} questions "
          f"(dig -x of the same 256, one after the other: {dig_took:.1f} s = {dig_took / DELAY:.0f} round trips)")


def throughput_16(binary):
    with tempfile.TemporaryDirectory() as tmp:
        servers = DnsServers(tmp, pool16())
        servers.start()
        try:
            port = str(servers.nsd_port)
            time_bin = shutil.which("time") or "/usr/bin/time"
            started = time.monotonic()
            r = subprocess.run([time_bin, "-f", "RSS %M", binary, "check", "45.91.0.0/16", "--server",
                                f"127.0.0.1:{port}", "--auth-port", port, "--parallel", "512"],
                               capture_output=True, text=True, timeout=3600)
            took = time.monotonic() - started
            questions, seconds = summary_figures(r.stdout)
            rss = re.search(r"RSS (\d+)", r.stderr)
            checked = re.search(r"(\d+) addresses checked", r.stdout)
            n = int(checked.group(1)) if checked else 0
            print(f"a /16 asked of NSD directly: {n} checks in {took:.1f} s = {n / took:.0f} checks/s, "
                  f"{questions} questions = {questions / took:.0f} questions/s; peak RSS "
                  f"{int(rss.group(1)) / 1024 if rss else 0:.1f} MB")
            out = os.path.join(tmp, "callgrind.out")
            subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, "check",
                            "45.91.7.0/24", "--server", f"127.0.0.1:{port}", "--auth-port", port, "--timeout",
                            "20000"], capture_output=True, text=True, timeout=900)
            total = 0
            with open(out) as f:
                for line in f:
                    if line.startswith("summary:") or line.startswith("totals:"):
                        total = int(line.split()[1])
            print(f"  instructions per check (callgrind over a /24): {total / 256 / 1e6:.2f} M")
        finally:
            servers.stop()


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "./ptrdoctor")
    delayed_24(binary)
    throughput_16(binary)


if __name__ == "__main__":
    main()
