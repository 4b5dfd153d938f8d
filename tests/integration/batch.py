#!/usr/bin/env python3
"""batch - `ptrdoctor check` of a whole /24 against NSD + Unbound on
loopback, every address's result equal to a single `check` of it.

The /24 45.90.220.0/24 mixes every kind of case: a PTR that resolves
back, no PTR, a PTR whose name points elsewhere, a generic name, two PTRs,
a PTR into a zone whose server refuses (SERVFAIL) and one whose server
never answers (timeout). The batch runs as JSON Lines; each line must
equal, rule by rule and receiver by receiver, the single check of the
same address. Then the text output and its summary, a batch file with
bad lines, and a prefix too large.

  batch.py BINARY...
  batch.py --show BINARY   print the text output of the mixed /24 and stop
"""
import json
import os
import pty
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

from servers import DnsServers, Expect, free_port

NET = "45.90.220"
HELO = "mail.fleet.test"


def pool_zones():
    reverse, forward = [f"$ORIGIN 220.90.45.in-addr.arpa."], ["$ORIGIN fleet.test.", f"mail A {NET}.1"]
    for i in range(256):
        kind = i % 8
        if i == 1:
            reverse.append("1 PTR mail.fleet.test.")  # the one that passes whole
        elif kind == 0:
            reverse.append(f"{i} PTR host{i}.fleet.test.")
            forward.append(f"host{i} A {NET}.{i}")
        elif kind == 1:
            continue  # no PTR
        elif kind == 2:
            reverse.append(f"{i} PTR elsewhere{i}.fleet.test.")
            forward.append(f"elsewhere{i} A 45.90.221.{i}")
        elif kind == 3:
            reverse.append(f"{i} PTR {i}-220-90-45.dynamic.fleet.test.")
            forward.append(f"{i}-220-90-45.dynamic A {NET}.{i}")
        elif kind == 4:
            reverse.append(f"{i} PTR a{i}.fleet.test.")
            reverse.append(f"{i} PTR b{i}.fleet.test.")
            forward.append(f"a{i} A {NET}.{i}")
            forward.append(f"b{i} A {NET}.{i}")
        elif kind == 5 and i < 64:
            reverse.append(f"{i} CNAME {i}.refused.test.")
        elif kind == 5 and i < 80:
            reverse.append(f"{i} CNAME {i}.silent.test.")
        else:
            reverse.append(f"{i} PTR mail.fleet.test.")  # shared by many: HELO matches only for .1
    return {"220.90.45.in-addr.arpa.": "\n".join(reverse) + "\n", "fleet.test.": "\n".join(forward) + "\n"}


