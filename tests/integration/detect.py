#!/usr/bin/env python3
"""detect - `ptrdoctor detect` and `check --this-machine` in a network and
mount namespace of the test's own.

A veth pair (this kernel has no dummy interfaces) carries the machine's
addresses and default routes: a public IPv4 address whose PTR resolves
back, a public IPv6 address without a PTR, a private IPv4 address for the
NAT case, and an IPv6 address the kernel makes temporary (privacy)
addresses for. Postfix is read through MAIL_CONFIG, one main.cf per case;
Exim (the unpacked Debian binary) through -C. The addresses and HELO found
are then checked against NSD + Unbound on the namespace's loopback.
Nothing leaves the namespace: its only routes lead to the veth pair.

  detect.py --exim EXIM BINARY...
  detect.py --show --exim EXIM BINARY   print detect --json of two cases
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from servers import DnsServers, Expect, namespace_main, tui_module

V4 = "45.90.240.5"          # its PTR is mail.machine.test, which resolves back
V6 = "2a0c:9a40:240::5"     # no PTR
V6_TEMP_BASE = "2a0c:9a40:241::7"  # the kernel adds temporary addresses in its /64
PRIVATE = "10.9.0.5"
HELO = "mail.machine.test"


def zones():
    return {
        "240.90.45.in-addr.arpa.": "$ORIGIN 240.90.45.in-addr.arpa.\n5 PTR mail.machine.test.\n",
        "0.4.2.0.0.4.a.9.c.0.a.2.ip6.arpa.": "$ORIGIN 0.4.2.0.0.4.a.9.c.0.a.2.ip6.arpa.\n",
        "machine.test.": f"$ORIGIN machine.test.\nmail A {V4}\nmail AAAA {V6}\nbox A 45.90.240.99\n",
    }


def ip(*args):
    subprocess.run(["ip", *args], check=True)


def interfaces(v4=(V4,), v6=(V6,), temporary=False):
    """The machine's addresses, set afresh, with default routes."""
    subprocess.run(["ip", "link", "del", "v0"], stderr=subprocess.DEVNULL)
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    with open("/proc/sys/net/ipv6/conf/v0/use_tempaddr", "w") as f:
        f.write("2\n")
    ip("link", "set", "v0", "up")
    ip("link", "set", "v1", "up")
    for a in v4:
        ip("addr", "add", f"{a}/24", "dev", "v0")
    for a in v6:
        ip("addr", "add", f"{a}/64", "dev", "v0", "nodad")
    if temporary:
        ip("addr", "add", f"{V6_TEMP_BASE}/64", "dev", "v0", "nodad", "mngtmpaddr")
    if v4:
        ip("route", "add", "default", "via", v4[0].rsplit(".", 1)[0] + ".1", "dev", "v0")
    if v6 or temporary:
        ip("-6", "route", "add", "default", "via", "2a0c:9a40:240::1", "dev", "v0", "onlink")
    if temporary:
        return wait_temporary()
    return None


def wait_temporary():
    for _ in range(100):
        for line in open("/proc/net/if_inet6"):
            hexa, _, _, scope, flags, name = line.split()
            # temporary (0x01), and no longer tentative (0x40): a source now
            if name == "v0" and int(flags, 16) & 0x41 == 0x01 and hexa.startswith("2a0c9a400241"):
                return socket.inet_ntop(socket.AF_INET6, bytes.fromhex(hexa))
        time.sleep(0.05)
    raise RuntimeError("the kernel made no temporary address")


def postfix_config(tmp, name, lines, master=""):
    d = os.path.join(tmp, "postfix-" + name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "main.cf"), "w") as f:
        f.write("compatibility_level = 3.6\n" + "".join(l + "\n" for l in lines))
    with open(os.path.join(d, "master.cf"), "w") as f:
        f.write("smtp unix - - y - - smtp\n" + master)
    return d


EXIM_CONF = """primary_hostname = {helo}
spool_directory = {tmp}/exim-spool
begin routers
dnslookup:
  driver = dnslookup
  transport = remote_smtp
  no_more
begin transports
remote_smtp:
  driver = smtp
  helo_data = ${{primary_hostname}}
  interface = {v4}
"""


