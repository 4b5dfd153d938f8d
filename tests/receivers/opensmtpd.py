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
import smtplib
import socket
import subprocess
import time

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


class OpenSMTPD:
    def __init__(self, binary, tmp):
        self.binary = binary
        self.dir = os.path.join(tmp, "opensmtpd")
        self.proc = None
        self.resolver = None
        os.makedirs(os.path.join(self.dir, "mail"), exist_ok=True)
        os.chmod(self.dir, 0o755)
        with open(os.path.join(self.dir, "smtpd.conf"), "w") as f:
            f.write(CONF.format(dir=self.dir, **PORTS))

    def start(self, resolver):
        self.resolver = resolver
        out = open(os.path.join(self.dir, "smtpd.out"), "a")
        self.proc = subprocess.Popen([self.binary, "-d", "-f", os.path.join(self.dir, "smtpd.conf")],
                                     stdout=out, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", PORTS["fcrdns"]), timeout=1).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError(f"OpenSMTPD did not start; see {self.dir}/smtpd.out")

    def use_resolver(self, resolver):
        if resolver != self.resolver:
            self.stop()
            self.start(resolver)

    def stop(self):
        if not self.proc:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def replies(self, ip):
        """{filter: 'accepted' or the reply line} for a client at ip."""
        server = "::1" if ":" in ip else "127.0.0.1"
        found = {}
        for name, port in PORTS.items():
            smtp = smtplib.SMTP(timeout=60, source_address=(ip, 0))
            try:
                code, text = smtp.connect(server, port)
                found[name] = "accepted" if code == 220 else f"{code} {text.decode()}"
                if code == 220:
                    smtp.quit()
            finally:
                smtp.close()
        return found