class RefusingProxy:
    """A resolver in front of Unbound that answers REFUSED to whatever
    comes above `rate` questions a second (counted per 100 ms), as a public
    resolver's rate limit does."""

    def __init__(self, upstream_port, rate):
        self.port = free_port()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", self.port))
        self.upstream = ("127.0.0.1", upstream_port)
        self.per_tick = max(1, rate // 10)
        self.refused = self.forwarded = 0
        self.pending = {}  # upstream id -> (client, original id)
        self.up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.up.bind(("127.0.0.1", 0))
        self.stopped = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        import select
        tick, count, next_id = time.monotonic(), 0, 1
        while not self.stopped:
            ready, _, _ = select.select([self.sock, self.up], [], [], 0.1)
            for s in ready:
                data, peer = s.recvfrom(65535)
                if len(data) < 12:
                    continue
                if s is self.up:
                    qid = struct.unpack(">H", data[:2])[0]
                    client = self.pending.pop(qid, None)
                    if client:
                        self.sock.sendto(struct.pack(">H", client[1]) + data[2:], client[0])
                    continue
                now = time.monotonic()
                if now - tick >= 0.1:
                    tick, count = now, 0
                count += 1
                if count > self.per_tick:
                    flags = struct.unpack(">H", data[2:4])[0]
                    self.sock.sendto(data[:2] + struct.pack(">H", 0x8000 | (flags & 0x0100) | 0x0080 | 5) +
                                     data[4:12] + data[12:], peer)  # REFUSED, the question echoed
                    self.refused += 1
                    continue
                next_id = next_id % 65535 + 1
                self.pending[next_id] = (peer, struct.unpack(">H", data[:2])[0])
                self.up.sendto(struct.pack(">H", next_id) + data[2:], self.upstream)
                self.forwarded += 1

    def stop(self):
        self.stopped = True
        self.thread.join()
        self.sock.close()
        self.up.close()


def essence(result):
    """What must be the same in a batch line and a single check."""
    return {"ip": result["ip"], "verdict": result["verdict"],
            "rules": [(r["id"], r["status"]) for r in result["rules"]],
            "receivers": json.dumps({k: v if not isinstance(v, dict) or "verdict" in v else
                                     {c: d.get("verdict") for c, d in v.items()}
                                     for k, v in result["receivers"].items()}, sort_keys=True)}


def run(binary, servers, *args, stdin=None):
    argv = [binary, "check", *args, "--server", f"127.0.0.1:{servers.port}", "--auth-port",
            str(servers.nsd_port), "--timeout", "400"]
    return subprocess.run(argv, capture_output=True, text=True, timeout=600, input=stdin)


def with_terminal_stderr(binary, servers, *args):
    """Runs a check with stderr on a pseudo-terminal and stdout a pipe:
    what each received."""
    leader, follower = pty.openpty()
    argv = [binary, "check", *args, "--server", f"127.0.0.1:{servers.port}", "--auth-port",
            str(servers.nsd_port), "--timeout", "400"]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # EIO: every writer of the terminal is gone
            break
        if not data:
            break
        chunks.append(data)
    out = p.communicate(timeout=120)[0]
    os.close(leader)
    return b"".join(chunks).decode(errors="replace"), out.decode(errors="replace")


def check_binary(binary, servers, expect):
    started = time.monotonic()
    # no HELO here: one HELO for 256 addresses resolves to one of them, and
    # Exim's verify = helo refuses the other 255
    r = run(binary, servers, f"{NET}.0/24", "--json")
    took = time.monotonic() - started
    lines = [json.loads(l) for l in r.stdout.splitlines()]
    order = [l["ip"] for l in lines]
    expect(f"a /24 as JSON Lines: 256 objects in input order ({took:.1f} s), exit {r.returncode}",
           order == [f"{NET}.{i}" for i in range(256)] and r.returncode == 1, r.stderr[-500:])
    differ = []
    for line in lines:
        single = json.loads(run(binary, servers, line["ip"], "--json").stdout)
        if essence(single) != essence(line):
            differ.append((line["ip"], essence(line), essence(single)))
    expect(f"every one of the 256 equals its single check ({len(differ)} differ)", not differ,
           json.dumps(differ[:2])[:1500])
    kinds = {l["verdict"] for l in lines}
    expect(f"the mix has every verdict: {sorted(kinds)}", kinds == {"pass", "warn", "fail", "error"})
    text = run(binary, servers, f"{NET}.0/29", f"{NET}.40", "--helo", HELO).stdout
    expect("text: a header, one line per address, the summary with first problems and shared names",
           text.startswith("IP ") and f"\n{NET}.1 " in text and "9 addresses checked:" in text
           and "First problems:" in text and "Names shared by several addresses:" in text
           and "mail.fleet.test." in text, text[-1200:])
    batch = f"# the pool\n{NET}.8 {HELO}\n\nnonsense\n{NET}.9/24\n{NET}.8\n{NET}.16 host16.fleet.test\n"
    r = run(binary, servers, "--batch", "-", stdin=batch)
    expect("--batch -: bad lines named with their numbers, the rest checked, duplicates once",
           "line 4: nonsense is not an IP address" in r.stderr and "line 5: " in r.stderr
           and "host bits set" in r.stderr and "2 addresses checked" in r.stdout
           and "1 given twice, 2 bad lines" in r.stdout and r.returncode == 1, r.stdout + r.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "pool.fifo")
        os.mkfifo(fifo)

        def feed():
            with open(fifo, "w") as f:
                for i in (1, 8, 16):
                    f.write(f"{NET}.{i}\n")
                    f.flush()
                    time.sleep(0.2)
        writer = threading.Thread(target=feed)
        writer.start()
        r = run(binary, servers, "--batch", fifo, "--helo", HELO)
        writer.join()
    expect("--batch FIFO: lines read as they come", "3 addresses checked" in r.stdout, r.stdout[-400:] + r.stderr)
    r = run(binary, servers, "--batch", "/dev/null")
    expect("--batch of an empty file: nothing checked, exit 0", r.returncode == 0 and "0 addresses checked" in r.stdout,
           r.stdout + r.stderr)
    progress, out = with_terminal_stderr(binary, servers, f"{NET}.0/28", "--helo", HELO)
    shown = re.findall(r"\r\x1b\[K(\d+)/16 checked, \d+ addresses/s, \d+ s left", progress)
    expect(f"stderr a terminal: a progress line ({len(shown)} updates, the last {shown[-1:]}/16), none in the output",
           shown and shown[-1] == "16" and "\r" not in out and "checked," not in out
           and "16 addresses checked:" in out, repr(progress[-300:]) + out[-300:])
    argv = [binary, "check", f"{NET}.0/24", "--helo", HELO, "--server", f"127.0.0.1:{servers.port}",
            "--auth-port", str(servers.nsd_port), "--timeout", "2000"]
    import signal  # started with SIGINT ignored, as a shell starts a background job
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    time.sleep(1.0)
    p.send_signal(2)
    out, err = p.communicate(timeout=20)
    finished = [l for l in out.splitlines() if l.startswith(NET + ".")]
    expect(f"Ctrl-C half-way: {len(finished)} finished lines, a partial summary, exit {p.returncode}",
           p.returncode == 130 and 0 < len(finished) < 256 and
           f"Stopped by Ctrl-C: {len(finished)} addresses checked" in out, out[-600:] + err[-300:])
    proxy = RefusingProxy(servers.port, 400)
    try:
        started = time.monotonic()
        argv = [binary, "check", f"{NET}.0/26", "--server", f"127.0.0.1:{proxy.port}",
                "--auth-port", str(servers.nsd_port), "--timeout", "400", "--json"]
        limited = [json.loads(l) for l in subprocess.run(argv, capture_output=True, text=True,
                                                          timeout=600).stdout.splitlines()]
        took = time.monotonic() - started
    finally:
        proxy.stop()
    wrong = [(l["ip"], essence(l), essence(full)) for l, full in zip(limited, lines[:64])
             if essence(l) != essence(full)]
    expect(f"a resolver refusing above 400 questions/s ({proxy.refused} REFUSED, {proxy.forwarded} answered): "
           f"the /26 ends in {took:.1f} s with no verdict changed", proxy.refused > 0 and len(limited) == 64
           and not wrong, f"differ: {json.dumps(wrong[:2])[:1500]}")
    r = run(binary, servers, f"{NET}.0/8")
    expect("a prefix too large is a usage error naming the limit",
           r.returncode == 64 and "prefixes from /16 to /32 for IPv4" in r.stderr, r.stderr)


def show(binary):
    with tempfile.TemporaryDirectory() as tmp:
        servers = DnsServers(tmp, pool_zones(), lame=["refused.test."], silent=["silent.test."])
        servers.start()
        try:
            r = run(os.path.abspath(binary), servers, f"{NET}.0/24", "--helo", HELO)
            print(r.stdout, end="")
            print(f"(exit {r.returncode})")
        finally:
            servers.stop()


def main():
    if sys.argv[1:2] == ["--show"]:
        show(sys.argv[2])
        return
    expect = Expect()
    with tempfile.TemporaryDirectory() as tmp:
        servers = DnsServers(tmp, pool_zones(), lame=["refused.test."], silent=["silent.test."])
        servers.start()
        try:
            for binary in sys.argv[1:]:
                print(f"{binary}:")
                check_binary(os.path.abspath(binary), servers, expect)
        finally:
            servers.stop()
    sys.exit(1 if expect.failures else 0)


if __name__ == "__main__":
    main()
