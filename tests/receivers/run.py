#!/usr/bin/env python3
"""run - ptrdoctor's receiver predictions against the real programs: Postfix,
Exim, OpenSMTPD, Sendmail, SpamAssassin and rspamd.

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

Exim 4.96 (Debian's binary, unpacked by tools/fetch-deb.sh since it
cannot be installed beside Postfix) runs as a daemon on loopback port 2525
with an ACL that applies `verify = reverse_host_lookup` to one recipient
and `verify = helo` to another. (Its `-bh IP` test mode is not used: it
writes an IPv6 client address in full, which then never equals the
compressed form a HELO lookup gives, and it counts every address of the
namespace as its own.) The reverse check is asked after a neutral EHLO
(Exim refuses some EHLO names before any ACL), the HELO check after the
scenario's own; a refused EHLO is compared with the HELO prediction. The
Exim user exists in the namespace only (a copy of /etc/passwd bound over
it).

Postfix also delivers one message per scenario to a Maildir, passing it
through rspamd as its milter (rspamd.py); SpamAssassin then reads every
delivered message in one run (spamassassin.py). OpenSMTPD (opensmtpd.py)
and Sendmail (sendmail.py) run as daemons of their own; a second Sendmail
relays a message to Postfix for the Received header it writes. More HELO
names sent from a few scenarios' addresses exercise the spam filters' HELO
rules. The namespace has empty /var/spool, /var/lib and /run of its own,
and a /etc/hosts that qualifies the machine's name.

The scenarios whose resolver itself is silent or refuses (SILENT,
REFUSING) get a server of that kind on 127.0.0.3:53 or 127.0.0.2:53, and
/etc/resolv.conf names it while they run.
"""
import argparse
import email.utils
import importlib.util
import json
import os
import re
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
INTEGRATION = os.path.join(HERE, "..", "integration")
sys.path.insert(0, INTEGRATION)
from servers import DnsServers, namespace_main  # noqa: E402
import spamassassin  # noqa: E402
import rspamd  # noqa: E402
import opensmtpd  # noqa: E402
import sendmail  # noqa: E402

# The scenarios and their loader are the integration tests' (a run.py too).
_spec = importlib.util.spec_from_file_location("integration_run", os.path.join(INTEGRATION, "run.py"))
integration = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(integration)
POSTFIX, load_scenarios = integration.POSTFIX, integration.load_scenarios

DOMAIN = "test.invalid"
INBOX = "inbox@mbox.test.invalid"  # delivered to a Maildir: what filters read
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
MAIN_CF.update({
    "virtual_mailbox_domains": INBOX.split("@")[1],
    "virtual_mailbox_maps": "static:inbox/",
    "virtual_uid_maps": "static:65534",
    "virtual_gid_maps": "static:65534",
    "smtpd_milters": rspamd.MILTER,
    "milter_default_action": "accept",
})


EXIM_PORT = 2525
EXIM_CONF = """primary_hostname = mx.{domain}
local_interfaces = <; 127.0.0.1.{port} ; ::1.{port}
spool_directory = {tmp}/exim-spool
log_file_path = {tmp}/exim-log/%slog
pid_file_path = {tmp}/exim.pid
host_lookup = *
acl_smtp_rcpt = acl_check_rcpt
begin acl
acl_check_rcpt:
  deny   local_parts = reverse
         !verify = reverse_host_lookup
  deny   local_parts = helo
         !verify = helo
  accept
"""
EXIM_USER = "Debian-exim"  # the user the Debian binary was built to run as


def sh(*argv, **kw):
    return subprocess.run(argv, check=True, **kw)


def client_address(sc):
    return sc["args"][0]


# Where the system resolver, and ptrdoctor, ask in each kind of scenario.
RESOLVERS = {"SILENT": "127.0.0.3", "REFUSING": "127.0.0.2", None: "127.0.0.1"}


def resolver_of(sc):
    special = [w for w in sc["args"] if w in RESOLVERS]
    return RESOLVERS[special[0] if special else None]


