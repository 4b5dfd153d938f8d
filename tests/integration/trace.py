#!/usr/bin/env python3
"""trace - `ptrdoctor trace` against a private DNS tree, hop by hop
against `dig +trace`, and through every bad delegation we could build.

The test runs in a network and mount namespace of its own (it
re-executes itself under `unshare --net --mount`; root is needed). There,
documentation addresses on the namespace's loopback carry a private
root (two servers), arpa., in-addr.arpa., a registry's 203.in-addr.arpa.,
a provider's 113.0.203.in-addr.arpa. with an RFC 2317 CNAME into a
customer's 0-25.113.0.203.in-addr.arpa., and the forward zone test.
Each server is its own NSD on port 53 of its own address. Unbound on
127.0.0.1:53 uses the private root hints and is the namespace's
/etc/resolv.conf (a file bound over it in the namespace only), so `dig
+trace` and ptrdoctor find the same root and look up name servers
without glue the same way. No packet leaves the namespace.

Bad delegations, one /24 each under the registry:
  114  a server whose referral points back to the zone it was asked for (a loop)
  115  a server that refers upward, to 203.in-addr.arpa.
  116  a server that answers NXDOMAIN with the SOA of another zone
  117  a name server with no address at all
  118  glue for another zone: its server (scripted) hands 5.118.0.203.in-addr.arpa.
       to ns.glue.test. with an address for that name, which is not its to give
  119  a lame server (serves nothing, REFUSED)
and deep.test., delegated 30 times over by a scripted referral server
bound to 30 addresses.

  trace.py [--show TARGET]... BINARY...   (--show: print that trace as text first)
  trace.py --bench BINARY                 (figures for make bench, no checks)
"""
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from authority import Nsd, wait_for  # noqa: E402
from servers import namespace_main, tui_module, unbound_conf  # noqa: E402

ROOT_A, ROOT_B = "192.0.2.1", "192.0.2.2"
ARPA, INADDR, TLD = "192.0.2.10", "192.0.2.11", "192.0.2.20"
REGISTRY, NS1, NS2, CUSTOMER = "198.51.100.1", "198.51.100.53", "198.51.100.54", "203.0.113.53"
LOOPER, UPWARD, LAME, SLY = "198.51.100.70", "198.51.100.71", "198.51.100.72", "198.51.100.73"
FOREIGN_GLUE = "192.0.2.66"  # never to be asked
DEEP_BASE = 100  # 192.0.2.101 .. 192.0.2.130
DEEP_LEVELS = 30

SOA = "@ SOA a.root-servers.test. hostmaster.test. 1 3600 600 86400 300"

ROOT = f"""$ORIGIN .
$TTL 3600
{SOA}
@ NS a.root-servers.test.
@ NS b.root-servers.test.
a.root-servers.test. A {ROOT_A}
b.root-servers.test. A {ROOT_B}
arpa. NS a.ns.arpa.
a.ns.arpa. A {ARPA}
test. NS ns.nic.test.
ns.nic.test. A {TLD}
"""

ARPA_ZONE = f"""$ORIGIN arpa.
$TTL 3600
{SOA}
@ NS a.ns
a.ns A {ARPA}
in-addr NS a.in-addr-servers
ip6 NS a.in-addr-servers
a.in-addr-servers A {INADDR}
"""

IP6_ZONE = f"""$ORIGIN ip6.arpa.
$TTL 3600
{SOA}
@ NS a.in-addr-servers.arpa.
0.1.0.0.2 NS ns.registry.test.
"""

REGISTRY6_ZONE = f"""$ORIGIN 0.1.0.0.2.ip6.arpa.
$TTL 3600
{SOA}
@ NS ns.registry.test.
8.b.d NS ns1.provider.test.
"""

PROVIDER6_ZONE = f"""$ORIGIN 8.b.d.0.1.0.0.2.ip6.arpa.
$TTL 3600
{SOA}
@ NS ns1.provider.test.
5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 PTR mail6.provider.test.
"""

