"""opensmtpd - the real OpenSMTPD's rdns and fcrdns filters.

Debian's OpenSMTPD 6.8 (unpacked by tools/fetch-deb.sh: it cannot be
installed beside Postfix) runs in the namespace with the filter lines most
servers copy (from the poolp.org guide): `match !rdns` and `match !fcrdns`
at the connect phase, each on a port of its own. A refused client gets the
filter's reply instead of the banner. Its users, spool and chroot folder
exist in the namespace only (run.py mounts empty folders over /var/spool,
/var/lib and /run there). OpenSMTPD reads /etc/resolv.conf itself; it is
restarted when a scenario's resolver is another one.
"""
import os
import subprocess

from daemon import Daemon, banner_replies

USERS = ("opensmtpd", "opensmtpq")
PORTS = {"rdns": 2526, "fcrdns": 2527}
CONF = """filter check_rdns phase connect match !rdns disconnect "550 no rDNS is so 80s"
filter check_fcrdns phase connect match !fcrdns disconnect "550 no FCrDNS is so 80s"
listen on 127.0.0.1 port {rdns} filter check_rdns
listen on ::1 port {rdns} filter check_rdns
listen on 127.0.0.1 port {fcrdns} filter check_fcrdns
listen on ::1 port {fcrdns} filter check_fcrdns
action "deliver" maildir "{dir}/mail"
match from any for domain "test.invalid" action "deliver"
"""


def version(binary):
    out = subprocess.run([binary, "-h"], capture_output=True, text=True)
    for line in (out.stdout + out.stderr).split("\n"):
        if "version" in line.lower():
            return line.split()[-1]
    return "6.8"


def prepare_folders():
    """The spool and chroot folders smtpd insists on (inside the namespace's empty /var)."""
    os.makedirs("/var/spool/smtpd", mode=0o711, exist_ok=True)
    os.makedirs("/var/lib/opensmtpd/empty", mode=0o755, exist_ok=True)


def daemon(binary, tmp):
    """OpenSMTPD, its configuration written, not yet started."""
    directory = os.path.join(tmp, "opensmtpd")
    os.makedirs(os.path.join(directory, "mail"), exist_ok=True)
    os.chmod(directory, 0o755)
    conf = os.path.join(directory, "smtpd.conf")
    with open(conf, "w") as f:
        f.write(CONF.format(dir=directory, **PORTS))
    return Daemon("smtpd", directory, PORTS["fcrdns"], lambda resolver: [binary, "-d", "-f", conf])


def replies(ip):
    return banner_replies(ip, PORTS)
