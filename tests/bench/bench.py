#!/usr/bin/env python3
"""bench - how long a check takes, and what running the lookups of a round
together buys. Prints figures; asserts nothing about time.

1. Lab with a declared latency per answer: the whole check, and the FCrDNS
   verdict's share, against the serial sum of every step's latency.
2. Live against NSD + Unbound on loopback: wall time of `check` over
   several runs (median, p90).
3. The cost of a whole live check, counted by callgrind (instructions:
   the same figure on a busy machine or an idle one), next to one
   `drill -x` against the same resolver; its peak RSS; and the threads
   of a lab check while its answers are pending.
4. The wizard's answer to a key while lookups are pending (a lab whose
   answers take a minute) and once they are done: from tmux send-keys to
   the help overlay on the captured screen. The idle figure is what tmux
   itself costs, so the difference is the wizard's.
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from servers import DnsServers  # noqa: E402

LAB = """; latency: {latency}
$ORIGIN example.com.
@ SOA ns. h. 1 2 3 4 5
mail A 198.51.100.5
mail AAAA 2001:db8:1::5
$ORIGIN 100.51.198.in-addr.arpa.
@ SOA ns. h. 1 2 3 4 5
@ NS ns1.example.com.
5 PTR mail.example.com.
$ORIGIN 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.
@ SOA ns. h. 1 2 3 4 5
5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 PTR mail.example.com.
"""


def timed(argv):
    t0 = time.monotonic()
    r = subprocess.run(argv, capture_output=True, text=True)
    return (time.monotonic() - t0) * 1000, r


def lab_bench(binary, latency, runs):
    with tempfile.NamedTemporaryFile("w", suffix=".zone", delete=False) as f:
        f.write(LAB.format(latency=latency))
        path = f.name
    walls, steps = [], 0
    for _ in range(runs):
        ms, r = timed([binary, "check", "198.51.100.5", "--helo", "mail.example.com", "--lab", path, "--json"])
        walls.append(ms)
        result = json.loads(r.stdout)
        steps = len(result["steps"])
        rounds = max(s["round"] for s in result["steps"])
        verdict_rounds = result["round_trips"]
    os.unlink(path)
    print(f"lab, {latency} ms per answer: {steps} lookups in {rounds} rounds; "
          f"FCrDNS verdict after {verdict_rounds} round trips")
    print(f"  whole check: median {statistics.median(walls):.0f} ms over {runs} runs "
          f"(serial would be {steps * latency} ms; {rounds} rounds = {rounds * latency} ms)")


LIVE_ZONES = {
    "example.test.": "$ORIGIN example.test.\nmail A 45.90.200.5\nmail AAAA 2a0c:9a40:200::5\n",
    "200.90.45.in-addr.arpa.": "$ORIGIN 200.90.45.in-addr.arpa.\n5 PTR mail.example.test.\n",
}


def live_bench(binary, runs, servers):
    walls = []
    argv = [binary, "check", "45.90.200.5", "--helo", "mail.example.test", "--server",
            f"127.0.0.1:{servers.port}", "--auth-port", str(servers.nsd_port), "--json"]
    for _ in range(runs):
        ms, r = timed(argv)
        walls.append(ms)
    walls.sort()
    p90 = walls[int(len(walls) * 0.9) - 1]
    print(f"live, NSD + Unbound on loopback: median {statistics.median(walls):.1f} ms, "
          f"p90 {p90:.1f} ms, min {walls[0]:.1f} ms over {runs} runs")


def instructions(argv):
    """Instructions the whole program ran (callgrind, all threads)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + argv,
                           capture_output=True, text=True)
        for line in open(out):
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise RuntimeError(f"callgrind gave no total: {r.stderr[-500:]}")