def setup_exim(tmp):
    """Exim's own user, as the Debian binary wants it, only in this namespace."""
    for name, line in (("passwd", f"Debian-exim:x:64999:64999::{tmp}:/usr/sbin/nologin\n"),
                       ("group", "Debian-exim:x:64999:\n")):
        copy = os.path.join(tmp, name)
        shutil.copy(f"/etc/{name}", copy)
        with open(copy, "a") as f:
            f.write(line)
        subprocess.run(["mount", "--bind", copy, f"/etc/{name}"], check=True)
    os.makedirs(os.path.join(tmp, "exim-spool"), exist_ok=True)
    os.chmod(os.path.join(tmp, "exim-spool"), 0o777)
    path = os.path.join(tmp, "exim.conf")
    with open(path, "w") as f:
        f.write(EXIM_CONF.format(helo=HELO, tmp=tmp, v4=V4))
    return path


class Run:
    def __init__(self, binary, servers, exim_dir):
        self.binary, self.servers, self.exim_dir = binary, servers, exim_dir

    def __call__(self, *args, config=None, path=None):
        env = dict(os.environ)
        env.pop("MAIL_CONFIG", None)
        if config:
            env["MAIL_CONFIG"] = config
        env["PATH"] = path if path is not None else f"/usr/sbin:/usr/bin:/sbin:/bin:{self.exim_dir}"
        argv = [self.binary, *args]
        if args[0] == "check":
            argv += ["--server", f"127.0.0.1:{self.servers.port}", "--auth-port", str(self.servers.nsd_port)]
        r = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
        if "Sanitizer" in r.stderr or "runtime error" in r.stderr:  # the ASan build's reports
            raise AssertionError(f"{' '.join(argv)}:\n{r.stderr[-3000:]}")
        return r

    def detect(self, *args, **kw):
        r = self("detect", "--json", *args, **kw)
        return json.loads(r.stdout), r


def rule_status(check, rule):
    return {r["id"]: r["status"] for r in check["rules"]}.get(rule)


def sends(found):
    return sorted(a["ip"] for a in found["addresses"] if a["sends"])


