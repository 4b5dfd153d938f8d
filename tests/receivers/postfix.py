#!/usr/bin/env python3
"""postfix - ptrdoctor's Postfix predictions against a real Postfix.

The test runs in a network and mount namespace of its own (it re-executes
itself under `unshare --net --mount`; root is needed). There, loopback
carries every scenario's client address, Unbound listens on 127.0.0.1:53
and a private /etc/resolv.conf points at it, so Postfix's smtpd resolves
through the same Unbound and NSD as `ptrdoctor check --server`. Postfix
(its own /etc/postfix, queue and data folders, bound over the real ones
inside the namespace only) applies one of the five restrictions per
recipient through restriction classes. For each scenario of
tests/integration/scenarios the test connects from the scenario's address,
says its HELO, and sends one RCPT TO per restriction; every reply must be
the one ptrdoctor predicts: accepted (250) for pass, else the same code,
enhanced code and text. A scenario with two PTRs may go either way
(Postfix takes whichever name getnameinfo returns), as ptrdoctor says.

Not compared here: the scenarios whose resolver itself is silent or
refuses (SILENT, REFUSING), since the system resolver always asks port 53
of this Unbound.
"""
import json
import os
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from servers import DnsServers  # noqa: E402
from run import POSTFIX, load_scenarios  # noqa: E402

DOMAIN = "test.invalid"
CLASSES = {check: check.replace("reject_", "") for check in POSTFIX.values()}
TIMEOUT_MS = 800
MAIN_CF = {
    "compatibility_level": "3.6",
    "inet_interfaces": "loopback-only",
    "inet_protocols": "all",
    "mydestination": DOMAIN,
    "local_recipient_maps": "",
    "mynetworks": "127.0.0.0/8 [::1]/128",
    "maillog_file": "/dev/stdout",
    "smtpd_relay_restrictions": "permit_mynetworks, reject_unauth_destination",
    "smtpd_restriction_classes": ", ".join(CLASSES.values()),
    "smtpd_recipient_restrictions": "check_recipient_access inline:{"
    + ", ".join(f"{{{c}@{DOMAIN} = {c}}}" for c in CLASSES.values()) + "}, permit",
}
MAIN_CF.update({c: check for check, c in CLASSES.items()})


def sh(*argv, **kw):
    return subprocess.run(argv, check=True, **kw)


def client_address(sc):
    return sc["args"][0]


def usable(sc):
    return not any(w in ("SILENT", "REFUSING") for w in sc["args"])


def setup_namespace(tmp, scenarios):
    sh("ip", "link", "set", "lo", "up")
    for sc in scenarios:
        ip = client_address(sc)
        sh("ip", "addr", "add", ip + ("/128" if ":" in ip else "/32"), "dev", "lo")
    sh("mount", "--make-rprivate", "/")
    resolv = os.path.join(tmp, "resolv.conf")
    with open(resolv, "w") as f:
        f.write("nameserver 127.0.0.1\noptions timeout:3 attempts:1\n")
    sh("mount", "--bind", resolv, "/etc/resolv.conf")
    etc, spool, lib = (os.path.join(tmp, d) for d in ("etc", "spool", "lib"))
    shutil.copytree("/etc/postfix", etc, symlinks=True)
    os.makedirs(spool)
    os.makedirs(lib)
    for src, dst in ((etc, "/etc/postfix"), (spool, "/var/spool/postfix"), (lib, "/var/lib/postfix")):
        sh("mount", "--bind", src, dst)
    shutil.chown("/var/lib/postfix", "postfix", "postfix")


def start_postfix(tmp):
    sh("postconf", "-e", *(f"{k} = {v}" for k, v in MAIN_CF.items()))
    sh("postconf", "-F", "smtp/inet/chroot = n")
    sh("postfix", "set-permissions", "create-missing", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = open(os.path.join(tmp, "postfix.log"), "w")
    proc = subprocess.Popen(["postfix", "start-fg"], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", 25), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    raise RuntimeError(f"postfix did not start; see {log.name}")


def stop_postfix(proc):
    subprocess.run(["postfix", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def postfix_replies(ip, helo):
    """{restriction: 'accepted' or the reply line} as smtpd answers them."""
    server = "::1" if ":" in ip else "127.0.0.1"
    with smtplib.SMTP(timeout=60, source_address=(ip, 0)) as smtp:
        smtp.connect(server, 25)
        code, _ = smtp.ehlo(helo)
        if code != 250:
            raise AssertionError(f"EHLO {helo} got {code}")
        smtp.mail(f"sender@{DOMAIN}")
        replies = {}
        for check, cls in CLASSES.items():
            code, text = smtp.rcpt(f"{cls}@{DOMAIN}")
            replies[check] = "accepted" if code == 250 else f"{code} {text.decode()}"
    return replies


def predictions(binary, sc):
    args = sc["args"] + ["--server", "127.0.0.1:53", "--json", "--timeout", str(TIMEOUT_MS)]
    out = subprocess.run([binary, "check"] + args, capture_output=True, text=True).stdout
    return json.loads(out)["receivers"]["postfix"]


def compare(predicted, replies):
    errors = []
    for check, reply in replies.items():
        p = predicted[check]
        expected = {"accepted"} if p["verdict"] == "pass" else {p["text"]}
        if p["verdict"] == "either":
            expected.add("accepted")
        if reply not in expected:
            errors.append(f"{check}: Postfix said {reply!r}, ptrdoctor predicted {sorted(expected)}")
    return errors


def inside(binary, show):
    scenarios = [sc for sc in load_scenarios(None) if usable(sc)]
    tmp = tempfile.mkdtemp(prefix="ptrdoctor-postfix-")
    setup_namespace(tmp, scenarios)
    zones, lame, silent = {}, [], []
    for sc in scenarios:
        zones.update(sc["zones"])
        lame += sc["lame"]
        silent += sc["silent"]
    servers = DnsServers(os.path.join(tmp, "dns"), zones, lame, silent, port=53)
    os.makedirs(servers.dir)
    failed = compared = 0
    servers.start()
    try:
        proc = start_postfix(tmp)
        try:
            for sc in scenarios:
                helo = sc["args"][sc["args"].index("--helo") + 1]
                replies = postfix_replies(client_address(sc), helo)
                errors = compare(predictions(binary, sc), replies)
                compared += len(CLASSES)
                print(f"{'ok  ' if not errors else 'FAIL'} postfix {sc['name']}")
                if show:
                    for check, reply in replies.items():
                        print(f"       {check}: {reply}")
                for e in errors:
                    print(f"       {e}")
                failed += bool(errors)
        finally:
            stop_postfix(proc)
    finally:
        servers.stop()
    print(f"{len(scenarios)} scenarios, {compared} Postfix replies compared with ptrdoctor's predictions")
    if failed:
        print(f"files kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


def main():
    args = [a for a in sys.argv[1:] if a != "--show"]
    show = "--show" in sys.argv[1:]
    binary = os.path.abspath(args[0] if args else "./ptrdoctor")
    if os.environ.get("PTRDOCTOR_IN_NAMESPACE") == "1":
        sys.exit(inside(binary, show))
    if os.geteuid() != 0:
        print("postfix: SKIPPED, a network namespace of its own needs root (make check as root runs it)")
        sys.exit(0)
    env = dict(os.environ, PTRDOCTOR_IN_NAMESPACE="1")
    argv = ["unshare", "--net", "--mount", sys.executable, os.path.abspath(__file__), binary] + sys.argv[1:]
    sys.exit(subprocess.run(argv, env=env).returncode)


if __name__ == "__main__":
    main()