INADDR_ZONE = f"""$ORIGIN in-addr.arpa.
$TTL 3600
{SOA}
@ NS a.in-addr-servers.arpa.
203 NS ns.registry.test.
"""

REGISTRY_ZONE = """$ORIGIN 203.in-addr.arpa.
$TTL 3600
{soa}
@ NS ns.registry.test.
113.0 NS ns1.provider.test.
113.0 NS ns2.provider.test.
114.0 NS ns.looper.test.
115.0 NS ns.upward.test.
116.0 NS ns.looper.test.
117.0 NS ns.nowhere.test.
118.0 NS ns.sly.test.
119.0 NS ns.lame.test.
119.0 NS ns1.provider.test.
"""

PROVIDER_REVERSE = f"""$ORIGIN 113.0.203.in-addr.arpa.
$TTL 3600
{SOA}
@ NS ns1.provider.test.
@ NS ns2.provider.test.
77 PTR mail.provider.test.
5 CNAME 5.0-25
0-25 NS ns.customer.test.
"""

PROVIDER_119 = f"""$ORIGIN 119.0.203.in-addr.arpa.
$TTL 3600
{SOA}
@ NS ns1.provider.test.
5 PTR mail.provider.test.
"""

PROVIDER_118 = f"""$ORIGIN 5.118.0.203.in-addr.arpa.
$TTL 3600
{SOA}
@ NS ns.glue.test.
@ PTR mail.provider.test.
"""

CUSTOMER_ZONE = f"""$ORIGIN 0-25.113.0.203.in-addr.arpa.
$TTL 3600
{SOA}
@ NS ns.customer.test.
5 PTR mail.customer.test.
"""

TEST_ZONE = f"""$ORIGIN test.
$TTL 3600
{SOA}
@ NS ns.nic
ns.nic A {TLD}
a.root-servers A {ROOT_A}
b.root-servers A {ROOT_B}
ns.registry A {REGISTRY}
ns1.provider A {NS1}
ns2.provider A {NS2}
mail.provider A 203.0.113.77
ns.customer A {CUSTOMER}
mail.customer A 203.0.113.5
ns.looper A {LOOPER}
ns.upward A {UPWARD}
ns.lame A {LAME}
ns.glue A {NS1}
ns.sly A {SLY}
deep NS ns.deep
ns.deep A 192.0.2.{DEEP_BASE + 1}
"""

# The looper serves its own copy of the registry's zone in which 114.0 is
# delegated to itself; asked about 116.0 it says NXDOMAIN from 203.in-addr.arpa.
LOOPER_ZONE = f"""$ORIGIN 203.in-addr.arpa.
$TTL 3600
{SOA}
@ NS ns.looper.test.
114.0 NS ns.looper.test.
"""

# The upward server serves in-addr.arpa. itself: it refers back up to the registry.
UPWARD_ZONE = f"""$ORIGIN in-addr.arpa.
$TTL 3600
{SOA}
@ NS ns.upward.test.
203 NS ns.registry.test.
"""

# Unrelated to any walk: it only makes the lame server a running NSD.
LAME_ZONE = f"""$ORIGIN lame.example.
$TTL 3600
{SOA}
@ NS ns.lame.test.
"""

HINTS = f""". 3600000 NS a.root-servers.test.
a.root-servers.test. 3600000 A {ROOT_A}
. 3600000 NS b.root-servers.test.
b.root-servers.test. 3600000 A {ROOT_B}
"""


