"""servers - real DNS servers on loopback for the tests.

NSD serves every test zone (and a root zone, so names outside the test
zones get a quick NXDOMAIN instead of a trip to the real root); Unbound,
the recursive resolver ptrdoctor asks, reaches NSD through stub zones.
A silent server (sockets that never answer) stands for a dead name server.
Ports are chosen at run time, below the kernel's ephemeral range, and
every server binds its port exclusively (see bound_pair). Each server's
port is picked just before it starts, so no two servers of a set can be
given the same one. Only processes started here are stopped, by their
PID, and stop() waits until they are gone.
"""
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

# ns.test, the name server of every test zone, is NSD itself: checks
# run with --auth-port NSD's port ask it directly on loopback.
ROOT_ZONE = """$ORIGIN .
$TTL 300
@ SOA ns.test. hostmaster.test. 1 3600 600 86400 300
@ NS ns.test.
ns.test. A 127.0.0.1
"""

DEFAULT_HEAD = """$TTL 300
@ SOA ns.test. hostmaster.test. 1 3600 600 86400 300
@ NS ns.test.
"""


def ephemeral_low():
    """The first port the kernel hands out to sockets bound to port 0."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def bound_pair(host="127.0.0.1"):
    """A UDP and a TCP socket bound to one port on host, exclusively.

    Neither socket sets SO_REUSEADDR or SO_REUSEPORT, so no other socket
    can share the port. The port is below the kernel's ephemeral range:
    a client's source port (dig sets SO_REUSEPORT on its own) can never
    land on a test server's port, which once made dig receive its own
    query. Port 0 cannot be used for NSD: it would give UDP and TCP
    different ports."""
    low = ephemeral_low()
    rng = random.SystemRandom()
    for _ in range(2000):
        port = rng.randrange(10240, low)
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            udp.bind((host, port))
            tcp.bind((host, port))
            return udp, tcp
        except OSError:
            udp.close()
            tcp.close()
    raise RuntimeError(f"no port free for UDP and TCP on {host} below {low}")


def free_port(host="127.0.0.1"):
    """A port for a server that binds it itself (NSD, Unbound): free for
    UDP and TCP now, and outside the range the kernel picks from, so
    only another test server could take it before the server binds."""
    udp, tcp = bound_pair(host)
    port = udp.getsockname()[1]
    udp.close()
    tcp.close()
    return port


class SilentServer:
    """UDP and TCP sockets that accept queries and never answer."""

    def __init__(self, host="127.0.0.1", port=None):
        self.host = host
        if port:
            self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.udp.bind((host, port))
            self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.tcp.bind((host, port))
        else:
            self.udp, self.tcp = bound_pair(host)
        self.port = self.udp.getsockname()[1]
        self.tcp.listen(16)
        self.held = []
        self.running = True
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self):
        self.udp.settimeout(0.2)
        self.tcp.settimeout(0.2)
        while self.running:
            try:
                self.udp.recvfrom(4096)
            except (socket.timeout, OSError):
                pass
            try:
                conn, _ = self.tcp.accept()
                self.held.append(conn)
            except (socket.timeout, OSError):
                pass

    def stop(self):
        self.running = False
        self.thread.join()
        for s in self.held + [self.udp, self.tcp]:
            s.close()


def zone_name(text):
    m = re.search(r"^\$ORIGIN\s+(\S+)", text, re.M)
    if not m:
        raise ValueError("zone file needs an $ORIGIN line naming its zone")
    return m.group(1) if m.group(1).endswith(".") else m.group(1) + "."


def zone_text(text):
    """The zone as NSD reads it: a default SOA and NS after the first
    $ORIGIN unless the file brings its own SOA."""
    if re.search(r"\bSOA\b", text):
        return text
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("$ORIGIN"):
            return "".join(lines[: i + 1]) + DEFAULT_HEAD + "".join(lines[i + 1:])
    return text


def nsd_conf(workdir, host, port, zones):
    """NSD on host@port serving zones ({name: text}): the zone files and
    nsd.conf written in workdir (made when missing); returns the
    configuration's path. Every NSD of every test is configured here."""
    os.makedirs(workdir, exist_ok=True)
    conf = [
        "server:",
        f"  ip-address: {host}@{port}",
        "  do-ip6: no",
        '  username: ""',
        f'  zonesdir: "{workdir}"',
        f'  pidfile: "{workdir}/nsd.pid"',
        '  database: ""',
        f'  zonelistfile: "{workdir}/zone.list"',
        f'  xfrdfile: "{workdir}/xfrd.state"',
        f'  xfrdir: "{workdir}"',
        f'  logfile: "{workdir}/nsd.log"',
        "  server-count: 1",
        "  verbosity: 1",
        # NSD limits answers to 200 a second per client /24 unless told
        # not to: a batch check is that client
        "  rrl-ratelimit: 0",
        "remote-control:",
        "  control-enable: no",
    ]
    for i, (zone, text) in enumerate(sorted(zones.items())):
        path = os.path.join(workdir, f"z{i}.zone")
        with open(path, "w") as f:
            f.write(zone_text(text))
        conf += ["zone:", f'  name: "{zone}"', f'  zonefile: "{path}"']
    path = os.path.join(workdir, "nsd.conf")
    with open(path, "w") as f:
        f.write("\n".join(conf) + "\n")
    return path


