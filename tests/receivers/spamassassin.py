"""spamassassin - the real SpamAssassin on a message the receivers' Postfix delivered.

Debian's spamassassin runs with its own rules (/usr/share/spamassassin)
and the site's plugin loads (/etc/spamassassin/*.pre), copied to a folder
of the test's own with a local.cf that asks the test's resolver, keeps
DNS on (so the DNS-based HELO rules run) and turns blocklists, Bayes and
the auto-welcomelist off. Network tests on and Bayes off is score set 1,
the set a fresh install scores with until its Bayes is trained.
"""
import glob
import os
import re
import shutil
import subprocess

LOCAL_CF = """dns_server {resolver}
dns_available yes
skip_rbl_checks 1
use_bayes 0
use_auto_whitelist 0
use_razor2 0
use_pyzor 0
use_dcc 0
add_header all Scores _TESTSSCORES(,)_
"""

HERE = os.path.dirname(os.path.abspath(__file__))
RULES_FILE = os.path.join(HERE, "..", "..", "help", "receivers", "spamassassin.cf")
INSTALLED = "/usr/share/spamassassin"


def rule_lines():
    """ptrdoctor's copy of SpamAssassin's rules: its rule lines, spaces normalised."""
    lines = []
    for line in open(RULES_FILE):
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(" ".join(line.split()))
    return lines


def copied_rules_missing():
    """The lines of ptrdoctor's copy that the installed SpamAssassin does not have."""
    installed = set()
    for path in glob.glob(os.path.join(INSTALLED, "*.cf")):
        with open(path, encoding="latin-1") as f:
            installed.update(" ".join(line.split()) for line in f)
    return [line for line in rule_lines() if line not in installed]


EXAMPLES_FILE = os.path.join(HERE, "..", "unit", "dynrdns-names.txt")


def dynrdns_examples_differ():
    """The example names of the installed 20_dynrdns.cf's comments (the
    name templates NNN-NNN aside) against tests/unit/dynrdns-names.txt,
    which test_generic judges: (missing from the list, not in the file)."""
    pattern = re.compile(r"^# ([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}) ?(?:\[([0-9.]+)\])?\s*$")
    installed = []
    with open(os.path.join(INSTALLED, "20_dynrdns.cf"), encoding="latin-1") as f:
        for line in f:
            m = pattern.match(line)
            if m and not m.group(1).startswith("NN"):
                entry = f"{m.group(1)} {m.group(2)}" if m.group(2) else m.group(1)
                if entry not in installed:
                    installed.append(entry)
    with open(EXAMPLES_FILE) as f:
        listed = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    return [e for e in installed if e not in listed], [e for e in listed if e not in installed]


# The rules compared: every scored rule of ptrdoctor's copy, and any other
# whose name says it reads the client's reverse DNS or HELO, so that a rule
# the copy lacks shows as a difference.
OURS = {line.split()[1] for line in rule_lines() if not line.split()[1].startswith("__")}
TOPIC = re.compile(r"RDNS|HELO|KHOP|HOSTN")


def version():
    out = subprocess.run(["spamassassin", "--version"], capture_output=True, text=True).stdout
    m = re.search(r"version (\S+)", out)
    return m.group(1) if m else "?"


def setup(tmp):
    """The site configuration folder of the test's SpamAssassin."""
    site = os.path.join(tmp, "spamassassin")
    os.makedirs(site)
    for pre in glob.glob("/etc/spamassassin/*.pre"):
        shutil.copy(pre, site)
    return site


def scores(site, messages, resolver):
    """{subject: {rule: score}} of every rule that hits each message,
    asking resolver: one spamassassin run over an mbox of them all (Perl
    and the rules load once)."""
    with open(os.path.join(site, "local.cf"), "w") as f:
        f.write(LOCAL_CF.format(resolver=resolver))
    mbox = b"".join(b"From sender@test.invalid Thu Jan  1 00:00:00 2026\n" + m.replace(b"\r\n", b"\n").rstrip(b"\n")
                    + b"\n\n" for m in messages)
    run = subprocess.run(["spamassassin", "--siteconfigpath", site, "-p", os.path.join(site, "user_prefs"),
                          "-x", "--mbox"], input=mbox, capture_output=True, timeout=600)
    if run.returncode != 0:
        raise RuntimeError(f"spamassassin failed: {run.stderr.decode(errors='replace')[-500:]}")
    found = {}
    for m in re.split(rb"^From .*\n", run.stdout, flags=re.M):
        subject = re.search(rb"^Subject: (.*)", m, re.M)
        if subject:
            found[subject.group(1).decode()] = scores_of(m)
    return found


def scores_of(message):
    header = re.search(rb"^X-Spam-Scores: ?(.*(?:\n[ \t].*)*)", message, re.M)
    if not header:
        raise RuntimeError("spamassassin added no X-Spam-Scores header")
    found = {}
    for item in re.split(r"[,\s]+", header.group(1).decode()):
        if "=" in item:
            rule, score = item.split("=", 1)
            found[rule] = float(score)
    return found


# ptrdoctor says so in the prediction's basis when a HELO's SPF record
# needs lookups it does not make: the SPF rules are then not compared.
SPF_NOT_PREDICTED = "SPF for the HELO not predicted"
SPF_HELO = re.compile(r"SPF")  # SPF_HELO_*, T_SPF_HELO_*, FORGED_SPF_HELO


def on_topic(found, basis=""):
    skip_spf = SPF_NOT_PREDICTED in basis
    return {rule: score for rule, score in found.items()
            if (rule in OURS or TOPIC.search(rule)) and not (skip_spf and SPF_HELO.search(rule))}