def servers_plan():
    """address -> {zone: text}: one NSD each."""
    return {
        ROOT_A: {".": ROOT}, ROOT_B: {".": ROOT}, ARPA: {"arpa.": ARPA_ZONE}, INADDR: {"in-addr.arpa.": INADDR_ZONE, "ip6.arpa.": IP6_ZONE},
        TLD: {"test.": TEST_ZONE},
        REGISTRY: {"203.in-addr.arpa.": REGISTRY_ZONE.format(soa=SOA), "0.1.0.0.2.ip6.arpa.": REGISTRY6_ZONE},
        NS1: {"113.0.203.in-addr.arpa.": PROVIDER_REVERSE, "119.0.203.in-addr.arpa.": PROVIDER_119,
              "5.118.0.203.in-addr.arpa.": PROVIDER_118, "8.b.d.0.1.0.0.2.ip6.arpa.": PROVIDER6_ZONE},
        NS2: {"113.0.203.in-addr.arpa.": PROVIDER_REVERSE},
        CUSTOMER: {"0-25.113.0.203.in-addr.arpa.": CUSTOMER_ZONE},
        LOOPER: {"203.in-addr.arpa.": LOOPER_ZONE}, UPWARD: {"in-addr.arpa.": UPWARD_ZONE},
        LAME: {"lame.example.": LAME_ZONE},
    }


# --- a referral server for deep.test.: address i refers to level i+1 ---