def unbound_conf(workdir, port, stubs=(), cache=True, busy=False, root_hints=None, nodefault=("test.",),
                 avoid_low_ports=True, local_data=(), trust_anchors=()):
    """Unbound on 127.0.0.1@port, written in workdir; returns the path.
    Every Unbound of every test is configured here.
      stubs: (zone, "address@port") pairs it asks for those zones;
      cache: False keeps nothing (each check sees the zones as they are);
      busy: room for a batch's thousands of questions at once;
      root_hints: a named.root file to start from (the namespace tests);
      nodefault: zones it would answer itself (RFC 6303) that it must ask;
      avoid_low_ports: queries out only from the ephemeral range, never
      from a port a test server is about to bind;
      local_data: records it answers from its own data (local-data), as a
      mail server's own resolver may;
      trust_anchors: DS records it validates from (DNSSEC: the validator
      runs, and answers that fail it are SERVFAIL).
    It says why it failed (Extended DNS Errors, RFC 8914), as public
    resolvers do."""
    conf = [
        "server:",
        "  interface: 127.0.0.1",
        f"  port: {port}",
        "  do-ip6: no",
        '  username: ""',
        '  chroot: ""',
        f'  directory: "{workdir}"',
        f'  pidfile: "{workdir}/unbound.pid"',
        f'  logfile: "{workdir}/unbound.log"',
        "  use-syslog: no",
        "  verbosity: 1",
        "  num-threads: 1",
        "  access-control: 127.0.0.0/8 allow",
        "  do-not-query-localhost: no",
        "  qname-minimisation: no",
        '  module-config: "validator iterator"' if trust_anchors else '  module-config: "iterator"',
        "  ede: yes",
        "  val-log-level: 2",  # the reason of a validation failure in the EDE's text too
        # exclusive: with SO_REUSEPORT the kernel may hand Unbound's
        # port to a client socket that sets it too, as dig does
        "  so-reuseport: no",
    ]
    conf += [f'  local-zone: "{zone}" nodefault' for zone in nodefault]
    conf += [f'  local-data: "{record}"' for record in local_data]
    conf += [f'  trust-anchor: "{ds}"' for ds in trust_anchors]
    if busy:
        conf += ["  num-queries-per-thread: 4096", "  outgoing-range: 8192", "  so-rcvbuf: 8m",
                 "  rrset-roundrobin: no", '  target-fetch-policy: "0 0 0 0 0"']
    if not cache:
        conf += ["  cache-max-ttl: 0", "  cache-max-negative-ttl: 0", "  infra-host-ttl: 1"]
    if root_hints:
        conf.append(f'  root-hints: "{root_hints}"')
    if avoid_low_ports:
        conf.append(f'  outgoing-port-avoid: "0-{ephemeral_low() - 1}"')
    conf += ["remote-control:", "  control-enable: no"]
    for zone, address in stubs:
        conf += ["stub-zone:", f'  name: "{zone}"', f"  stub-addr: {address}"]
    path = os.path.join(workdir, "unbound.conf")
    with open(path, "w") as f:
        f.write("\n".join(conf) + "\n")
    return path