def check_binary(run, tmp, exim_conf, expect):
    only = postfix_config(tmp, "only-myhostname", [f"myhostname = {HELO}"])
    interfaces()
    found, r = run.detect(config=only)
    expect("Postfix, only myhostname: HELO from myhostname, both families from the route",
           found["mta"] == "postfix" and found["helo"] == HELO and found["helo_source"] == "myhostname"
           and sends(found) == sorted([V4, V6]) and r.returncode == 0, r.stdout + r.stderr)
    r = run("check", "--this-machine", "--json", config=only)
    out = json.loads(r.stdout)
    by_ip = {c["ip"]: c for c in out["checks"]}
    lines = [c["line"] for c in out["changes"]]
    expect("--this-machine: both families at once with the HELO found; the IPv6 address without PTR fails",
           set(by_ip) == {V4, V6} and by_ip[V6]["verdict"] == "fail"
           and rule_status(by_ip[V4], "fcrdns") == "pass" and rule_status(by_ip[V4], "ipv6-ptr") == "warn"
           and all(c["helo"] == HELO for c in out["checks"]) and r.returncode == 1,
           json.dumps({k: (v["verdict"], v["helo"]) for k, v in by_ip.items()}) + f" exit {r.returncode}")
    expect("... and names the stop-gap line for it, with what it costs",
           "postconf -e 'inet_protocols = ipv4' && postfix reload" in lines
           and any("IPv6" in c["why"] and "undo it" in c["why"] for c in out["changes"]), json.dumps(out["changes"]))
    text = run("check", "--this-machine", config=only).stdout
    expect("text: what was found, each report, then what to change on this machine",
           "Mail server: postfix" in text and f"HELO: {HELO}   (myhostname)" in text
           and "What to change on this machine:" in text and text.count("Verdict:") == 2, text[-1500:])

    helo_set = postfix_config(tmp, "helo-set", ["myhostname = box.machine.test", f"smtp_helo_name = {HELO}"])
    found, r = run.detect(config=helo_set)
    expect("smtp_helo_name set: it is the HELO, and says so", found["helo"] == HELO
           and found["helo_source"] == "smtp_helo_name", r.stdout)
    service = postfix_config(tmp, "master-cf", ["myhostname = box.machine.test"],
                             f"  -o smtp_helo_name={HELO}\n  -o smtp_bind_address={V4}\n")
    found, r = run.detect(config=service)
    expect("master.cf's -o for the smtp service wins over main.cf, and says so",
           found["helo"] == HELO and found["helo_source"] == "master.cf: smtp -o smtp_helo_name"
           and [a["source"] for a in found["addresses"] if a["ip"] == V4] == ["bind"], r.stdout)
    wrong = postfix_config(tmp, "wrong-helo", ["myhostname = box.machine.test", "inet_protocols = ipv4"])
    r = run("check", "--this-machine", "--json", config=wrong)
    out = json.loads(r.stdout)
    expect("inet_protocols = ipv4: only the IPv4 address checked; a HELO unlike the PTR gets smtp_helo_name = PTR",
           [c["ip"] for c in out["checks"]] == [V4] and not out["detect"]["ipv6"]
           and "postconf -e 'smtp_helo_name = mail.machine.test' && postfix reload" in
           [c["line"] for c in out["changes"]], r.stdout[-1500:])

    temporary = interfaces(temporary=True)
    found, r = run.detect(config=only)
    temp = [a for a in found["addresses"] if a["temporary"]]
    expect(f"a temporary IPv6 address ({temporary}) is the route's choice: flagged, with a note",
           temp and temp[0]["ip"] == temporary and temp[0]["sends"] and temp[0]["source"] == "route"
           and any("temporary IPv6 address" in n for n in found["notes"]), r.stdout)
    r = run("check", "--this-machine", "--json", config=only)
    lines = [c["line"] for c in json.loads(r.stdout)["changes"]]
    expect("... and the change binds Postfix to a stable IPv6 address",
           any(l.startswith("postconf -e 'smtp_bind_address6 = 2a0c:9a40:24") and temporary not in l for l in lines),
           json.dumps(lines))
    bound = postfix_config(tmp, "bound", [f"myhostname = {HELO}", f"smtp_bind_address = {V4}",
                                          f"smtp_bind_address6 = {V6}"])
    found, r = run.detect(config=bound)
    expect("bind addresses set: they send, the temporary address does not",
           sends(found) == sorted([V4, V6]) and all(a["source"] == "bind" for a in found["addresses"] if a["sends"])
           and not any(a["sends"] for a in found["addresses"] if a["temporary"]), r.stdout)

    interfaces(v4=("45.90.240.6", V4), v6=())  # the first is the route's source: it has no PTR
    r = run("check", "--this-machine", "--json", config=only)
    out = json.loads(r.stdout)
    expect("the sending address has no PTR, another of the machine has: bind to it (smtp_bind_address)",
           [c["ip"] for c in out["checks"]] == ["45.90.240.6"] and [c["ip"] for c in out["others"]] == [V4]
           and f"postconf -e 'smtp_bind_address = {V4}' && postfix reload" in [c["line"] for c in out["changes"]],
           r.stdout[-1500:])
    text = run("check", "--this-machine", config=only).stdout
    expect("... in text: the other address on a line of its own, after the reports",
           "The other public addresses here (not sending now):" in text and text.count("Verdict:") == 1, text[-1200:])

    interfaces()
    relay = postfix_config(tmp, "relay", [f"myhostname = {HELO}", "relayhost = [smtp.relay.test]:587"])
    found, r = run.detect(config=relay)
    expect("relayhost: nothing sends from here, the relay's PTR is what counts",
           found["relayhost"] == "[smtp.relay.test]:587" and sends(found) == []
           and any("relay" in n and "relay operator" in n for n in found["notes"]) and r.returncode == 1, r.stdout)
    docker = postfix_config(tmp, "container", ["myhostname = 3f4e9c2a1b7d"])
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "/run"], check=True)
    open("/run/.containerenv", "w").close()
    found, r = run.detect(config=docker)
    subprocess.run(["umount", "/run"], check=True)
    expect("a container, and a HELO that is a container id: both said",
           found["container"] and any("container id" in n for n in found["notes"])
           and any("runs in a container (" in n for n in found["notes"]), r.stdout)

    interfaces(v4=(PRIVATE,), v6=())
    found, r = run.detect(config=only)
    expect("behind NAT: the private source sends, is not public, and the note offers the Received header",
           sends(found) == [PRIVATE] and not found["addresses"][0]["public"]
           and any("ptrdoctor explain" in n for n in found["notes"]), r.stdout)
    r = run("check", "--this-machine", config=only)
    expect("--this-machine with nothing public to check: says so, exit 3",
           "Nothing to check" in r.stdout and r.returncode == 3, r.stdout[-600:])

    interfaces()
    found, r = run.detect("--mta", "exim", "--mta-config", exim_conf)
    expect("Exim through -C: primary_hostname, helo_data expanded, interface as the bind address",
           found["mta"] == "exim" and found["helo"] == HELO and found["helo_source"] == "helo_data"
           and sends(found) == sorted([V4, V6]) and
           [a["source"] for a in found["addresses"] if a["ip"] == V4] == ["bind"], r.stdout + r.stderr)
    found, r = run.detect(path="/nonexistent")
    expect("no MTA on PATH: the machine's addresses, and a note to give the HELO",
           found["mta"] is None and sends(found) == sorted([V4, V6]) and r.returncode == 1
           and any("--helo" in n for n in found["notes"]), r.stdout)
    found, r = run.detect(config=os.path.join(tmp, "no-such-directory"))
    expect("postconf failing: a clear note, no crash", found["mta"] == "postfix"
           and any("could not be read" in n and "postconf" in n for n in found["notes"]), r.stdout)


