"""daemon - a receiver program the test starts, waits for and stops.

Each program reads /etc/resolv.conf once, when it starts: a scenario whose
resolver is another one restarts it. Only the process started here is
stopped, by its PID.
"""
import os
import socket
import subprocess
import time


class Daemon:
    """argv(resolver) gives the command line; port is where it listens
    once ready; output goes to dir/name.out."""

    def __init__(self, name, directory, port, argv):
        self.name, self.dir, self.port, self.argv = name, directory, port, argv
        self.proc = None
        self.resolver = None
        os.makedirs(directory, exist_ok=True)

    def start(self, resolver):
        self.resolver = resolver
        out = open(os.path.join(self.dir, f"{self.name}.out"), "a")
        self.proc = subprocess.Popen(self.argv(resolver), stdout=out, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start; see {self.dir}/{self.name}.out")

    def use_resolver(self, resolver):
        if resolver != self.resolver:
            self.stop()
            self.start(resolver)

    def stop(self):
        if not self.proc:
            return
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        deadline = time.time() + 20  # its workers go with it: wait until the port is free
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                time.sleep(0.1)
            except OSError:
                return


def banner_replies(ip, ports):
    """{check: 'accepted' or the reply line} for a client at ip connecting
    to each port: a refusal comes instead of the 220 banner."""
    import smtplib
    server = "::1" if ":" in ip else "127.0.0.1"
    found = {}
    for check, port in ports.items():
        smtp = smtplib.SMTP(timeout=60, source_address=(ip, 0))
        try:
            code, text = smtp.connect(server, port)
            found[check] = "accepted" if code == 220 else f"{code} {text.decode()}"
            if code == 220:
                smtp.quit()
        finally:
            smtp.close()
    return found