def use_resolver(tmp, host):
    """Point the namespace's /etc/resolv.conf (bound to this file) at host."""
    with open(os.path.join(tmp, "resolv.conf"), "w") as f:
        f.write(f"nameserver {host}\noptions timeout:3 attempts:1\n")


def bind_over(src, dst):
    """Inside the namespace only: src is seen at dst."""
    sh("mount", "--bind", src, dst)


def setup_network(tmp, scenarios):
    """Loopback up with every client address; the resolver at 127.0.0.1."""
    sh("ip", "link", "set", "lo", "up")
    for sc in scenarios:
        ip = client_address(sc)
        sh("ip", "addr", "add", ip + ("/128" if ":" in ip else "/32"), "dev", "lo")
    use_resolver(tmp, RESOLVERS[None])
    bind_over(os.path.join(tmp, "resolv.conf"), "/etc/resolv.conf")


def setup_postfix_folders(tmp):
    etc, spool, lib = (os.path.join(tmp, d) for d in ("etc", "spool", "lib"))
    shutil.copytree("/etc/postfix", etc, symlinks=True)
    os.makedirs(spool)
    os.makedirs(lib)
    for src, dst in ((etc, "/etc/postfix"), (spool, "/var/spool/postfix"), (lib, "/var/lib/postfix")):
        bind_over(src, dst)
    shutil.chown("/var/lib/postfix", "postfix", "postfix")


def setup_hosts(tmp):
    """The machine's name qualified in the namespace's /etc/hosts: Sendmail
    sleeps a minute at start when it cannot qualify its own name."""
    copy = os.path.join(tmp, "hosts")
    shutil.copy("/etc/hosts", copy)
    with open(copy, "a") as f:
        f.write(f"127.0.0.1 {sendmail.HOSTNAME} {socket.gethostname()}\n")
    bind_over(copy, "/etc/hosts")


def setup_users(tmp):
    """The users Exim and OpenSMTPD run as, in the namespace's /etc/passwd only."""
    users = [(EXIM_USER, 64999)] + [(u, 64990 + i) for i, u in enumerate(opensmtpd.USERS)]
    for name, line in (("passwd", "{0}:x:{1}:{1}::/var/lib/opensmtpd/empty:/usr/sbin/nologin\n"), ("group", "{0}:x:{1}:\n")):
        copy = os.path.join(tmp, name)
        shutil.copy(f"/etc/{name}", copy)
        with open(copy, "a") as f:
            f.write("".join(line.format(user, uid) for user, uid in users))
        bind_over(copy, f"/etc/{name}")


def setup_empty_folders():
    """Empty /var/spool, /var/lib and /run in the namespace: the daemons'
    spools, chroot and sockets go there, not on the machine."""
    for d in ("/var/spool", "/var/lib", "/run"):
        sh("mount", "-t", "tmpfs", "tmpfs", d)
    for d in ("/var/spool/postfix", "/var/lib/postfix"):
        os.makedirs(d)
    opensmtpd.prepare_folders()


def setup_exim(tmp):
    """Exim's folders and its configuration."""
    for d in ("exim-spool", "exim-log"):  # Exim writes them as its own user
        os.makedirs(os.path.join(tmp, d))
        os.chmod(os.path.join(tmp, d), 0o777)
    os.chmod(tmp, 0o755)
    with open(os.path.join(tmp, "exim.conf"), "w") as f:
        f.write(EXIM_CONF.format(domain=DOMAIN, tmp=tmp, port=EXIM_PORT))


def setup_namespace(tmp, scenarios):
    sh("mount", "--make-rprivate", "/")
    setup_empty_folders()
    setup_network(tmp, scenarios)
    setup_users(tmp)
    setup_hosts(tmp)
    setup_postfix_folders(tmp)
    setup_exim(tmp)


