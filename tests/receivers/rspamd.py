"""rspamd - the real rspamd, fed by the receivers' Postfix as a milter.

Debian's rspamd runs with its own configuration (/etc/rspamd) and a local
folder of the test's own (LOCAL_CONFDIR, DBDIR, RUNDIR, LOGDIR): its proxy
worker speaks milter on 127.0.0.1:11332, where Postfix's smtpd_milters
points, so rspamd gets the client's name, address and HELO exactly as
Postfix passes them. Its resolver is the test's Unbound; it never rejects
(every action's threshold is out of reach) and writes every symbol with
its score in X-Spamd-Result, which the delivered message carries.
"""
import os
import re
import subprocess

from daemon import Daemon

MILTER = "inet:127.0.0.1:11332"

LOCAL = {
    "worker-proxy.inc": 'bind_socket = "127.0.0.1:11332";\nmilter = yes;\n'
                        'upstream "local" { default = yes; self_scan = yes; }\n',
    "worker-normal.inc": 'bind_socket = "127.0.0.1:11333";\n',
    "worker-controller.inc": 'bind_socket = "127.0.0.1:11334";\n',
    "worker-fuzzy.inc": "count = 0;\n",
    "options.inc": 'dns { nameserver = ["{resolver}:53"]; timeout = 2s; retransmits = 1; }\n',
    "logging.inc": 'type = "file";\nfilename = "{dir}/rspamd.log";\nlevel = "info";\n',
    "actions.conf": "reject = 1000;\nadd_header = 999;\nrewrite_subject = 998;\ngreylist = 997;\n",
    "milter_headers.conf": "extended_spam_headers = true;\nskip_local = false;\nskip_authenticated = false;\n",
    # Lists on the internet: nothing to reach from the namespace.
    "rbl.conf": "enabled = false;\n",
    "fuzzy_check.conf": "enabled = false;\n",
    "asn.conf": "enabled = false;\n",
}

# The symbols compared: the reverse DNS and HELO ones.
TOPIC = re.compile(r"^(RDNS_|HFILTER_HELO|HFILTER_HOSTNAME)")


def version():
    out = subprocess.run(["rspamd", "--version"], capture_output=True, text=True).stdout
    m = re.search(r"version (\S+)", out, re.I)
    return m.group(1) if m else "?"


def daemon(tmp):
    """rspamd with the test's local configuration, not yet started; its
    resolver is the scenario's."""
    directory = os.path.join(tmp, "rspamd")

    def argv(resolver):
        local = os.path.join(directory, "local.d")
        os.makedirs(local, exist_ok=True)
        for d in ("db", "run", "log"):
            os.makedirs(os.path.join(directory, d), exist_ok=True)
        for name, text in LOCAL.items():
            with open(os.path.join(local, name), "w") as f:
                f.write(text.replace("{resolver}", resolver).replace("{dir}", directory))
        command = ["rspamd", "-f", "-i", "-u", "root", "-g", "root", "-c", "/etc/rspamd/rspamd.conf"]
        for var, sub in (("LOCAL_CONFDIR", "."), ("DBDIR", "db"), ("RUNDIR", "run"), ("LOGDIR", "log")):
            command.append(f"--var={var}={os.path.join(directory, sub)}")
        return command
    return Daemon("rspamd", directory, 11332, argv)


def symbols(message):
    """{symbol: score} from the X-Spamd-Result header rspamd added."""
    header = re.search(rb"^X-Spamd-Result: (.*(?:\r?\n[ \t].*)*)", message, re.M)
    if not header:
        raise RuntimeError("the delivered message has no X-Spamd-Result header: rspamd did not scan it")
    return {m.group(1): float(m.group(2))
            for m in re.finditer(r"([A-Z0-9_]+)\((-?[\d.]+)\)", header.group(1).decode(errors="replace"))}


def on_topic(found):
    return {s: v for s, v in found.items() if TOPIC.search(s)}


HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "help", "receivers", "rspamd-hfilter.txt")


def copied_data_missing():
    """What ptrdoctor's copy says that the installed rspamd does not."""
    lua = open("/usr/share/rspamd/plugins/hfilter.lua").read()
    lua_lines = {line.strip() for line in lua.split("\n")}
    scores = "".join(open(os.path.join("/etc/rspamd/scores.d", f)).read()
                     for f in sorted(os.listdir("/etc/rspamd/scores.d")))
    options = open("/etc/rspamd/options.inc").read()
    local = re.search(r"^local_addrs = \[(.*)\];", options, re.M).group(1)
    local = {a.strip() for a in local.split(",")} | {"127.0.0.0/8", "::1/128"}
    missing, section = [], None
    for line in open(DATA):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
        elif section == "[fqdn]":
            if line.replace("\\", "\\\\") not in lua:
                missing.append(line)
        elif section == "[scores]":
            symbol, value = line.split()
            m = re.search(r'"%s"\s*\{[^}]*?weight\s*=\s*([-\d.]+);' % symbol, scores, re.S)
            if not m or float(m.group(1)) != float(value):
                missing.append(line)
        elif section == "[local_addrs]":
            if line not in local:
                missing.append(line)
        elif line.strip() not in lua_lines:
            missing.append(line)
    return missing