def name_wire(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def deep_zone(level):
    """level 1 is deep.test.; level k has k-1 more labels l2, l3 ..."""
    labels = [f"l{k}" for k in range(level, 1, -1)]
    return ".".join(labels + ["deep", "test"]) + "."


def referral(data, child, ns_name, glue_address):
    """A referral, built by hand: NS of child, with an A record for
    ns_name (glue, wherever that name lives)."""
    qid = struct.unpack(">H", data[:2])[0]
    pos = 12
    while data[pos] != 0:
        pos += 1 + data[pos]
    question = data[12:pos + 5]
    ns_rr = name_wire(child) + struct.pack(">HHIH", 2, 1, 300, len(name_wire(ns_name))) + name_wire(ns_name)
    glue = name_wire(ns_name) + struct.pack(">HHIH", 1, 1, 300, 4) + socket.inet_aton(glue_address)
    head = struct.pack(">HHHHHH", qid, 0x8000, 1, 0, 1, 1)
    return head + question + ns_rr + glue


def deep_reply(index):
    """The server on 192.0.2.(DEEP_BASE+index) serves level index and
    delegates level index+1 to the next address."""
    child = deep_zone(index + 1)
    return lambda data: referral(data, child, "ns." + child, f"192.0.2.{DEEP_BASE + index + 1}")


def sly_reply(data):
    """118.0.203.in-addr.arpa.'s server hands 5.118.0.203.in-addr.arpa. to
    ns.glue.test. with an address for it: glue for another zone."""
    return referral(data, "5.118.0.203.in-addr.arpa.", "ns.glue.test.", FOREIGN_GLUE)


class ScriptedServers:
    """UDP servers on port 53 of several addresses: address -> reply(query bytes)."""

    def __init__(self, handlers, delay=0.0):
        self.delay = delay
        self.socks = {}
        for address, handler in handlers.items():
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((address, 53))
            self.socks[s.fileno()] = (s, handler)
        self.stopped = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        import select
        while not self.stopped:
            ready, _, _ = select.select(list(self.socks), [], [], 0.2)
            for fd in ready:
                s, handler = self.socks[fd]
                data, peer = s.recvfrom(4096)
                if len(data) > 12 and self.delay:
                    threading.Timer(self.delay, s.sendto, (handler(data), peer)).start()
                elif len(data) > 12:
                    s.sendto(handler(data), peer)

    def stop(self):
        self.stopped = True
        self.thread.join()
        for s, _ in self.socks.values():
            s.close()


def scripted_handlers():
    handlers = {f"192.0.2.{DEEP_BASE + i}": deep_reply(i) for i in range(1, DEEP_LEVELS + 1)}
    handlers[SLY] = sly_reply
    return handlers


# --- the namespace ---------------------------------------------------

def all_addresses():
    plan = servers_plan()
    return list(plan) + list(scripted_handlers())


def namespace_setup(work):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for address in all_addresses():
        subprocess.run(["ip", "addr", "add", f"{address}/32", "dev", "lo"], check=True)
    resolv = os.path.join(work, "resolv.conf")
    with open(resolv, "w") as f:
        f.write("nameserver 127.0.0.1\n")
    subprocess.run(["mount", "--bind", resolv, "/etc/resolv.conf"], check=True)


def unbound_start(work):
    hints = os.path.join(work, "root.hints")
    with open(hints, "w") as f:
        f.write(HINTS)
    # Unbound serves the documentation blocks' reverse zones itself (RFC 6303) unless told not to.
    path = unbound_conf(work, 53, root_hints=hints, avoid_low_ports=False,
                        nodefault=("test.", "example.", "113.0.203.in-addr.arpa.", "2.0.192.in-addr.arpa.",
                                   "100.51.198.in-addr.arpa.", "8.b.d.0.1.0.0.2.ip6.arpa."))
    subprocess.run(["unbound-checkconf", path], check=True, capture_output=True)
    proc = subprocess.Popen(["unbound", "-d", "-c", path])
    wait_for("127.0.0.1", 53, "ns1.provider.test.", "A", recurse=True)
    return proc, hints


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- dig +trace, read as hops ------------------------------------------

RECEIVED = re.compile(r"^;; Received \d+ bytes from ([0-9a-fA-F.:]+)#\d+\(([^)]*)\)")


def dig_trace(*args):
    """[(server address, {(owner, type): sorted data})] per reply, the
    resolver's own first (the root's NS) left out."""
    out = subprocess.run(["dig", "+trace", "+nodnssec", "+time=2", "+tries=1", *args], capture_output=True,
                         text=True, timeout=60).stdout
    hops, records = [], {}
    for line in out.splitlines():
        m = RECEIVED.match(line)
        if m:
            hops.append((m.group(1), {k: sorted(v) for k, v in records.items()}))
            records = {}
            continue
        if not line.strip() or line.startswith(";"):
            continue
        parts = line.split()
        if len(parts) >= 5 and parts[2] == "IN":
            records.setdefault((parts[0].lower(), parts[3]), []).append(" ".join(parts[4:]).lower())
    return hops[1:], out


def trace(binary, hints, target, *extra):
    started = time.monotonic()
    r = subprocess.run([binary, "trace", target, "--root-hints", hints, "--json", "--timeout", "1000", *extra],
                       capture_output=True, text=True, timeout=120)
    took = time.monotonic() - started
    if r.stderr.strip():
        raise RuntimeError(f"trace {target}: stderr {r.stderr.strip()}")
    return json.loads(r.stdout), r.returncode, took


def my_hops(levels):
    """The walk as dig +trace would print it: per followed reply, the
    zone asked and what it said."""
    hops = []
    for level in levels:
        s = next((s for s in level["servers"] if s["followed"]), None)
        if s:
            hops.append((level["zone"], level["qname"], s, [x["address"] for x in level["servers"]]))
    return hops


def same_hop(mine, theirs):
    """One reply of the walk against dig's: the same delegation and NS
    set, or the same records; dig's server is one the walk asked too."""
    zone, qname, s, addresses = mine
    address, records = theirs
    if address not in addresses:
        return False, f"dig asked {address}, not among {addresses}"
    if s["kind"] == "referral":
        got = records.get((s["referral"].lower(), "NS"))
        want = sorted(n.lower() for n in s["ns"])
        return got == want, f"{zone} -> {s['referral']} NS {want} vs dig {got}"
    rtype = "CNAME" if s["kind"] == "alias" else None
    for (owner, t), data in records.items():
        if owner == qname.lower() and (t == rtype or (rtype is None and t in ("PTR", "A"))):
            want = sorted(a.lower() for a in s["answers"])
            return data == want, f"{qname} {t} {want} vs dig {data}"
    return False, f"{qname}: dig has {records}"


# --- the checks -------------------------------------------------------

class Checks:
    def __init__(self):
        self.failed = 0
        self.count = 0

    def expect(self, what, cond, detail=""):
        self.count += 1
        print(f"{'ok  ' if cond else 'FAIL'} {what}")
        if not cond:
            self.failed += 1
            if detail:
                print(f"       {detail}")


def level_of(result, zone, restart=False):
    return next((l for l in result["levels"] if l["zone"] == zone and l["restart"] == restart), None)


def compare_with_dig(c, binary, hints):
    """The RFC 2317 walk, the plain one and a forward name, hop by hop."""
    compared = 0
    for target, dig_args in (("203.0.113.5", [["-x", "203.0.113.5"], ["5.0-25.113.0.203.in-addr.arpa.", "PTR"]]),
                             ("203.0.113.77", [["-x", "203.0.113.77"]]),
                             ("2001:db8::5", [["-x", "2001:db8::5"]]),
                             ("mail.customer.test", [["mail.customer.test.", "A"]])):
        result, code, _ = trace(binary, hints, target)
        mine = my_hops(result["levels"])
        followed = [l for l in result["levels"] if any(s["followed"] for s in l["servers"])]
        cut = next((i for i, l in enumerate(followed) if l["restart"]), len(followed))
        first, later = mine[:cut], mine[cut:]
        theirs, raw = dig_trace(*dig_args[0])
        pairs = list(zip(first, theirs))
        if len(dig_args) > 1:
            theirs2, raw2 = dig_trace(*dig_args[1])
            start = next((i for i, (addr, rec) in enumerate(theirs2)
                          if later and addr in later[0][3]), len(theirs2))
            pairs += list(zip(later, theirs2[start:]))
            theirs = theirs + theirs2[start:]
            raw += raw2
        ok = len(pairs) == len(mine) == len(theirs) and code == 0
        details = [f"{len(mine)} hops against dig's {len(theirs)}; exit {code}"]
        for m, t in pairs:
            same, why = same_hop(m, t)
            ok &= same
            if not same:
                details.append(why)
        compared += len(pairs)
        c.expect(f"trace {target}: {len(pairs)} hops, each the same as dig +trace", ok, "; ".join(details) +
                 ("" if ok else "\n" + raw))
    return compared


def check_rfc2317(c, binary, hints):
    result, code, _ = trace(binary, hints, "203.0.113.5")
    c.expect("203.0.113.5: the PTR from the customer's zone, through the CNAME",
             result["end"] == "found" and result["answers"] == ["mail.customer.test."] and code == 0,
             json.dumps(result)[:800])
    roles = [(l["zone"], l["role"]) for l in result["levels"]]
    c.expect("levels in words: root, arpa, reverse tree, registry, holder",
             roles[:5] == [(".", "root"), ("arpa.", "arpa"), ("in-addr.arpa.", "reverse-tree"),
                           ("203.in-addr.arpa.", "registry"), ("113.0.203.in-addr.arpa.", "holder")], str(roles))
    provider = level_of(result, "113.0.203.in-addr.arpa.")
    again = level_of(result, "113.0.203.in-addr.arpa.", restart=True)
    c.expect("the provider's zone answers with the CNAME; the walk asks it again for the target",
             provider and "RFC 2317" in provider["words"] and again and
             again["qname"] == "5.0-25.113.0.203.in-addr.arpa." and "holds your PTR" in again["words"],
             json.dumps([provider, again])[:800])
    both = sorted(s["address"] for s in provider["servers"])
    c.expect("every server of a level is asked: both of the provider's", both == [NS1, NS2], str(both))
    last = result["levels"][-1]
    s = next(s for s in last["servers"] if s["followed"])
    out = subprocess.run(s["dig"].split(), capture_output=True, text=True).stdout
    c.expect("the last hop's dig command gets the same answer", "mail.customer.test." in out and " aa" in out,
             s["dig"] + "\n" + out)
    c.expect("parent and child NS sets agree along the way", not any(l["ns_differ"] for l in result["levels"]))


def check_bad(c, binary, hints):
    cases = [("203.0.114.5", "loop", "a delegation loop"),
             ("203.0.115.5", "upward", "refers upward"),
             ("203.0.116.5", "wrong-zone", "not on the way"),
             ("203.0.117.5", "no-address", "has no address")]
    for ip, kind, words in cases:
        result, code, took = trace(binary, hints, ip)
        last = result["levels"][-1]
        kinds = [s["kind"] for s in last["servers"]]
        c.expect(f"{ip}: stops with the finding '{words}' ({took:.1f} s)",
                 result["end"] == "stopped" and code == 3 and kind in kinds and words in (result["finding"] or ""),
                 json.dumps(result)[-900:])
    result, code, _ = trace(binary, hints, "203.0.118.5")
    registry = level_of(result, "118.0.203.in-addr.arpa.")
    reg = next(s for s in registry["servers"] if s["followed"])
    asked = sorted(s["address"] for l in result["levels"] for s in l["servers"])
    c.expect("203.0.118.5: glue for another zone is counted, never used (192.0.2.66 never asked)",
             result["end"] == "found" and reg["foreign_glue"] >= 1 and FOREIGN_GLUE not in asked,
             json.dumps(result)[-1200:])
    result, code, _ = trace(binary, hints, "203.0.119.5")
    level = level_of(result, "119.0.203.in-addr.arpa.")
    kinds = sorted((s["name"], s["kind"]) for s in level["servers"])
    c.expect("203.0.119.5: the lame server is listed, the walk goes on with the other",
             result["end"] == "found" and ("ns.lame.test.", "refused") in kinds, str(kinds))
    c.expect("203.0.119.5: the parent's NS set differs from the zone's own, and it says so",
             level["ns_differ"] and level["zone_ns"] == ["ns1.provider.test."], json.dumps(level)[:600])
    name = "www." + deep_zone(DEEP_LEVELS)
    result, code, took = trace(binary, hints, name)
    c.expect(f"a name 30 delegations deep: stopped at 24 levels, in {took:.1f} s",
             result["end"] == "stopped" and len(result["levels"]) == 24 and "more than 24" in result["finding"]
             and took < 20, json.dumps(result)[-600:])


def check_wizard_source(c, binary, hints):
    """The wizard's a: the zones' own servers and the walk, live, in tmux."""
    tui = tui_module()
    t = tui.start(binary, f"203.0.113.5 --helo mail.customer.test --root-hints {hints} --timeout 1000")
    try:
        t.wait_for(r"All lookups answered", 15)
        t.keys("v")
        t.wait_for(r"Verdict: ")
        t.keys("a")
        first = t.wait_for(r"The zones' own servers, asked directly")
        ended = t.wait_for(r"The walk has ended \(7 levels", 15)
        tui.page_until(t, r"Result: PTR mail\.customer\.test\.", 40)
        last = t.screen()
        print("  the wizard's a, at the end of the walk:\n    " + "\n    ".join(last.rstrip().splitlines()))
        c.expect("wizard a: the zones' own servers with dig commands, then the walk to the customer's zone",
                 "Servers of 0-25.113.0.203.in-addr.arpa." in first and "$ dig @203.0.113.53" in first
                 and "0-25.113.0.203.in-addr.arpa. holds the record" in last, first + ended + last)
        t.keys("Escape")
        t.wait_for(r"Verdict: ")
        t.keys("q")
        c.expect("wizard a: Esc back to the verdict, q quits cleanly", "EXIT=0 TTY=restored" in t.result(), "")
    finally:
        t.close()


def inside(binaries):
    c = Checks()
    work = tempfile.mkdtemp(prefix="ptrdoctor-trace-")
    namespace_setup(work)
    nsds, unbound, deep = [], None, None
    try:
        for i, (address, zones) in enumerate(servers_plan().items()):
            nsd = Nsd(work, f"nsd{i}", address, 53, zones)
            nsd.start()
            nsds.append(nsd)
        for nsd, (address, zones) in zip(nsds, servers_plan().items()):
            wait_for(address, 53, next(iter(zones)), "SOA")
        deep = ScriptedServers(scripted_handlers(), BENCH_DELAY_MS / 1000 if BENCH else 0.0)
        unbound, hints = unbound_start(work)
        if BENCH:
            bench(binaries[0], hints, work)
            return 0
        compared = 0
        for target in SHOW:
            r = subprocess.run([binaries[0], "trace", target, "--root-hints", hints], capture_output=True, text=True)
            print(f"$ ptrdoctor trace {target} --root-hints root.hints   (exit {r.returncode})\n{r.stdout}{r.stderr}")
        for binary in binaries:
            print(f"{binary}:")
            compared += compare_with_dig(c, binary, hints)
            check_rfc2317(c, binary, hints)
            check_bad(c, binary, hints)
            check_wizard_source(c, binary, hints)
        print(f"{c.count} checks, {compared} hops compared with dig +trace")
    finally:
        stop(unbound)
        if deep:
            deep.stop()
        for nsd in nsds:
            nsd.stop()
    if c.failed:
        print(f"files kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if c.failed else 0


SHOW = []
BENCH = False
BENCH_DELAY_MS = 10


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def timed_run(argv):
    started = time.monotonic()
    subprocess.run(argv, capture_output=True)
    return time.monotonic() - started


def bench(binary, hints, work):
    """Figures, no assertion: a trace's time against the number of zone
    levels (each scripted level answers after BENCH_DELAY_MS), and the
    checks' authoritative round in round trips."""
    start = median([timed_run([binary, "--version"]) for _ in range(5)])
    print(f"trace down deep.test., each of its levels answering after {BENCH_DELAY_MS} ms "
          f"(the root and test. at once; starting the process alone takes {start * 1000:.1f} ms):")
    for depth in (1, 2, 4, 8, 16, 22):
        name = "www." + deep_zone(depth + 1)  # depth scripted referrals, then one more level
        runs = [trace(binary, hints, name) for _ in range(5)]
        result = runs[0][0]
        levels = len(result["levels"])
        print(f"  {levels:2d} levels ({depth + 1:2d} of them slow): {result['round_trips']:2d} round trips, "
              f"{result['questions']:3d} questions, median {median([r[2] for r in runs]) * 1000:6.1f} ms")
    for target in ("203.0.113.77", "203.0.113.5"):
        runs = [trace(binary, hints, target) for _ in range(5)]
        r = runs[0][0]
        print(f"trace {target}: {len(r['levels'])} levels, {r['round_trips']} round trips, "
              f"{r['questions']} questions, median {median([x[2] for x in runs]) * 1000:.1f} ms (loopback)")
    print("check (resolver: Unbound; the zones' servers asked directly):")
    for ip, what in (("203.0.113.77", "plain delegation"), ("203.0.113.5", "RFC 2317 child zone")):
        times, result = [], None
        for _ in range(5):
            started = time.monotonic()
            out = subprocess.run([binary, "check", ip, "--json"], capture_output=True, text=True, timeout=60)
            times.append(time.monotonic() - started)
            result = json.loads(out.stdout)
        rounds = [st["round"] for st in result["steps"]]
        auth = [st["round"] for st in result["steps"] if st["purpose"] in
                ("zone-soa", "zone-ns", "ns-address", "auth-answer", "auth-soa")]
        print(f"  {ip} ({what}): FCrDNS verdict after {result['round_trips']} round trips, "
              f"authoritative round in rounds {min(auth)}-{max(auth)} ({len(auth)} of {len(rounds)} steps), "
              f"median {median(times) * 1000:.1f} ms")


def main():
    global SHOW, BENCH
    args = sys.argv[1:]
    while args and args[0] in ("--show", "--bench"):
        if args[0] == "--bench":
            BENCH, args = True, args[1:]
            continue
        SHOW.append(args[1])
        args = args[2:]
    binaries = [os.path.abspath(b) for b in args]
    namespace_main("trace", lambda: inside(binaries))


if __name__ == "__main__":
    main()