def wizard_walk(run, tmp, expect):
    """The wizard in tmux: "Check this machine" first on the welcome
    screen, what was found, the fields prefilled, and the verdict naming
    the line to change in main.cf."""
    interfaces()
    wrong = postfix_config(tmp, "wizard", ["myhostname = box.machine.test", "inet_protocols = ipv4"])
    tui = tui_module()
    t = tui.start(run.binary, f"--server 127.0.0.1:{run.servers.port} --auth-port {run.servers.nsd_port}",
                  env={"MAIL_CONFIG": wrong, "PATH": f"/usr/sbin:/usr/bin:/sbin:/bin:{run.exim_dir}"})
    try:
        s = t.wait_for(r"Check this machine \(postfix found\)")
        t.keys("Enter")
        s = t.wait_for(r"What the mail server on this machine sends with")
        expect("wizard: Check this machine shows the MTA, its HELO and the sending address",
               "HELO: box.machine.test   (myhostname)" in s and V4 in s and "sends" in s, s)
        t.keys("Enter")
        s = t.wait_for(r"Which IP address")
        expect("... Enter prefills the IP field with it", V4 in s, s)
        t.keys("Enter")
        s = t.wait_for(r"Which name does the server at")
        expect("... and the HELO field with the HELO found", "box.machine.test" in s, s)
        t.keys("Enter")
        t.wait_for(r"provider|Provider")
        t.keys("Enter")
        t.wait_for(r"All lookups answered", 20)
        t.keys("v")
        s = t.wait_for(r"On this machine: postconf -e 'smtp_helo_name = mail\.machine\.test'", 10)
        expect("... and the verdict names the line to change on this machine", True, s)
        t.keys("F10")
        expect("... and the terminal comes back", "TTY=restored" in t.result())
    finally:
        t.close()
    interfaces(v4=(PRIVATE,), v6=())
    t = tui.start(run.binary, f"--server 127.0.0.1:{run.servers.port}", env={"MAIL_CONFIG": wrong})
    try:
        t.wait_for(r"Check this machine \(postfix found\)")
        t.keys("Enter")
        s = t.wait_for(r"No public address sends from here")
        t.keys("Enter")
        s = t.wait_for(r"Paste the Received header of a mail you sent")
        expect("wizard behind NAT: Enter opens the paste screen to find the address receivers see", PRIVATE not in s, s)
        t.keys("F10")
        t.result()
    finally:
        t.close()
    interfaces()


def show(run, tmp, exim_conf):
    interfaces()
    only = postfix_config(tmp, "only-myhostname", [f"myhostname = {HELO}"])
    print("$ MAIL_CONFIG=... ptrdoctor detect --json   (main.cf: only myhostname)")
    print(run("detect", "--json", config=only).stdout)
    temporary = interfaces(temporary=True)
    relay = postfix_config(tmp, "relay", ["myhostname = 3f4e9c2a1b7d", "relayhost = [smtp.relay.test]:587"])
    print(f"$ ptrdoctor detect --json   (a temporary address {temporary}; a relay; a container-id myhostname)")
    print(run("detect", "--json", config=relay).stdout)
    interfaces()
    print("$ ptrdoctor check --this-machine   (only myhostname; the IPv6 address has no PTR)")
    print(run("check", "--this-machine", config=only).stdout)


def inside(binaries, exim, showing):
    expect = Expect()
    ip("link", "set", "lo", "up")
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        exim_conf = setup_exim(tmp)
        servers = DnsServers(tmp, zones())
        servers.start()
        try:
            for binary in binaries:
                run = Run(os.path.abspath(binary), servers, os.path.dirname(os.path.abspath(exim)))
                if showing:
                    show(run, tmp, exim_conf)
                    return 0
                print(f"{binary}:")
                check_binary(run, tmp, exim_conf, expect)
                wizard_walk(run, tmp, expect)
        finally:
            servers.stop()
    return 1 if expect.failures else 0


def main():
    args = sys.argv[1:]
    showing = "--show" in args
    args = [a for a in args if a != "--show"]
    exim = args[args.index("--exim") + 1]
    binaries = [a for i, a in enumerate(args) if a != "--exim" and (i == 0 or args[i - 1] != "--exim")]
    namespace_main("detect", lambda: inside(binaries, exim, showing))


if __name__ == "__main__":
    main()