def sign_zone(workdir, name, text, mode):
    """The zone signed with ldns-signzone under a key made now, and the DS
    a validating resolver is to trust for it: (signed text, DS line).
      valid:   signatures valid from yesterday for a month;
      expired: signatures that expired a year ago;
      wrong-ds: valid signatures, but the DS names another key (as a
               parent's stale DS does after a key roll)."""
    keys = os.path.join(workdir, "keys")
    os.makedirs(keys, exist_ok=True)

    def keygen():
        out = subprocess.run(["ldns-keygen", "-a", "ECDSAP256SHA256", "-k", name], cwd=keys, check=True,
                             capture_output=True, text=True).stdout.strip()
        return os.path.join(keys, out)

    key = keygen()
    anchor_key = keygen() if mode == "wrong-ds" else key
    now = time.time()
    if mode == "expired":
        inception, expiration = now - 400 * 86400, now - 365 * 86400
    else:
        inception, expiration = now - 86400, now + 30 * 86400
    stamp = lambda t: time.strftime("%Y%m%d%H%M%S", time.gmtime(t))  # noqa: E731
    path = os.path.join(keys, name.rstrip(".") + ".zone")
    with open(path, "w") as f:
        f.write(zone_text(text))
    r = subprocess.run(["ldns-signzone", "-i", stamp(inception), "-e", stamp(expiration), "-o", name, path, key],
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"ldns-signzone {name}: {r.stderr.strip()}")
    with open(path + ".signed") as f:
        signed = f.read()
    with open(anchor_key + ".ds") as f:
        owner, _ttl, klass, rtype, *rdata = f.read().split()
    return signed, " ".join([owner, klass, rtype] + rdata)


