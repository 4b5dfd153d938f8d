"""sendmail - the real Sendmail: FEATURE(`require_rdns') and its Received header.

Debian's Sendmail 8.17 (sendmail-bin and sendmail-cf, unpacked by
tools/fetch-deb.sh: it cannot be installed beside Postfix) runs twice in
the namespace, each with a sendmail.cf that m4 builds from the package's
own cf macros: one with FEATURE(`require_rdns'), whose refusal the test
reads in the SMTP session, and one that relays everything to the
receivers' Postfix, whose delivered message then carries the Received
header Sendmail wrote for the client. Sendmail reads /etc/resolv.conf when
it starts: it is restarted when a scenario's resolver is another one.
"""
import os
import smtplib
import subprocess

from daemon import Daemon

PORTS = {"require_rdns": 2528, "relay": 2529}
HOSTNAME = "mx-sendmail.test.invalid"
MC = """divert(-1)dnl
divert(0)dnl
include(`{cf}/m4/cf.m4')dnl
OSTYPE(`linux')dnl
define(`confDOMAIN_NAME', `{hostname}')dnl
define(`QUEUE_DIR', `{dir}/queue-{name}')dnl
define(`confPID_FILE', `{dir}/{name}.pid')dnl
define(`STATUS_FILE', `{dir}/{name}.st')dnl
define(`ALIAS_FILE', `{dir}/aliases')dnl
define(`confHOST_STATUS_DIRECTORY', `')dnl
define(`confTO_IDENT', `0s')dnl
define(`confDONT_PROBE_INTERFACES', `True')dnl
define(`confDONT_BLAME_SENDMAIL', `GroupWritableDirPathSafe,TrustStickyBit')dnl
{extra}DAEMON_OPTIONS(`Family=inet, Name=MTA-v4, Port={port}, Addr=127.0.0.1')dnl
DAEMON_OPTIONS(`Family=inet6, Name=MTA-v6, Port={port}, Addr=::1')dnl
FEATURE(`accept_unresolvable_domains')dnl
FEATURE(`promiscuous_relay')dnl
FEATURE(`no_default_msa')dnl
FEATURE(`nocanonify')dnl
MAILER(`smtp')dnl
{rules}"""
EXTRA = {
    "require_rdns": "FEATURE(`require_rdns')dnl\n",
    # the test's own relay, in its namespace: to the receivers' Postfix
    "relay": "",
}


# the relay's every message goes to the receivers' Postfix
RELAY_RULES = "LOCAL_RULE_0\nR$* < @ $* > $*\t$#esmtp $@ [127.0.0.1] $: $1 < @ $2 > $3\n"


def version(root):
    out = subprocess.run([binary(root), "-d0.1", "-bt"], input="", capture_output=True, text=True)
    for word in out.stdout.split():
        if word[:2] == "8." and word[2:3].isdigit():
            return word
    return "8.17"


def binary(root):
    return os.path.join(root, "usr", "libexec", "sendmail", "sendmail")


def daemons(root, tmp):
    """The two Sendmails, their configurations built, not yet started."""
    directory = os.path.join(tmp, "sendmail")
    os.makedirs(directory, exist_ok=True)
    open(os.path.join(directory, "aliases"), "w").close()
    found = {}
    for name, port in PORTS.items():
        os.makedirs(os.path.join(directory, f"queue-{name}"), mode=0o700, exist_ok=True)
        mc = MC.format(cf=os.path.join(root, "usr", "share", "sendmail", "cf"), hostname=HOSTNAME, dir=directory,
                       name=name, port=port, extra=EXTRA[name], rules=RELAY_RULES if name == "relay" else "")
        cf = os.path.join(directory, f"{name}.cf")
        with open(cf, "w") as f:
            # m4 warns that promiscuous_relay makes an open relay: in the namespace, on loopback only
            subprocess.run(["m4"], input=mc, stdout=f, stderr=subprocess.DEVNULL, text=True, check=True)
        found[name] = Daemon(name, directory, port, lambda resolver, cf=cf: [binary(root), "-C", cf, "-bD"])
    return found


def require_rdns_reply(ip, helo):
    """'accepted', or the first refusal of a session from ip to the
    require_rdns Sendmail (it answers its check at the first command it
    may refuse)."""
    server = "::1" if ":" in ip else "127.0.0.1"
    with smtplib.SMTP(timeout=60, source_address=(ip, 0)) as smtp:
        code, text = smtp.connect(server, PORTS["require_rdns"])
        if code != 220:
            return f"{code} {text.decode()}"
        for command in (lambda: smtp.ehlo(helo), lambda: smtp.mail("sender@test.invalid"),
                        lambda: smtp.rcpt("inbox@mbox.test.invalid")):
            code, text = command()
            if code >= 400:
                return f"{code} {' '.join(text.decode().split())}"
    return "accepted"
