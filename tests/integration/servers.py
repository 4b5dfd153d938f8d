"""servers - real DNS servers on loopback for the tests.

NSD serves every test zone (and a root zone, so names outside the test
zones get a quick NXDOMAIN instead of a trip to the real root); Unbound,
the recursive resolver ptrdoctor asks, reaches NSD through stub zones.
A silent server (sockets that never answer) stands for a dead name server.
Ports are chosen at run time; only processes started here are stopped,
by their PID.
"""
import os
import re
import shutil
import socket
import subprocess
import threading
import time

ROOT_ZONE = """$ORIGIN .
$TTL 300
@ SOA ns.test. hostmaster.test. 1 3600 600 86400 300
@ NS ns.test.
"""

DEFAULT_HEAD = """$TTL 300
@ SOA ns.test. hostmaster.test. 1 3600 600 86400 300
@ NS ns.test.
"""


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1 right now."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.bind(("127.0.0.1", 0))
            port = u.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                try:
                    t.bind(("127.0.0.1", port))
                    return port
                except OSError:
                    continue


class SilentServer:
    """UDP and TCP sockets that accept queries and never answer."""

    def __init__(self, host="127.0.0.1", port=None):
        self.host = host
        self.port = port or free_port()
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind((host, self.port))
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind((host, self.port))
        self.tcp.listen(16)
        self.held = []
        self.running = True
        threading.Thread(target=self._drain, daemon=True).start()

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


class DnsServers:
    """NSD + Unbound for a set of zones and stub declarations."""

    def __init__(self, workdir, zones, lame=(), silent=(), port=None, lame_at=None, silent_at=None):
        """port: Unbound's (53 where the system resolver must reach it);
        lame_at, silent_at: (host, port) of the refusing and the silent
        server, when they must be reachable at a fixed place."""
        self.dir = workdir
        self.zones = dict(zones)           # name -> zone text
        self.zones.setdefault(".", ROOT_ZONE)
        self.lame = list(lame)
        self.silent_zones = list(silent)
        self.procs = []
        self.silent = SilentServer(*(silent_at or ()))
        self.nsd_port = free_port()
        # an NSD without these zones: REFUSED
        self.lame_host, self.lame_port = lame_at or ("127.0.0.1", free_port())
        self.port = port or free_port()

    def _write_nsd(self, name, host, port, zones):
        zdir = os.path.join(self.dir, name)
        os.makedirs(zdir, exist_ok=True)
        conf = [
            "server:",
            f"  ip-address: {host}@{port}",
            "  do-ip6: no",
            '  username: ""',
            f'  zonesdir: "{zdir}"',
            f'  pidfile: "{zdir}/nsd.pid"',
            '  database: ""',
            f'  zonelistfile: "{zdir}/zone.list"',
            f'  xfrdfile: "{zdir}/xfrd.state"',
            f'  xfrdir: "{zdir}"',
            f'  logfile: "{zdir}/nsd.log"',
            "  server-count: 1",
            "  verbosity: 1",
            "remote-control:",
            "  control-enable: no",
        ]
        for i, (zone, text) in enumerate(sorted(zones.items())):
            path = os.path.join(zdir, f"z{i}.zone")
            with open(path, "w") as f:
                f.write(zone_text(text))
            conf += ["zone:", f'  name: "{zone}"', f'  zonefile: "{path}"']
        path = os.path.join(zdir, "nsd.conf")
        with open(path, "w") as f:
            f.write("\n".join(conf) + "\n")
        return path

    def _write_unbound(self):
        conf = [
            "server:",
            "  interface: 127.0.0.1",
            f"  port: {self.port}",
            "  do-ip6: no",
            '  username: ""',
            '  chroot: ""',
            f'  directory: "{self.dir}"',
            f'  pidfile: "{self.dir}/unbound.pid"',
            f'  logfile: "{self.dir}/unbound.log"',
            "  use-syslog: no",
            "  verbosity: 1",
            "  num-threads: 1",
            "  access-control: 127.0.0.0/8 allow",
            "  do-not-query-localhost: no",
            "  rrset-roundrobin: no",
            "  qname-minimisation: no",
            '  module-config: "iterator"',
            '  target-fetch-policy: "0 0 0 0 0"',
            '  local-zone: "test." nodefault',
            "  cache-max-ttl: 0",
            "  cache-max-negative-ttl: 0",
            "  infra-host-ttl: 1",
            "remote-control:",
            "  control-enable: no",
        ]
        for name in sorted(self.zones):
            conf += ["stub-zone:", f'  name: "{name}"', f"  stub-addr: 127.0.0.1@{self.nsd_port}"]
        for name in self.lame:
            conf += ["stub-zone:", f'  name: "{name}"', f"  stub-addr: {self.lame_host}@{self.lame_port}"]
        for name in self.silent_zones:
            conf += ["stub-zone:", f'  name: "{name}"', f"  stub-addr: {self.silent.host}@{self.silent.port}"]
        path = os.path.join(self.dir, "unbound.conf")
        with open(path, "w") as f:
            f.write("\n".join(conf) + "\n")
        return path

    def start(self):
        lame_zone = {"refused.test.": "$ORIGIN refused.test.\n"}
        for name, host, port, zones in (("nsd", "127.0.0.1", self.nsd_port, self.zones),
                                        ("nsd-lame", self.lame_host, self.lame_port, lame_zone)):
            conf = self._write_nsd(name, host, port, zones)
            subprocess.run(["nsd-checkconf", conf], check=True)
            self.procs.append(subprocess.Popen(["nsd", "-d", "-c", conf]))
        self._wait(self.nsd_port, ".", "SOA")
        self._wait(self.lame_port, "refused.test.", "SOA", self.lame_host)
        unbound_conf = self._write_unbound()
        subprocess.run(["unbound-checkconf", unbound_conf], check=True, stdout=subprocess.DEVNULL)
        self.procs.append(subprocess.Popen(["unbound", "-d", "-c", unbound_conf]))
        self._wait(self.port, ".", "SOA")

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