def start_postfix(tmp):
    mail = os.path.join(tmp, "mail")
    os.makedirs(mail)
    os.chmod(mail, 0o777)
    sh("postconf", "-e", *(f"{k} = {v}" for k, v in MAIN_CF.items()), f"virtual_mailbox_base = {mail}")
    sh("postconf", "-F", "smtp/inet/chroot = n")
    sh("postfix", "set-permissions", "create-missing", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = os.path.join(tmp, "postfix.log")
    proc = subprocess.Popen(["postfix", "start-fg"], stdout=open(log, "w"), stderr=subprocess.STDOUT)
    return wait_for_port(proc, 25, log)


def stop_postfix(proc):
    subprocess.run(["postfix", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop(proc)


def postfix_replies(ip, helo):
    """{restriction: 'accepted' or the reply line} as smtpd answers them."""
    ehlo, replies = smtp_replies(ip, 25, helo, CLASSES)
    if ehlo != "250":
        raise AssertionError(f"Postfix refused EHLO {helo}: {ehlo}")
    return replies


def wait_for_port(proc, port, log):
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}; see {log}")


def start_exim(exim, tmp):
    log = os.path.join(tmp, "exim.out")
    proc = subprocess.Popen([exim, "-C", os.path.join(tmp, "exim.conf"), "-bdf"],
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)
    return wait_for_port(proc, EXIM_PORT, log)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def smtp_replies(ip, port, helo, recipients):
    """The EHLO reply line, then each RCPT's ('accepted' or the reply line)."""
    server = "::1" if ":" in ip else "127.0.0.1"
    with smtplib.SMTP(timeout=60, source_address=(ip, 0)) as smtp:
        smtp.connect(server, port)
        code, text = smtp.ehlo(helo)
        if code != 250:
            return f"{code} {text.decode()}", {}
        smtp.mail(f"sender@{DOMAIN}")
        replies = {}
        for key, local in recipients.items():
            code, text = smtp.rcpt(f"{local}@{DOMAIN}")
            replies[key] = "accepted" if code == 250 else f"{code} {text.decode()}"
        return "250", replies


def delivered(tmp, ip, helo, name, port=25):
    """The message sent from ip with helo as Postfix delivered it, with the
    Received line it wrote for that client."""
    msgid = f"<{re.sub(r'[^A-Za-z0-9.-]', '-', name)}.{time.time_ns()}@{DOMAIN}>"
    message = (f"From: sender@{DOMAIN}\r\nTo: {INBOX}\r\nSubject: {name}\r\n"
               f"Date: {email.utils.formatdate()}\r\nMessage-ID: {msgid}\r\n\r\n"
               f"The receivers test's message for {name}.\r\n")
    server = "::1" if ":" in ip else "127.0.0.1"
    with smtplib.SMTP(timeout=60, source_address=(ip, 0)) as smtp:
        smtp.connect(server, port)
        smtp.ehlo(helo)
        smtp.sendmail(f"sender@{DOMAIN}", [INBOX], message)
    new = os.path.join(tmp, "mail", "inbox", "new")
    deadline = time.time() + 30
    while time.time() < deadline:
        for f in os.listdir(new) if os.path.isdir(new) else []:
            with open(os.path.join(new, f), "rb") as m:
                text = m.read()
            if msgid.encode() in text:
                os.unlink(os.path.join(new, f))
                return text
        time.sleep(0.05)
    raise RuntimeError(f"Postfix did not deliver {msgid}; see {tmp}/postfix.log")


def exim_replies(ip, helo):
    """{check: 'accepted' or the reply line} as Exim answers them."""
    ehlo, reverse = smtp_replies(ip, EXIM_PORT, f"probe.{DOMAIN}", {"reverse_host_lookup": "reverse"})
    if ehlo != "250":
        raise AssertionError(f"Exim refused the neutral EHLO: {ehlo}")
    ehlo, verified = smtp_replies(ip, EXIM_PORT, helo, {"helo": "helo"})
    return {**reverse, "helo": verified["helo"] if ehlo == "250" else ehlo}


def predictions(binary, sc):
    args = [f"{RESOLVERS[a]}:53" if a in RESOLVERS else a for a in sc["args"]]
    if "--server" not in args:
        args += ["--server", f"{resolver_of(sc)}:53"]
    args += ["--json", "--timeout", str(TIMEOUT_MS)]
    out = subprocess.run([binary, "check"] + args, capture_output=True, text=True).stdout
    return json.loads(out)["receivers"]


def compare(receiver, predicted, replies):
    errors = []
    for check, reply in replies.items():
        p = predicted[check]
        expected = {"accepted"} if p["verdict"] == "pass" else {p["text"]}
        if p["verdict"] == "either":
            expected.add("accepted")
        if reply not in expected:
            errors.append(f"{check}: {receiver} said {reply!r}, ptrdoctor predicted {sorted(expected)}")
    return errors


def predicted_rules(p):
    """{rule: score} of a spam filter's prediction ("RULE (score), ...")."""
    if p["verdict"] == "pass" and not p["text"]:
        return {}
    return {m.group(1): float(m.group(2)) if m.group(2) else None
            for m in re.finditer(r"([A-Z0-9_]+)(?: \(([-\d.e]+)\))?", p["text"] or "")}


def compare_scores(receiver, predicted, found):
    """The rules and scores the real filter gave against the prediction's."""
    want = predicted_rules(predicted)
    other = predicted_rules({"verdict": "points", "text": predicted.get("alternative")})
    if want == found or (predicted["verdict"] == "either" and found == other):
        return []
    return [f"{receiver} hit {found}, ptrdoctor predicted {want}"]


# More HELO names sent from a scenario's address, for the spam filters'
# HELO rules that no scenario's own HELO reaches. 05's PTR name is long
# enough (over 14 characters) for KHOP_HELO_FCRDNS.
HELO_VARIANTS = {
    "05-generic-ptr": ["mail.s05.test", "45.90.5.5", "45.90.99.1", "[45.90.5.5]", "localhost.localdomain",
                       "router.lan", "pc", "friend", "dsl-45-90-5-5.pool.s05.test", "c0a80101.dip.s05.test",
                       "45.90.5.5.static.s05.test", "0x2d5a0505.s05.test", "45-90-5-5.dyn.s05.test.",
                       "user-pc", "speedtouch.lan", "static.5.5.90.45.clients.s05.test"],
    "01-good-ipv4": ["45.90.1.5", "MAIL.S01.TEST", "smtp.example.net", "spf-ip4.s01.test", "spf-fail.s01.test",
                     "spf-soft.s01.test", "spf-neutral.s01.test", "spf-a.s01.test", "spf-a-other.s01.test",
                     "spf-two.s01.test", "spf-bad.s01.test", "spf-none.s01.test", "spf-include.s01.test",
                     "spf-first.s01.test"],
    "22-good-ipv6": ["[IPv6:2a0c:9a40:22::5]", "2a0c-9a40-22--5.s22.test"],
}


def with_helo(sc, helo):
    args = list(sc["args"])
    args[args.index("--helo") + 1] = helo
    return dict(sc, args=args, name=f"{sc['name']} HELO {helo}")


def filter_differences(binary, tmp, programs, sc, show):
    """rspamd on the message Postfix delivered for sc; the message and the
    prediction wait in programs["spamassassin"] for one SpamAssassin run."""
    ip, helo = client_address(sc), sc["args"][sc["args"].index("--helo") + 1]
    predicted = predictions(binary, sc)
    programs["rspamd"].use_resolver(resolver_of(sc))
    message = delivered(tmp, ip, helo, sc["name"])
    programs["spamassassin"].append((sc["name"], predicted["spamassassin"], message, resolver_of(sc)))
    found = rspamd.symbols(message)
    errors = compare_scores("rspamd", predicted["rspamd"], rspamd.on_topic(found))
    if show:
        received = re.search(rb"^Received: .*(?:\n[ \t].*)*", message, re.M).group(0).decode()
        print("       " + received.replace("\n", "\n       "))
        print(f"       rspamd: {found}")
    return {"rspamd": 1}, errors


def spamassassin_differences(site, waiting, show):
    """SpamAssassin on every delivered message, one run per resolver: its
    SPF plugin asks DNS itself, through the resolver the scenario's
    receivers use."""
    failed = 0
    results = {}
    for resolver in sorted({r for _, _, _, r in waiting}):
        results.update(spamassassin.scores(site, [m for _, _, m, r in waiting if r == resolver], resolver))
    for name, predicted, _, _ in waiting:
        found = results.get(name)
        if found is None:
            errors = [f"spamassassin gave no result for {name}"]
        else:
            errors = compare_scores("SpamAssassin", predicted, spamassassin.on_topic(found, predicted["basis"]))
        if errors or show:
            report(f"{name} (SpamAssassin)", errors)
        if show:
            print(f"       SpamAssassin: {found}")
        failed += bool(errors)
    return failed


def sendmail_differences(tmp, programs, sc, predicted, replies, show):
    """Sendmail's require_rdns reply, and the Received header it wrote."""
    ip, helo = client_address(sc), sc["args"][sc["args"].index("--helo") + 1]
    for name in sendmail.PORTS:
        programs[f"sendmail {name}"].use_resolver(resolver_of(sc))
    replies["Sendmail"] = {"require_rdns": sendmail.require_rdns_reply(ip, helo)}
    message = delivered(tmp, ip, helo, sc["name"] + " via Sendmail", port=sendmail.PORTS["relay"])
    header = re.search(rb"^Received: (from [^\n]*(?:\n[ \t][^\n]*)*?)\n[ \t]+by " + sendmail.HOSTNAME.encode(),
                       message, re.M)
    received = " ".join(header.group(1).decode().split()) if header else "(no Received header by Sendmail)"
    if show:
        print(f"       Sendmail received: {received}")
    errors = compare("Sendmail", predicted["sendmail"], {"require_rdns": replies["Sendmail"]["require_rdns"]})
    want = predicted["sendmail"]["received"]["text"]
    if received != want:
        errors.append(f"received: Sendmail wrote {received!r}, ptrdoctor predicted {want!r}")
    replies["Sendmail"]["received"] = received
    return errors


def report(name, errors):
    print(f"{'ok  ' if not errors else 'FAIL'} {name}")
    for e in errors:
        print(f"       {e}")


def check_scenario(binary, tmp, programs, sc, show):
    """Compare one scenario (and its HELO variants); returns how many
    outcomes were compared, per program, and the differences."""
    ip, helo = client_address(sc), sc["args"][sc["args"].index("--helo") + 1]
    use_resolver(tmp, resolver_of(sc))
    predicted = predictions(binary, sc)
    replies = {"Postfix": postfix_replies(ip, helo), "Exim": exim_replies(ip, helo)}
    if resolver_of(sc) == RESOLVERS["SILENT"]:
        # OpenSMTPD's resolver (libasr) tries a silent server 4 times, 5 s
        # and more each, and no option shortens it: no banner for minutes.
        print(f"skip {sc['name']}: OpenSMTPD, whose resolver waits minutes on a silent server")
    else:
        programs["opensmtpd"].use_resolver(resolver_of(sc))
        replies["OpenSMTPD"] = opensmtpd.replies(ip)
    errors = compare("Postfix", predicted["postfix"], replies["Postfix"])
    errors += compare("Exim", predicted["exim"], replies["Exim"])
    errors += compare("OpenSMTPD", predicted["opensmtpd"], replies.get("OpenSMTPD", {}))
    errors += sendmail_differences(tmp, programs, sc, predicted, replies, show)
    if show:
        for receiver, answers in replies.items():
            for check, reply in answers.items():
                print(f"       {receiver} {check}: {reply}")
    counts = {name: len(r) for name, r in replies.items()}
    filtered, filter_errors = filter_differences(binary, tmp, programs, sc, show)
    report(sc["name"], errors + filter_errors)
    errors += filter_errors
    for variant in (with_helo(sc, h) for h in HELO_VARIANTS.get(sc["name"], [])):
        more, variant_errors = filter_differences(binary, tmp, programs, variant, show)
        report(variant["name"], variant_errors)
        errors += variant_errors
        for name, n in more.items():
            filtered[name] = filtered.get(name, 0) + n
    for name, n in filtered.items():
        counts[name] = counts.get(name, 0) + n
    return counts, errors


def inside(binary, exim, opensmtpd_binary, sendmail_root, show):
    scenarios = load_scenarios(None)
    tmp = tempfile.mkdtemp(prefix="ptrdoctor-receivers-")
    setup_namespace(tmp, scenarios)
    zones, lame, silent, signed = {}, [], [], []
    for sc in scenarios:
        zones.update(sc["zones"])
        lame += sc["lame"]
        silent += sc["silent"]
        signed += sc["signed"]
    servers = DnsServers(os.path.join(tmp, "dns"), zones, lame, silent, port=53,
                         lame_at=(RESOLVERS["REFUSING"], 53), silent_at=(RESOLVERS["SILENT"], 53), signed=signed)
    os.makedirs(servers.dir)
    failed = 0
    compared = {}
    site = spamassassin.setup(tmp)
    programs = {"spamassassin": [], "rspamd": rspamd.daemon(tmp), "opensmtpd": opensmtpd.daemon(opensmtpd_binary, tmp),
                **{f"sendmail {name}": d for name, d in sendmail.daemons(sendmail_root, tmp).items()}}
    daemons = [d for key, d in programs.items() if key != "spamassassin"]
    missing = spamassassin.copied_rules_missing()
    for line in missing:
        print(f"FAIL help/receivers/spamassassin.cf has a line SpamAssassin {spamassassin.version()} does not: {line}")
    failed += len(missing)
    unlisted, extra = spamassassin.dynrdns_examples_differ()
    for name in unlisted:
        print(f"FAIL 20_dynrdns.cf names {name} as an example; tests/unit/dynrdns-names.txt does not")
    for name in extra:
        print(f"FAIL tests/unit/dynrdns-names.txt lists {name}; SpamAssassin {spamassassin.version()}'s 20_dynrdns.cf does not")
    failed += len(unlisted) + len(extra)
    missing = rspamd.copied_data_missing()
    for line in missing:
        print(f"FAIL help/receivers/rspamd-hfilter.txt has a line rspamd {rspamd.version()} does not: {line}")
    failed += len(missing)
    postfix = exim_daemon = None
    try:
        servers.start()
        for d in daemons:
            d.start(RESOLVERS[None])
        postfix = start_postfix(tmp)
        exim_daemon = start_exim(exim, tmp)
        for sc in scenarios:
            counts, errors = check_scenario(binary, tmp, programs, sc, show)
            for name, n in counts.items():
                compared[name] = compared.get(name, 0) + n
            failed += bool(errors)
        failed += spamassassin_differences(site, programs["spamassassin"], show)
        compared["SpamAssassin"] = len(programs["spamassassin"])
    finally:
        if exim_daemon:
            stop(exim_daemon)
        if postfix:
            stop_postfix(postfix)
        for d in daemons:
            d.stop()
        servers.stop()
    print(f"{len(scenarios)} scenarios; outcomes compared with ptrdoctor's predictions: "
          + ", ".join(f"{name} {n}" for name, n in compared.items())
          + f" (SpamAssassin {spamassassin.version()}, rspamd {rspamd.version()}, "
          f"OpenSMTPD {opensmtpd.version(opensmtpd_binary)}, Sendmail {sendmail.version(sendmail_root)})")
    if failed:
        print(f"files kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="./ptrdoctor")
    ap.add_argument("--exim", required=True, help="the unpacked exim4 binary")
    ap.add_argument("--opensmtpd", required=True, help="the unpacked OpenSMTPD smtpd binary")
    ap.add_argument("--sendmail", required=True, help="the folder sendmail-bin and sendmail-cf are unpacked in")
    ap.add_argument("--show", action="store_true", help="print every reply")
    opts = ap.parse_args()
    binary, exim, smtpd, sm = (os.path.abspath(p) for p in (opts.binary, opts.exim, opts.opensmtpd, opts.sendmail))
    namespace_main("receivers", lambda: inside(binary, exim, smtpd, sm, opts.show))


if __name__ == "__main__":
    main()