def peak_rss_kb(argv):
    """Through GNU time: a child forked from this Python would count
    Python's own pages, copied at the fork, in its peak."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    return int(r.stderr.strip().splitlines()[-1])


def threads_while_pending(binary, latency_ms):
    """The threads of a lab check, read from /proc while its answers wait."""
    with tempfile.NamedTemporaryFile("w", suffix=".zone", delete=False) as f:
        f.write(LAB.format(latency=latency_ms))
        path = f.name
    proc = subprocess.Popen([binary, "check", "198.51.100.5", "--helo", "mail.example.com", "--lab", path],
                            stdout=subprocess.DEVNULL)
    most = 0
    try:
        deadline = time.monotonic() + latency_ms / 1000 * 0.8
        while time.monotonic() < deadline and proc.poll() is None:
            with open(f"/proc/{proc.pid}/status") as status:
                for line in status:
                    if line.startswith("Threads:"):
                        most = max(most, int(line.split()[1]))
            time.sleep(0.05)
    finally:
        proc.wait()
        os.unlink(path)
    return most


def cost_bench(binary, servers):
    server = f"127.0.0.1:{servers.port}"
    # the zones' own servers are NSD on its port: on 53 nothing answers
    check = [binary, "check", "45.90.200.5", "--helo", "mail.example.test", "--server", server,
             "--auth-port", str(servers.nsd_port)]
    whole = instructions(check)
    drill = instructions(["drill", "-p", str(servers.port), "-x", "45.90.200.5", "@127.0.0.1"])
    print(f"cost (callgrind): a whole check {whole / 1e6:.1f} M instructions; "
          f"one `drill -x` {drill / 1e6:.1f} M")
    print(f"  peak RSS of a whole check: {peak_rss_kb(check) / 1024:.1f} MB "
          f"(`drill -x`: {peak_rss_kb(['drill', '-p', str(servers.port), '-x', '45.90.200.5', '@127.0.0.1']) / 1024:.1f} MB)")
    print(f"  threads of a lab check while its answers are pending: {threads_while_pending(binary, 1500)}")


def key_reaction_ms(sock, key, pattern, appear=True):
    tmux = ["tmux", "-L", sock]
    t0 = time.monotonic()
    subprocess.run(tmux + ["send-keys", "-t", "t", key], check=True)
    while time.monotonic() - t0 < 5:
        screen = subprocess.run(tmux + ["capture-pane", "-p", "-t", "t"], capture_output=True, text=True).stdout
        if (pattern in screen) == appear:
            return (time.monotonic() - t0) * 1000
    raise RuntimeError(f"the screen never {'showed' if appear else 'lost'} {pattern!r}")


def key_bench(binary, latency, presses):
    with tempfile.NamedTemporaryFile("w", suffix=".zone", delete=False) as f:
        f.write(LAB.format(latency=latency))
        path = f.name
    sock = f"ptrdoctor-bench-{os.getpid()}-{latency}"
    cmd = f"{shlex.quote(binary)} 198.51.100.5 --helo mail.example.com --lab {shlex.quote(path)}"
    subprocess.run(["tmux", "-L", sock, "new-session", "-d", "-s", "t", "-x", "100", "-y", "30",
                    "env", "TERM=tmux-256color", "LC_ALL=C.UTF-8", "bash", "-c", cmd], check=True)
    try:
        want = "answered" if latency else "All lookups answered"
        key_reaction_ms(sock, "", want)
        times = []
        for _ in range(presses):
            times.append(key_reaction_ms(sock, "?", "─Help: "))
            key_reaction_ms(sock, "Escape", "─Help: ", appear=False)
        pending = "All lookups answered" not in subprocess.run(
            ["tmux", "-L", sock, "capture-pane", "-p", "-t", "t"], capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"])
        os.unlink(path)
    times.sort()
    state = "lookups pending" if pending else "no lookup pending"
    print(f"  key to screen, {state}: median {statistics.median(times):.1f} ms, "
          f"p90 {times[int(len(times) * 0.9) - 1]:.1f} ms, max {times[-1]:.1f} ms over {presses} presses")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="./ptrdoctor")
    ap.add_argument("--runs", type=int, default=20)
    opts = ap.parse_args()
    lab_bench(opts.binary, 100, 5)
    with tempfile.TemporaryDirectory() as tmp:
        servers = DnsServers(tmp, LIVE_ZONES)
        servers.start()
        try:
            live_bench(opts.binary, opts.runs, servers)
            cost_bench(opts.binary, servers)
        finally:
            servers.stop()
    print("wizard (tmux send-keys to capture-pane):")
    key_bench(opts.binary, 60000, opts.runs)
    key_bench(opts.binary, 0, opts.runs)


if __name__ == "__main__":
    main()
