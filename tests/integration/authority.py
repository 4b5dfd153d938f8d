#!/usr/bin/env python3
"""authority - the authoritative round against real servers: a fix that is
in place at the source but still cached, a secondary that missed the
change, a lame server, a cached "no such PTR".

Three NSD instances share one port on three loopback addresses (127.0.0.1,
.2 and .3: ns1, ns2 and ns3 of the zone); ptrdoctor reaches them with
--auth-port. Unbound caches as a real resolver does (nothing here turns
its cache off) and reaches the zones through stubs. Every packet stays on
loopback: the root is NSD too.

  authority.py BINARY...
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from servers import ephemeral_low, nsd_conf, tui_module, unbound_conf

HERE = os.path.dirname(os.path.abspath(__file__))

IP = "45.90.200.5"       # its PTR is changed while Unbound holds the old one
IP_NEW = "45.90.200.6"   # no PTR at first: the "no" is cached
IP_WATCH = "45.90.200.7" # its PTR changes under a short TTL: `check --watch` sees it land
WATCH_TTL = 6
IP_WIZARD = "45.90.200.8" # the same, watched in the wizard (w), under a longer TTL
WIZARD_TTL = 14
REVERSE = "200.90.45.in-addr.arpa."
TTL = 300
NEG_TTL = 120            # the SOA's minimum: how long a "no" is kept (RFC 2308)

ROOT = """$ORIGIN .
$TTL 300
@ SOA ns1.auth.test. hostmaster.auth.test. 1 3600 600 86400 300
@ NS ns1.auth.test.
"""

FORWARD = """$ORIGIN auth.test.
$TTL 300
@ SOA ns1 hostmaster 1 3600 600 86400 300
@ NS ns1
ns1 A 127.0.0.1
ns2 A 127.0.0.2
ns3 A 127.0.0.3
old A 45.90.200.5
mail A 45.90.200.5
old7 A 45.90.200.7
mail7 A 45.90.200.7
old8 A 45.90.200.8
mail8 A 45.90.200.8
mail6 A 45.90.200.6
"""


def reverse_zone(serial, ptr5, with6):
    return (f"$ORIGIN {REVERSE}\n$TTL {TTL}\n"
            f"@ SOA ns1.auth.test. hostmaster.auth.test. {serial} 3600 600 86400 {NEG_TTL}\n"
            "@ NS ns1.auth.test.\n@ NS ns2.auth.test.\n"
            f"5 PTR {ptr5}\n" + ("6 PTR mail6.auth.test.\n" if with6 else "") +
            f"7 {WATCH_TTL} PTR {'mail7' if with6 else 'old7'}.auth.test.\n"
            f"8 {WIZARD_TTL} PTR {'mail8' if with6 else 'old8'}.auth.test.\n")


# Another reverse zone whose third server, ns3, does not serve it: lame.
LAME_REVERSE = "201.90.45.in-addr.arpa."
LAME_ZONE = f"""$ORIGIN {LAME_REVERSE}
$TTL 300
@ SOA ns1.auth.test. hostmaster.auth.test. 1 3600 600 86400 300
@ NS ns1.auth.test.
@ NS ns3.auth.test.
5 PTR mail.auth.test.
"""


def shared_port():
    """A port below the ephemeral range free on 127.0.0.1, .2 and .3."""
    import random
    rng = random.SystemRandom()
    for _ in range(500):
        port = rng.randrange(10240, ephemeral_low())
        socks = []
        try:
            for host in ("127.0.0.1", "127.0.0.2", "127.0.0.3"):
                for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                    s = socket.socket(socket.AF_INET, kind)
                    socks.append(s)
                    s.bind((host, port))
            return port
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no port free on 127.0.0.1-3")


class Nsd:
    def __init__(self, workdir, name, host, port, zones):
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir)
        self.host, self.port, self.proc = host, port, None
        self.write(zones)

    def write(self, zones):
        nsd_conf(self.dir, self.host, self.port, zones)

    def start(self):
        conf = os.path.join(self.dir, "nsd.conf")
        subprocess.run(["nsd-checkconf", conf], check=True)
        self.proc = subprocess.Popen(["nsd", "-d", "-c", conf])

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def serve(self, zones, serial_zone, serial):
        """New zone data: NSD restarted on it, back once it serves serial."""
        self.stop()
        self.write(zones)
        self.start()
        wait_for(self.host, self.port, serial_zone, "SOA", lambda out: f" {serial} " in out)


def dig(host, port, *args):
    return subprocess.run(["dig", f"@{host}", "-p", str(port), "+time=1", "+tries=1", *args],
                          capture_output=True, text=True).stdout


def wait_for(host, port, name, qtype, ok=lambda out: "status: NOERROR" in out, recurse=False):
    deadline = time.time() + 20
    while time.time() < deadline:
        out = dig(host, port, qtype, name, "+recurse" if recurse else "+norecurse")
        if ok(out):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{host}@{port} did not serve {name} {qtype}")


def resolver_conf(workdir, port, auth_port):
    """Unbound asking the test's NSD for the root and the test's zones; it
    caches, as the cache rules need."""
    stubs = [(zone, f"127.0.0.1@{auth_port}") for zone in (".", "auth.test.", REVERSE, LAME_REVERSE)]
    return unbound_conf(workdir, port, stubs)


def check(binary, resolver_port, auth_port, ip):
    r = subprocess.run([binary, "check", ip, "--server", f"127.0.0.1:{resolver_port}", "--auth-port",
                        str(auth_port), "--json", "--timeout", "800"], capture_output=True, text=True, timeout=60)
    if r.stderr.strip():
        raise RuntimeError(f"stderr: {r.stderr.strip()}")
    return json.loads(r.stdout)


def rule(result, rid):
    return next(r for r in result["rules"] if r["id"] == rid)


def cached_ttl(resolver_port, ip):
    """The TTL dig sees for the cached PTR (or, for a cached "no", the SOA)."""
    out = dig("127.0.0.1", resolver_port, "-x", ip)
    m = re.search(r"^\S+\s+(\d+)\s+IN\s+(PTR|SOA)\s", out, re.M)
    return int(m.group(1)) if m else None


def unreachable_servers(binary, resolver_port, reachable, expect):
    """The zones' servers silent from the checker (a firewall that lets DNS
    through only to the resolver: direct questions go to a port where
    nothing answers) while Unbound reaches them: the verdict, the rules and
    the receivers are those with the servers reachable, auth-agree and
    cache-current skip saying why, and the report ends within the deadline
    (1 s after the resolver's answers, not the 6 s of the timeouts). A
    batch waits for each silent server once."""
    from servers import SilentServer
    silent = SilentServer("0.0.0.0")
    try:
        started = time.monotonic()
        r = subprocess.run([binary, "check", IP, "--server", f"127.0.0.1:{resolver_port}", "--auth-port",
                            str(silent.port), "--json"], capture_output=True, text=True, timeout=60)
        took = time.monotonic() - started
        cut = json.loads(r.stdout)
        skipped = ("auth-agree", "cache-current")
        same_rules = all(rule(cut, x["id"])["status"] == x["status"] for x in reachable["rules"] if x["id"] not in skipped)
        expect(f"unreachable servers: the verdict ({cut['verdict']}), rules and receivers as with them reachable",
               cut["verdict"] == reachable["verdict"] and same_rules and cut["receivers"] == reachable["receivers"],
               json.dumps([cut["verdict"], reachable["verdict"], cut["rules"]]))
        expect("unreachable servers: auth-agree and cache-current skip, saying it is this network",
               all(rule(cut, x)["status"] == "skip" and "from here" in rule(cut, x)["finding"] for x in skipped),
               json.dumps([rule(cut, x) for x in skipped]))
        expect(f"unreachable servers: no cause names a server ({len(cut['causes'])} causes)",
               not any(c["kind"].startswith("server-") for c in cut["causes"]), json.dumps(cut["causes"]))
        expect(f"unreachable servers: the report within 2.5 s at the default timeout ({took:.2f} s)", took < 2.5)
        text = subprocess.run([binary, "check", IP, "--server", f"127.0.0.1:{resolver_port}", "--auth-port",
                               str(silent.port)], capture_output=True, text=True, timeout=60).stdout
        expect("unreachable servers: the report says so under the zone's servers (and so the source screen)",
               "None answered from here, while the resolver got the zone's answers" in text, text[-1500:])
        started = time.monotonic()
        b = subprocess.run([binary, "check", "45.90.200.0/28", "--server", f"127.0.0.1:{resolver_port}",
                            "--auth-port", str(silent.port)], capture_output=True, text=True, timeout=120)
        took = time.monotonic() - started
        lines = [l for l in b.stdout.splitlines() if l.startswith("45.90.200.")]
        expect(f"unreachable servers: a batch of 16 waits for them once ({took:.2f} s, {len(lines)} lines)",
               len(lines) == 16 and took < 5, b.stdout[-800:] + b.stderr[-400:])
    finally:
        silent.stop()


def watch_landing(binary, resolver_port, auth_port, expect):
    """`check --watch 2` while Unbound still holds IP_WATCH's old PTR: the
    first report says wait, a later check sees cache-current pass and
    watching stops by itself, soon after the cache expired."""
    started = time.monotonic()
    r = subprocess.run([binary, "check", IP_WATCH, "--server", f"127.0.0.1:{resolver_port}", "--auth-port",
                        str(auth_port), "--timeout", "800", "--watch", "2"], capture_output=True, text=True,
                       timeout=60)
    took = time.monotonic() - started
    out = r.stdout
    print("  check --watch 2, after the first report:\n    " + "\n    ".join(
        l for l in out.splitlines() if re.match(r"(\d\d:\d\d:\d\d  |Next check|Stopped watching)", l)))
    changed = re.search(r"^\d\d:\d\d:\d\d  cache-current\s+warn -> pass ", out, re.M)
    expect(f"watch: the fix lands while watching (cache-current warn -> pass), then it stops ({took:.1f} s)",
           r.returncode == 0 and changed is not None and "Stopped watching: every rule passes." in out
           and "Nothing to change: wait until" in out and took < WATCH_TTL + 8, out[-1500:] + r.stderr)
    expect("watch: the next check is announced with the cache's expiry", "(the resolver's cached answer expires at"
           in out, out[-800:])
    # Ctrl-C while it waits for the next check: it ends at once, even
    # started with SIGINT ignored, as a shell starts a background job.
    import signal
    p = subprocess.Popen([binary, "check", IP_WATCH, "--server", f"127.0.0.1:{resolver_port}", "--auth-port",
                          str(auth_port), "--timeout", "800", "--watch", "60", "--helo", "nosuch.auth.test"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    deadline = time.monotonic() + 20
    first = ""
    while time.monotonic() < deadline and "Next check at" not in first:
        line = p.stdout.readline()
        if not line:
            break
        first += line
    p.send_signal(2)
    started = time.monotonic()
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    stopped = time.monotonic() - started
    expect(f"watch: Ctrl-C while waiting ends it at once ({stopped * 1000:.0f} ms, exit {p.returncode})",
           "Next check at" in first and stopped < 1 and p.returncode == 130, first[-400:])


def watch_in_wizard(binary, resolver_port, auth_port, expect):
    """The wizard in tmux: the verdict, then w: a countdown, and once the
    cache expired the changed rules and the end of watching."""
    tui = tui_module()
    t = tui.start(binary, f"{IP_WIZARD} --helo mail8.auth.test --server 127.0.0.1:{resolver_port} "
                          f"--auth-port {auth_port} --timeout 800")
    try:
        t.wait_for(r"All lookups answered", 15)
        t.keys("v")
        before = t.wait_for(r"Verdict: ")
        t.keys("w")
        counting = t.wait_for(r"Watching: next check in \d+ s; the cached answer expires in \d+:\d\d")
        after = t.wait_for(r"Stopped watching: every rule passes", WIZARD_TTL + 10)
        print("  the wizard after w:\n    " + "\n    ".join(after.rstrip().splitlines()))
        expect("wizard w: a countdown to the cache's expiry, then the changed rules and the end of watching",
               "cache-current" in after and re.search(r"\d\d:\d\d:\d\d  cache-current\s+warn -> pass", after)
               and re.search(r"helo-matches-ptr\s+\w+ -> pass", after) and "Verdict: PASS" in after,
               before + counting + after)
        t.keys("q")
        t.result()
    finally:
        t.close()


def main():
    failed = 0
    for binary in sys.argv[1:]:
        failed += run(binary)
    sys.exit(1 if failed else 0)


def run(binary):
    print(f"{binary}:")
    work = tempfile.mkdtemp(prefix="ptrdoctor-auth-")
    auth_port = shared_port()
    zones_v1 = {".": ROOT, "auth.test.": FORWARD, REVERSE: reverse_zone(1, "old.auth.test.", False),
                LAME_REVERSE: LAME_ZONE}
    ns1 = Nsd(work, "ns1", "127.0.0.1", auth_port, zones_v1)
    ns2 = Nsd(work, "ns2", "127.0.0.2", auth_port, {REVERSE: zones_v1[REVERSE]})
    ns3 = Nsd(work, "ns3", "127.0.0.3", auth_port, {"auth.test.": FORWARD})  # not the lame zone's
    from servers import free_port
    resolver_port = free_port()
    unbound = None
    failures = []

    def expect(what, cond, detail=""):
        print(f"{'ok  ' if cond else 'FAIL'} {what}{'' if cond else ': ' + detail}")
        if not cond:
            failures.append(what)

    try:
        for n in (ns1, ns2, ns3):
            n.start()
        wait_for("127.0.0.1", auth_port, REVERSE, "SOA")
        wait_for("127.0.0.2", auth_port, REVERSE, "SOA")
        wait_for("127.0.0.3", auth_port, "auth.test.", "SOA")
        conf = resolver_conf(work, resolver_port, auth_port)
        subprocess.run(["unbound-checkconf", conf], check=True, stdout=subprocess.DEVNULL)
        unbound = subprocess.Popen(["unbound", "-d", "-c", conf])
        wait_for("127.0.0.1", resolver_port, ".", "SOA", recurse=True)

        # 1. In sync, nothing cached yet: both rules pass.
        r = check(binary, resolver_port, auth_port, IP)
        expect("fresh: auth-agree passes", rule(r, "auth-agree")["status"] == "pass", rule(r, "auth-agree")["finding"])
        expect("fresh: cache-current passes", rule(r, "cache-current")["status"] == "pass",
               rule(r, "cache-current")["finding"])
        servers = r["authority"]["servers"] if r["authority"] else []
        expect("fresh: both servers of the reverse zone listed, authoritative, serial 1",
               sorted(s["address"] for s in servers) == ["127.0.0.1", "127.0.0.2"] and
               all(s["aa"] and s["serial"] == 1 and s["answers"] == ["old.auth.test."] for s in servers),
               json.dumps(servers))
        unreachable_servers(binary, resolver_port, r, expect)
        # ... and a cached "no" for the other address
        r = check(binary, resolver_port, auth_port, IP_NEW)
        expect("no PTR yet: ptr-exists fails, and the advice is to set it",
               rule(r, "ptr-exists")["status"] == "fail" and "45.90.200.6" in r["next"] and
               re.search(r"to set (its|the) PTR", r["next"]) is not None, r["next"])

        # 2. The fix at the provider: both servers get serial 2; Unbound still holds v1.
        cached_ttl(resolver_port, IP_WATCH)  # v1 of IP_WATCH, cached for WATCH_TTL s
        cached_ttl(resolver_port, IP_WIZARD)
        zones_v2 = dict(zones_v1)
        zones_v2[REVERSE] = reverse_zone(2, "mail.auth.test.", True)
        ns1.serve(zones_v2, REVERSE, 2)
        ns2.serve({REVERSE: zones_v2[REVERSE]}, REVERSE, 2)
        watch_landing(binary, resolver_port, auth_port, expect)
        watch_in_wizard(binary, resolver_port, auth_port, expect)
        r = check(binary, resolver_port, auth_port, IP)
        ttl_dig = cached_ttl(resolver_port, IP)
        c = r["cache"] or {}
        print("  stale cache, --json excerpt:", json.dumps({"authority": r["authority"], "cache": c}, indent=1)
              .replace("\n", "\n  "))
        expect("stale: cache-current warns", rule(r, "cache-current")["status"] == "warn",
               rule(r, "cache-current")["finding"])
        expect("stale: the cache holds v1, the authority v2",
               c.get("answers") == ["old.auth.test."] and c.get("authoritative") == ["mail.auth.test."] and
               c.get("serial") == 2, json.dumps(c))
        expect("stale: ttl_left within 2 s of dig's", ttl_dig is not None and abs(c.get("ttl_left", -99) - ttl_dig) <= 2,
               f"ptrdoctor {c.get('ttl_left')}, dig {ttl_dig}")
        expect("stale: the advice is to wait, not to fix the PTR",
               "wait" in r.get("next", "").lower() and "set the ptr" not in r.get("next", "").lower(),
               r.get("next", "(no next)"))
        expect("stale: the servers agree", rule(r, "auth-agree")["status"] == "pass", rule(r, "auth-agree")["finding"])

        # 3. A cached "no": the PTR of IP_NEW now exists at the source.
        r = check(binary, resolver_port, auth_port, IP_NEW)
        c = r["cache"] or {}
        ttl_dig = cached_ttl(resolver_port, IP_NEW)
        expect("negative: cache-current warns about a cached no", rule(r, "cache-current")["status"] == "warn" and
               c.get("negative") is True and c.get("authoritative") == ["mail6.auth.test."], json.dumps(c))
        expect("negative: the advice is to wait", r["next"].startswith("Nothing to change: wait until") and
               any(c["kind"] == "wait" and c["who"] == "nobody" for c in r["causes"]), r["next"])
        expect("negative: ttl_left within 2 s of dig's, at most the negative TTL",
               ttl_dig is not None and abs(c.get("ttl_left", -99) - ttl_dig) <= 2 and c.get("ttl_left", 999) <= NEG_TTL
               and c.get("record_ttl") == NEG_TTL, f"ptrdoctor {c.get('ttl_left')}/{c.get('record_ttl')}, dig {ttl_dig}")

        # 4. The secondary misses the next change.
        zones_v3 = dict(zones_v2)
        zones_v3[REVERSE] = reverse_zone(3, "mail.auth.test.", True).replace("6 PTR mail6", "6 PTR new6")
        ns1.serve(zones_v3, REVERSE, 3)
        r = check(binary, resolver_port, auth_port, IP_NEW)
        a = rule(r, "auth-agree")
        expect("out of sync: auth-agree fails naming both serials",
               a["status"] == "fail" and "serial 2" in a["finding"] and "serial 3" in a["finding"] and
               "127.0.0.2" in a["finding"], a["finding"])
        expect("out of sync: authority.agree is false", r["authority"] and r["authority"]["agree"] is False)

        # 5. A lame server: ns3 is in the NS set but does not serve the zone.
        r = check(binary, resolver_port, auth_port, "45.90.201.5")
        a = rule(r, "auth-agree")
        lame = [s for s in (r["authority"] or {}).get("servers", []) if s["address"] == "127.0.0.3"]
        expect("lame: auth-agree warns naming ns3", a["status"] == "warn" and "ns3.auth.test." in a["finding"],
               a["finding"])
        expect("lame: ns3 answered REFUSED", lame and lame[0]["rcode"] == "REFUSED" and not lame[0]["aa"],
               json.dumps(lame))
    finally:
        if unbound and unbound.poll() is None:
            unbound.terminate()
            unbound.wait(5)
        for n in (ns1, ns2, ns3):
            n.stop()
        if not failures:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"server files kept in {work}")
    return len(failures)


if __name__ == "__main__":
    main()