class DnsServers:
    """NSD + Unbound for a set of zones and stub declarations."""

    def __init__(self, workdir, zones, lame=(), silent=(), port=None, lame_at=None, silent_at=None, local_data=(),
                 signed=()):
        """port: Unbound's (53 where the system resolver must reach it);
        lame_at, silent_at: (host, port) of the refusing and the silent
        server, when they must be reachable at a fixed place; signed:
        (zone, mode) pairs of sign_zone, Unbound trusting each zone's DS."""
        self.dir = workdir
        self.zones = dict(zones)           # name -> zone text
        self.zones.setdefault(".", ROOT_ZONE)
        self.lame = list(lame)
        self.silent_zones = list(silent)
        self.procs = []
        self.silent = SilentServer(*(silent_at or ()))
        self.nsd_port = None
        self.lame_host, self.lame_port = lame_at or ("127.0.0.1", None)
        self.port = port
        self.local_data = list(local_data)
        self.signed = list(signed)
        self.trust_anchors = []

    def _write_nsd(self, name, host, port, zones):
        return nsd_conf(os.path.join(self.dir, name), host, port, zones)

    def _write_unbound(self):
        stubs = [(name, f"127.0.0.1@{self.nsd_port}") for name in sorted(self.zones)]
        stubs += [(name, f"{self.lame_host}@{self.lame_port}") for name in self.lame]
        stubs += [(name, f"{self.silent.host}@{self.silent.port}") for name in self.silent_zones]
        return unbound_conf(self.dir, self.port, stubs, cache=False, busy=True, local_data=self.local_data,
                            trust_anchors=self.trust_anchors)

    def start(self):
        """NSD, the refusing NSD, then Unbound, each answering before the
        next one picks its port."""
        if self.nsd_port is None:
            self.nsd_port = free_port()
        for name, mode in self.signed:
            self.zones[name], ds = sign_zone(self.dir, name, self.zones[name], mode)
            self.trust_anchors.append(ds)
        self._start_nsd("nsd", "127.0.0.1", self.nsd_port, self.zones)
        self._wait(self.nsd_port, ".", "SOA")
        if self.lame_port is None:
            self.lame_port = free_port(self.lame_host)
        # an NSD without the lame zones: it answers them REFUSED
        self._start_nsd("nsd-lame", self.lame_host, self.lame_port, {"refused.test.": "$ORIGIN refused.test.\n"})
        self._wait(self.lame_port, "refused.test.", "SOA", self.lame_host)
        if self.port is None:
            self.port = free_port()
        unbound_conf = self._write_unbound()
        subprocess.run(["unbound-checkconf", unbound_conf], check=True, stdout=subprocess.DEVNULL)
        self.procs.append(subprocess.Popen(["unbound", "-d", "-c", unbound_conf]))
        self._wait(self.port, ".", "SOA")

    def shared_ports(self):
        """The servers' ports that a client socket could share, as dig's
        does (SO_REUSEPORT, wildcard address): empty when every server
        holds its port exclusively, as it must."""
        shared = []
        for host, port in (("127.0.0.1", self.nsd_port), (self.lame_host, self.lame_port),
                           ("127.0.0.1", self.port), (self.silent.host, self.silent.port)):
            probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            try:
                probe.bind(("0.0.0.0", port))
                shared.append(f"{host}:{port}")
            except OSError:
                pass
            finally:
                probe.close()
        return shared

    def _start_nsd(self, name, host, port, zones):
        conf = self._write_nsd(name, host, port, zones)
        subprocess.run(["nsd-checkconf", conf], check=True)
        self.procs.append(subprocess.Popen(["nsd", "-d", "-c", conf]))

    def _wait(self, port, name, qtype, host="127.0.0.1"):
        deadline = time.time() + 20
        while time.time() < deadline:
            for p in self.procs:
                if p.poll() is not None:
                    raise RuntimeError(f"a DNS server exited early (status {p.returncode}); see {self.dir}")
            r = subprocess.run(["dig", f"@{host}", "-p", str(port), "+time=1", "+tries=1", qtype, name],
                               capture_output=True, text=True)
            if "status: NOERROR" in r.stdout:
                return
            time.sleep(0.1)
        raise RuntimeError(f"DNS server on port {port} did not answer; see {self.dir}")

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.silent.stop()


class Expect:
    """An "ok"/"FAIL" line per expectation, with the detail under a
    failure; the failures are kept for the exit code."""

    def __init__(self):
        self.failures = []

    def __call__(self, what, cond, detail=""):
        print(f"{'ok  ' if cond else 'FAIL'} {what}")
        if not cond:
            self.failures.append(what)
            if detail:
                print(f"       {detail[-3000:]}")


def tui_module():
    """tests/tui/run.py, whose Term drives the wizard in tmux."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tui", "run.py")
    spec = importlib.util.spec_from_file_location("tui_run", path)
    tui = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tui)
    return tui


# The exit status of a test that cannot run here (tools/suite.py counts it).
SKIPPED = 77


def namespace_main(name, inside):
    """Run inside() in a network and mount namespace of its own: this very
    script is re-executed under `unshare --net --mount` (root needed; the
    test exits SKIPPED, saying why, without it). Exits with its code."""
    if os.environ.get("PTRDOCTOR_IN_NAMESPACE") == "1":
        sys.exit(inside())
    if os.geteuid() != 0:
        print(f"{name}: skipped: a network namespace of its own needs root (make check as root runs it)")
        sys.exit(SKIPPED)
    probe = subprocess.run(["unshare", "--net", "--mount", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"{name}: skipped: no network namespace here ({probe.stderr.strip() or 'unshare failed'})")
        sys.exit(SKIPPED)
    env = dict(os.environ, PTRDOCTOR_IN_NAMESPACE="1")
    argv = ["unshare", "--net", "--mount", sys.executable, os.path.abspath(sys.argv[0])] + sys.argv[1:]
    sys.exit(subprocess.run(argv, env=env).returncode)
