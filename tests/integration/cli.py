#!/usr/bin/env python3
"""cli - the command line: usage errors name the bad argument and exit 64;
--help, --version and --lab work without any DNS server."""
import json
import os
import re
import subprocess
import sys
import tempfile

LAB = """; title: cli test
; ip: 198.51.100.5
; helo: mail.example.com
$ORIGIN example.com.
@ SOA ns. h. 1 2 3 4 5
mail A 198.51.100.5
$ORIGIN 100.51.198.in-addr.arpa.
@ SOA ns. h. 1 2 3 4 5
5 PTR mail.example.com.
"""


def run(binary, *args, env=None):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=30, env=env)


def main():
    binary = sys.argv[1]
    failures = []

    def expect(args, code, err_part=None, out_part=None):
        r = run(binary, *args)
        ok = r.returncode == code and (err_part is None or err_part in r.stderr) and \
            (out_part is None or out_part in r.stdout)
        print(f"{'ok  ' if ok else 'FAIL'} ptrdoctor {' '.join(args)[:70]} -> {r.returncode}")
        if not ok:
            failures.append(args)
            print(f"       stdout: {r.stdout[:300]!r}\n       stderr: {r.stderr[:300]!r}")

    with tempfile.TemporaryDirectory() as tmp:
        lab = os.path.join(tmp, "good.zone")
        with open(lab, "w") as f:
            f.write(LAB)
        bad = os.path.join(tmp, "bad.zone")
        with open(bad, "w") as f:
            f.write("; ip: 1.2.3\n$ORIGIN x.\nwww A nope\n")
        expect(["--version"], 0, out_part="ptrdoctor 0.")
        for library in ("\nldns 1.", ", PCRE2 10.", ", ncurses 6."):  # as the libraries report themselves
            expect(["--version"], 0, out_part=library)
        expect(["--help"], 0, out_part="ptrdoctor check IP")
        expect(["--help"], 0, out_part="  --server HOST[:PORT]\n                    ask this recursive resolver")
        expect(["check", "--help"], 0, out_part="exit codes of check")
        expect(["check"], 64, "needs the sending IP")
        expect(["check", "mail.example.com"], 64, "dig +short A mail.example.com")
        expect(["check", "010.1.2.3"], 64, "leading zero")
        expect(["check", "192.0.2.1.", "--lab", lab], 64, "trailing dot")
        expect(["check", "fe80::1%eth0", "--lab", lab], 64, "zone id")
        expect(["check", "198.51.100.5", "198.51.100.6", "--helo", "mail.example.com", "--lab", lab], 1,
               out_part="2 addresses checked: 1 pass, 0 warn, 1 fail, 0 error")
        expect(["check", "198.51.100.5", "mail.example.com", "--lab", lab], 64,
               "mail.example.com: not an address or a prefix")
        expect(["check", "198.51.100.5", "--batch", os.path.join(tmp, "none.txt"), "--lab", lab], 64,
               "No such file")
        expect(["explain", "a.txt", "b.txt"], 64, "unexpected argument b.txt")
        expect(["check", "1.2.3.4", "--frobnicate"], 64, "unknown option --frobnicate")
        expect(["check", "1.2.3.4", "--timeout", "0"], 64, "--timeout")
        expect(["check", "1.2.3.4", "--timeout", "abc"], 64, "--timeout")
        expect(["check", "1.2.3.4", "--helo"], 64, "--helo needs a value")
        expect(["check", "1.2.3.4", "--json=yes"], 64, "--json takes no value")
        expect(["check", "1.2.3.4", "--he", "x"], 64, "--he is ambiguous")
        expect(["check", "1.2.3.4", "--timeout=0"], 64, "--timeout: expected milliseconds")
        expect(["--lab=" + lab, "check", "--json"], 0, out_part='"lab":true')
        expect(["check", "--lab", lab, "--", "198.51.100.5"], 0, out_part="Verdict: PASS")
        expect(["check", "1.2.3.4", "--server", "127.0.0.1:99999"], 3, "--server 127.0.0.1:99999")
        expect(["check", "1.2.3.4", "--provider", "Bad Id"], 64, "--provider")
        expect(["check", "1.2.3.4", "\x1b[2J"], 64, "\\027[2J")
        expect(["check", "--lab", lab], 0, out_part="Verdict: PASS")
        expect(["check", "--lab", lab, "--json"], 0, out_part='"lab":true')
        expect(["check", "--lab", "/nonexistent.zone"], 64, "No such file")
        expect(["check", "--lab", bad], 64, "bad.zone:1: ip")
        expect(["check", "--lab", bad], 64, "bad.zone:3:")
        # a bad negative cache line, then a record of the same name (once a crash)
        bad_cache = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "regressions", "lab",
                                 "bad-negative-cache-then-record.zone")
        expect(["check", "--lab", bad_cache], 64, "bad-negative-cache-then-record.zone:3: cache: expected NAME TYPE")
        expect(["check", "198.51.100.5", "--lab", lab, "--helo", "x" * 10000], 1, out_part="helo-fqdn")
        # The man page and --help name the same options.
        man = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "help", "ptrdoctor.1")).read()
        man_options = set(re.findall(r"--([a-z][a-z-]*)", man.replace("\\-", "-")))
        help_text = run(binary, "--help").stdout
        help_options = set(re.findall(r"--([a-z][a-z-]*)", help_text))
        same = man_options == help_options and len(man_options) >= 10
        print(f"{'ok  ' if same else 'FAIL'} man page and --help list the same {len(man_options)} options")
        if not same:
            failures.append(["man", sorted(man_options ^ help_options)])
            print(f"       differ: {sorted(man_options ^ help_options)}")
        # a good server: nothing for the provider to change, so no request (exit 4)
        expect(["check", "198.51.100.5", "--lab", lab, "--ticket"], 4,
               "No request to send: neither your provider nor a zone's operator has anything to change")
        expect(["check", "198.51.100.5", "--lab", lab, "--provider", "nosuch"], 64, "--provider nosuch: unknown")
        # A ticket and a post are about one address; one output at a time.
        expect(["check", "198.51.100.5", "198.51.100.6", "--lab", lab, "--markdown"], 64, "one address at a time")
        expect(["check", "198.51.100.0/30", "--lab", lab, "--ticket"], 64, "one address at a time")
        expect(["check", "--batch", "-", "--lab", lab, "--markdown"], 64, "one address at a time")
        expect(["check", "198.51.100.5", "--lab", lab, "--json", "--markdown"], 64, "choose one")
        # Environment faults: an unreachable resolver, and no resolv.conf at all
        # (an empty file bound over it in a mount namespace of our own).
        expect(["check", "198.51.100.5", "--server", "127.0.0.1:9", "--timeout", "200"], 3,
               out_part="(127.0.0.1#9: no reply)")
        r = subprocess.run(["unshare", "-m", "sh", "-c",
                            f"mount --bind /dev/null /etc/resolv.conf && exec {binary} check 198.51.100.5"],
                           capture_output=True, text=True, timeout=30)
        ok = r.returncode == 3 and "no resolver found in /etc/resolv.conf" in r.stderr and "--server" in r.stderr
        print(f"{'ok  ' if ok else 'FAIL'} no /etc/resolv.conf -> {r.returncode}")
        if not ok:
            failures.append(["no resolv.conf"])
            print(f"       {r.stderr!r}")
        # Every built-in lab scenario ends on the verdict its header declares,
        # and every fixed version passes.
        listing = run(binary, "lab", "--list").stdout.splitlines()
        names = [l.split()[0] for l in listing[1:] if l.strip() and not l.startswith("Run one")]
        for name in names:
            expected = next(l.split()[1] for l in listing if l.split() and l.split()[0] == name)
            for variant, want in ((name, expected), (name + ".fixed", "pass")):
                r = run(binary, "check", "--lab", variant, "--json", "--timeout", "100")
                if variant.endswith(".fixed") and "No such file" in r.stderr:
                    continue  # no fixed version
                got = json.loads(r.stdout)["verdict"] if r.stdout.startswith("{") else r.stderr.strip()
                ok = got == want
                print(f"{'ok  ' if ok else 'FAIL'} lab {variant}: {got} (declared {want})")
                if not ok:
                    failures.append(["lab", variant])
        if len(names) < 15:
            failures.append(["too few built-in scenarios", len(names)])
        expect(["lab"], 64, "lab needs a scenario")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
