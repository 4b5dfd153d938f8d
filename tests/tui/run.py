#!/usr/bin/env python3
"""run - end-to-end tests of the wizard: the real binary in tmux at a fixed
size, TERM and locale; keys typed with send-keys, screens read with
capture-pane. Lab files answer every lookup, except the live test, which
asks NSD + Unbound on loopback."""
import argparse
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from servers import DnsServers  # noqa: E402

sys.path.insert(0, os.path.join(HERE, ".."))
import golden  # noqa: E402

GOOD = os.path.join(HERE, "good.zone")
SLOW = os.path.join(HERE, "slow.zone")


class Term:
    """One tmux server (its own socket) running one command."""

    def __init__(self, cmd, cols=80, rows=24, env=None, cwd=None):
        self.sock = f"ptrdoctor-tui-{os.getpid()}-{time.monotonic_ns()}"
        self.out = tempfile.mktemp(prefix="ptrdoctor-tui-")
        env_words = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        # The wrapper records the exit code and whether the tty settings came back.
        script = (f"s=$(stty -g); env {env_words} {cmd}; rc=$?; "
                  f"[ \"$(stty -g)\" = \"$s\" ] && t=restored || t=changed; "
                  f"echo \"EXIT=$rc TTY=$t\" > {self.out}; sleep 60")
        self.tmux("new-session", "-d", "-s", "t", "-x", str(cols), "-y", str(rows),
                  "-c", cwd or os.getcwd(), "bash", "-c", script)

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.sock, *args], capture_output=True, text=True, timeout=10)

    def keys(self, *keys):
        for k in keys:
            self.tmux("send-keys", "-t", "t", k)
            time.sleep(0.15)

    def type(self, text):
        self.tmux("send-keys", "-t", "t", "-l", text)
        time.sleep(0.2)

    def paste(self, text):
        """Paste as a terminal does: newlines become Enter (CR), and the text
        is wrapped in bracketed-paste marks when the program asked for them."""
        self.tmux("set-buffer", "-b", "p", "--", text)
        self.tmux("paste-buffer", "-p", "-d", "-b", "p", "-t", "t")
        time.sleep(0.3)

    def screen(self, escapes=False):
        args = ["capture-pane", "-p", "-t", "t"] + (["-e"] if escapes else [])
        return self.tmux(*args).stdout

    def wait_for(self, pattern, timeout=8.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = self.screen()
            if re.search(pattern, text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"screen never showed /{pattern}/; last screen:\n{self.screen()}")

    def resize(self, cols, rows):
        self.tmux("resize-window", "-t", "t", "-x", str(cols), "-y", str(rows))
        time.sleep(0.4)

    def result(self, timeout=8.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(self.out) and os.path.getsize(self.out) > 0:
                return open(self.out).read().strip()
            time.sleep(0.1)
        raise AssertionError(f"the program did not exit; screen:\n{self.screen()}")

    def program_pids(self):
        """The PIDs of the processes this terminal started (children of its shell)."""
        pane = self.tmux("list-panes", "-t", "t", "-F", "#{pane_pid}").stdout.strip()
        if not pane:
            return []
        out = subprocess.run(["pgrep", "-P", pane], capture_output=True, text=True).stdout.split()
        return [int(p) for p in out]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        # A program still running when a test ends is stopped by its PID with
        # SIGKILL: closing the terminal would send SIGHUP, and a sanitized
        # binary caught by it inside its exit-time leak check can hang.
        for pid in self.program_pids():
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        self.tmux("kill-server")
        if os.path.exists(self.out):
            os.unlink(self.out)


def start(binary, args, **kw):
    env = {"TERM": "tmux-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.update(kw.pop("env", {}))
    if "ASAN_LOG" in os.environ:
        env["ASAN_OPTIONS"] = f"log_path={os.environ['ASAN_LOG']}:fast_unwind_on_malloc=0"
        env["LSAN_OPTIONS"] = f"suppressions={os.path.join(HERE, '..', 'lsan.supp')}:print_suppressions=0"
        env["UBSAN_OPTIONS"] = f"log_path={os.environ['ASAN_LOG']}:print_stacktrace=1"
    return Term(f"{shlex.quote(binary)} {args}", env=env, **kw)


def page_until(t, pattern, steps=24):
    """Scroll a view down, half a screen at a time (so nothing spanning a
    page boundary is skipped), until the pattern is on the screen."""
    for _ in range(steps):
        if re.search(pattern, t.screen()):
            return
        t.tmux("send-keys", "-t", "t", *(["Down"] * 8))
        time.sleep(0.2)
    t.wait_for(pattern, 1)


def enter_ip_and_helo(t, ip, helo):
    """From the welcome screen to the provider question, typing ip and helo."""
    t.wait_for(r"Check my mail server")
    t.keys("Enter")
    t.type(ip)
    t.keys("Enter")
    t.type(helo)
    t.keys("Enter")
    t.wait_for(r"Who hosts the server")


def dump_matches(t, name, errors):
    """The whole 80x24 screen against tests/tui/screens/NAME.ref; the times
    a lookup took are the only thing that varies."""
    text = re.sub(r"\b[0-9]+ ms\b", "N ms", t.screen())
    diff = golden.compare(os.path.join(HERE, "screens", name + ".ref"), text)
    if diff:
        errors.append(f"screen {name} {diff}")


# --- the tests --------------------------------------------------------------

def test_walk_passing(binary):
    """A passing walk; every screen of it, and the help overlay, is also
    compared whole with tests/tui/screens/NAME.ref as a newcomer sees it at
    80x24, so a layout that breaks fails here."""
    errors = []
    with start(binary, f"--lab {GOOD}") as t:
        t.wait_for(r"Check my mail server")
        dump_matches(t, "welcome", errors)
        t.keys("Enter")
        t.wait_for(r"Which IP address")
        t.type("203.0.113.5")
        t.wait_for(r"documentation address")
        dump_matches(t, "ip", errors)
        t.keys("Enter")
        t.wait_for(r"Which name does the server at 203\.0\.113\.5 give")
        t.type("mail.example.com")
        t.wait_for(r"HELO mail\.example\.com: a fully qualified")
        dump_matches(t, "helo", errors)
        t.keys("Enter")
        t.wait_for(r"Who hosts the server")
        time.sleep(0.5)
        dump_matches(t, "provider", errors)
        t.keys("Up", "Enter")
        t.wait_for(r"Lookups of 203\.0\.113\.5")
        t.wait_for(r"\d+ of \d+ answered\s*$|All lookups answered", 10)
        t.wait_for(r"All lookups answered")
        s = t.screen()
        assert "$ dig -x 203.0.113.5 +short" in s and "mail.example.com." in s, s
        dump_matches(t, "steps", errors)
        t.keys("?")
        t.wait_for(r"─Help: ")
        dump_matches(t, "help", errors)
        t.keys("Escape")
        t.keys("v")
        s = t.wait_for(r"Verdict: PASS")
        assert "fcrdns" in s and "resolves back to 203.0.113.5" in s, s
        dump_matches(t, "verdict", errors)
        t.keys("q")
        assert t.result().startswith("EXIT=0 TTY=restored"), t.result()
    assert not errors, "\n".join(errors)


def test_walk_failing_with_actions(binary):
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        with start(binary, f"--lab {GOOD}", cwd=tmp) as t:
            enter_ip_and_helo(t, "203.0.113.9", "mail.example.com")
            t.keys("Home", "Down", "Down", "Down", "Down")  # Hetzner
            s = t.wait_for(r"Where: the server's IP addresses")
            t.keys("Enter")
            t.wait_for(r"All lookups answered", 10)
            # the lookups of a failing check, in words beside dig's output
            s = t.screen()
            assert "no such name: 203.0.113.9 has no PTR" in s, s
            assert "$ dig SOA 9.113.0.203.in-addr.arpa. +noall +authority" in s, s
            assert "no such name in zone 113.0.203.in-addr.arpa, run by ns1.provider.example" in s, s
            dump_matches(t, "steps-fail-ipv4", errors)
            t.keys("Right")
            s = t.wait_for(r"Verdict: FAIL")
            assert "Ask Hetzner" in s and "refuse its mail" in s, s
            page_until(t, r"What \"ptr-exists\" means")
            page_until(t, r"Postfix with reject_unknown_client_hostname: reject\s+450 4\.7\.25 Client host rejected: "
                          r"cannot find your hostname,\s+\[203\.0\.113\.9\]")
            page_until(t, r"What to do")
            page_until(t, r"At Hetzner")
            page_until(t, r"hcloud server set-rdns\s+--ip\s+203\.0\.113\.9\s+--hostname\s+mail\.example\.com")
            t.keys("t")
            s = t.wait_for(r"Support request")
            assert "Set the PTR of 203.0.113.9 (9.113.0.203.in-addr.arpa.) to" in s and "mail.example.com" in s, s
            t.keys("Escape")
            t.keys("s")
            t.wait_for(r"File name")
            t.keys("Enter")
            t.wait_for(r"Report saved to ptrdoctor-203\.0\.113\.9\.txt")
            report = open(os.path.join(tmp, "ptrdoctor-203.0.113.9.txt")).read()
            assert "Verdict: FAIL" in report and "ptr-exists" in report, report
            t.keys("m")  # the same report as a forum post
            t.wait_for(r"File name")
            t.keys("Enter")
            t.wait_for(r"Report saved to ptrdoctor-203\.0\.113\.9\.md")
            post = open(os.path.join(tmp, "ptrdoctor-203.0.113.9.md")).read()
            assert post.startswith("## Reverse DNS of 203.0.113.9, HELO mail.example.com: FAIL") and \
                "| ptr-exists | **fail** |" in post and "<details>" in post, post
            t.keys("s")
            t.wait_for(r"File name")
            t.keys("C-u")
            t.type("/nonexistent/dir/report.txt")
            t.keys("Enter")
            t.wait_for(r"Could not save to /nonexistent/dir/report\.txt: No such file")
            t.keys("s")
            t.wait_for(r"File name")
            t.keys("C-u")
            t.type("/proc/ptrdoctor-report.txt")
            t.keys("Enter")
            t.wait_for(r"Could not save to /proc/ptrdoctor-report\.txt: ")
            t.keys("q")
            assert t.result().startswith("EXIT=0 TTY=restored")
    assert not errors, "\n".join(errors)


def test_ipv6_lookups_in_words_and_names_wrapped(binary):
    """An IPv6 address without a PTR: the lookups screen says so in words,
    long ip6.arpa names are shortened in the middle there, whole in the
    detail view, and wrapped at a dot (never inside a label) in the
    verdict."""
    errors = []
    with start(binary, f"--lab {GOOD}") as t:
        enter_ip_and_helo(t, "2001:db8::25", "mail6.example.com")
        t.keys("Home", "Down", "Down", "Down", "Down")  # Hetzner
        t.wait_for(r"Where: the server's IP addresses")
        t.keys("Enter")
        s = t.wait_for(r"All lookups answered", 10)
        assert "no such name: 2001:db8::25 has no PTR" in s, s
        assert "mail6.example.com has the IPv6 address 2001:db8::25" in s, s
        assert "\u2026" in s and "ip6.arpa" in s, s  # shortened in the middle, the zone kept
        dump_matches(t, "steps-ipv6", errors)
        t.keys("Down", "Enter")  # the SOA lookup, whole
        s = t.wait_for(r"In words: no such name in zone")
        # the name whole, on a line of its own, broken after the dot of "ip6."
        inside = "\n".join(m.group(1).rstrip() for m in re.finditer(r"\u2502 (.*?)\u2502", s))
        assert "\n5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.\narpa. +noall +authority" in \
            inside, inside
        assert "AUTHORITY: 1" in s, s
        t.keys("Escape")
        t.keys("Right")
        s = t.wait_for(r"Verdict: FAIL")
        # every line that ends inside the reverse name ends after a dot
        lines = [l.strip() for l in s.splitlines()]
        name_lines = [l for l in lines if re.fullmatch(r"(.*\s)?([0-9a-f]\.)+(ip6\.)?", l)]
        assert name_lines, s
        assert any(l.startswith("ip6.arpa.") or l.startswith("arpa.") or "ip6.arpa." in l for l in lines), s
        assert not any(l.endswith(".ip") or l.endswith(".i") for l in lines), s
        t.keys("q")
        assert t.result().startswith("EXIT=0 TTY=restored"), t.result()
    assert not errors, "\n".join(errors)


def test_provider_guessed_from_dns(binary):
    with start(binary, f"--lab {GOOD}") as t:
        enter_ip_and_helo(t, "203.0.113.7", "mail.example.com")
        s = t.wait_for(r"Recognised from DNS: the PTR name\s+static\.7\.113\.0\.203\.clients\.your-server\.de\.")
        assert re.search(r"> Hetzner", s), s
        t.keys("Enter")
        t.wait_for(r"All lookups answered", 10)
        t.keys("v")
        t.wait_for(r"Verdict: FAIL")
        page_until(t, r"Hetzner \(Cloud and Robot\), recognised\s+because the PTR name")
        t.keys("q")
        t.result()


def test_lab_step_mode_and_fixed_version(binary):
    with start(binary, "lab no-ptr --step") as t:
        s = t.wait_for(r"Space shows it")
        assert "LAB: answers from a file" in s, s
        assert "Does mail.example.com" not in s  # the next round waits for the answers before it
        for _ in range(12):
            if "All lookups answered" in t.screen():
                break
            t.keys("Space")
        t.wait_for(r"All lookups answered")
        t.keys("v")
        s = t.wait_for(r"Verdict: FAIL")
        assert "Lesson" in s and "must be set in the provider's" in s.replace("\n", " ") or "Lesson" in s, s
        t.keys("F")
        t.wait_for(r"Space shows it|All lookups answered")
        for _ in range(12):
            if "All lookups answered" in t.screen():
                break
            t.keys("Space")
        t.keys("v")
        s = t.wait_for(r"What the fix changed")
        assert re.search(r"ptr-exists\s+fail -> pass", s), s
        t.keys("q")
        assert "TTY=restored" in t.result()


def test_lab_where_the_answer_comes_from(binary):
    """a on a lab's verdict: the zones' own servers and the walk from the
    scenario's root, one level per Space in presenter mode."""
    with start(binary, "lab trace-rfc2317 --step") as t:
        t.wait_for(r"Space shows it")
        for _ in range(40):
            if "All lookups answered" in t.screen():
                break
            t.keys("Space")
        t.wait_for(r"All lookups answered")
        t.keys("v")
        t.wait_for(r"Verdict: PASS")
        t.keys("a")
        s = t.wait_for(r"Servers of 0/25\.100\.51\.198\.in-addr\.arpa\.")
        assert "$ dig @192.0.2.80" in s, s
        t.wait_for(r"The walk has ended \(7 levels", 15)
        page_until(t, r"Space shows the next level \(1 of 7")
        for _ in range(6):
            t.keys("Space")
        page_until(t, r"Result: PTR mail\.example\.com\.", 60)
        s = t.screen()
        assert "holds the record" in s, s
        t.keys("Escape")
        t.wait_for(r"Verdict: PASS")
        t.keys("q")
        assert "TTY=restored" in t.result()


def test_pool_of_addresses(binary):
    """A prefix typed in the IP field: every address checked, a row each
    as it ends, sorted by verdict with o; Enter opens one, Esc comes back."""
    with start(binary, f"--lab {GOOD} --timeout 200") as t:
        t.wait_for(r"Check my mail server")
        t.keys("Enter")
        t.wait_for(r"Which IP address")
        t.type("203.0.113.0/29")
        t.wait_for(r"Several addresses \(a prefix or a list\)")
        t.keys("Enter")
        s = t.wait_for(r"8 of 8 checked, 0 running +1 pass +0 warn +7 fail +0 error", 20)
        assert "Every address checked" in s and "evil\\027[31m" in s and "\x1b" not in s, s
        t.keys("o")
        s = t.wait_for(r"\(worst first\)")
        rows = [l.split()[-2:] for l in s.splitlines() if re.match(r"\s+>?\s*(pass|fail)\s+203\.0\.113\.", l)]
        assert len(rows) == 8 and "pass" in s.splitlines()[[i for i, l in enumerate(s.splitlines())
                                                               if "203.0.113.5 " in l][0]], s
        t.keys("End", "Enter")  # the last row: the one that passes
        t.wait_for(r"All lookups answered", 10)
        t.keys("Escape")
        t.wait_for(r"8 of 8 checked")
        t.keys("Escape")
        t.wait_for(r"Which IP address")
        t.keys("F10")
        assert "TTY=restored" in t.result()


def test_pool_rows_while_running(binary):
    """A pool whose reverse zone never answers (each try waits 20 s): every
    row is there at once, marked ... as running; quitting mid-way asks,
    then leaves the terminal as it was."""
    with start(binary, f"--lab {SLOW} --timeout 20000") as t:
        t.wait_for(r"Check my mail server")
        t.keys("Enter")
        t.wait_for(r"Which IP address")
        t.type("203.0.113.4/30")
        t.wait_for(r"Several addresses")
        t.keys("Enter")
        s = t.wait_for(r"0 of 4 checked, 4 running +0 pass", 10)
        rows = [l for l in s.splitlines() if re.match(r"\s+>?\s*\.\.\.\s+203\.0\.113\.[4-7]\s+checking", l)]
        assert len(rows) == 4 and "... marks one still running" in s, s
        t.keys("o")  # sorting rows that have no verdict yet keeps them all
        s = t.wait_for(r"\(worst first\)")
        assert len(re.findall(r"\.\.\.\s+203\.0\.113\.[4-7]\s", s)) == 4, s
        t.keys("q")
        t.wait_for(r"Quit anyway\?")
        t.keys("y")
        assert "TTY=restored" in t.result()


def pool_and_walk_zone(tmp):
    """The RFC 2317 lab (root servers to walk from) with 700 ms a round
    trip, no address or HELO of its own, and a reverse zone for
    203.0.113.0/24 that never answers."""
    lines = open(os.path.join(HERE, "..", "..", "help", "lab", "trace-rfc2317.zone")).read().splitlines()
    kept = [l for l in lines if not l.startswith(("; ip:", "; helo:", "; latency:", "; lesson:", "; expect:"))]
    path = os.path.join(tmp, "pool-and-walk.zone")
    with open(path, "w") as f:
        f.write("; latency: 700\n; timeout: 113.0.203.in-addr.arpa\n" + "\n".join(kept) + "\n")
    return path


def test_pool_and_walk_each_their_own(binary):
    """A pool runs on while the walk from the root of one of its addresses
    runs: each is the wizard's to poll. The pool's slow address ends in
    the middle of the walk, and the walk still ends with no key pressed
    (when both shared one slot, the pool's end cleared the walk's and the
    walk stood still until a key came)."""
    with tempfile.TemporaryDirectory() as tmp:
        # The slow address: 5 tries (the pool retries a timeout 4 times,
        # after 0.25 + 0.5 + 1 + 2 s), each 2 x 0.5 s and the lab's 0.7 s:
        # it ends 12.25 s after the pool starts, in the middle of the walk.
        with start(binary, f"--lab {pool_and_walk_zone(tmp)} --timeout 500") as t:
            t.wait_for(r"Check my mail server")
            t.keys("Enter")
            t.wait_for(r"Which IP address")
            t.type("198.51.100.5 203.0.113.1")
            t.wait_for(r"Several addresses")
            t.keys("Enter")
            pool_started = time.monotonic()
            s = t.wait_for(r"pass\s+198\.51\.100\.5", 10)
            assert re.search(r"\.\.\.\s+203\.0\.113\.1\s+checking", s), s
            t.keys("Enter")
            t.wait_for(r"All lookups answered", 10)
            t.keys("v")
            t.wait_for(r"Verdict: PASS")
            t.keys("a")
            t.wait_for(r"The delegation from the root")
            s = t.screen()
            assert "The walk has ended" not in s, f"the walk ended before the pool: no test\n{s}"
            assert time.monotonic() - pool_started < 12, "the walk started after the pool ended: no test"
            t.wait_for(r"The walk has ended \(\d+ levels", 25)
            assert time.monotonic() - pool_started > 12.25, "the walk ended before the pool: no test"
            t.keys("Escape", "Escape", "Escape")
            s = t.wait_for(r"2 of 2 checked", 5)
            t.keys("q")
            assert "TTY=restored" in t.result()


def test_lab_from_welcome_and_trainer_file(binary):
    with start(binary, f"--lab {GOOD}") as t:
        t.wait_for(r"Check my mail server")
        t.keys("Down", "Down", "Enter")
        s = t.wait_for(r"Lab scenarios: every answer comes from the scenario")
        assert "good-ipv4" in s and "Lesson" in s and "still holds the old answer" in s, s
        t.keys("Escape")
        t.wait_for(r"Check my mail server")
        t.keys("Down", "Down", "Enter")
        t.wait_for(r"Lab scenarios")
        t.keys("Home", "Down", "Down", "Down", "Down")  # good-ipv4, after cached-fix, dnssec-expired,
        # dnssec-wrong-ds and generic-ptr
        t.keys("Enter")
        t.wait_for(r"Lookups of 203\.0\.113\.10")
        t.keys("q")
        t.wait_for(r"Quit anyway\?")  # the lookups are still running: it asks
        t.keys("y")
        t.result()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "class.zone")
        with open(path, "w") as f:
            f.write("; title: my own\n; ip: 192.0.2.7\n; helo: mx.school.example\n"
                    "; lesson: Only this class file says quince.\n"
                    "$ORIGIN school.example.\n@ SOA ns. h. 1 2 3 4 5\nmx A 192.0.2.7\n"
                    "$ORIGIN 2.0.192.in-addr.arpa.\n@ SOA ns. h. 1 2 3 4 5\n7 PTR mx.school.example.\n")
        with start(binary, f"lab {path}") as t:
            t.wait_for(r"All lookups answered", 10)
            t.keys("v")
            s = t.wait_for(r"Verdict: PASS")
            assert "Only this class file says quince." in s, s
            t.keys("F")
            t.wait_for(r"has no fixed version")
            t.keys("q")
            t.result()


def open_paste_screen(binary):
    t = start(binary, f"--lab {GOOD}")
    try:
        t.wait_for(r"Check my mail server")
        t.keys("Down", "Enter")
        t.wait_for(r"Paste a bounce, or the Received lines")
    except Exception:
        t.close()
        raise
    return t


def test_paste_bounce_to_check(binary):
    with open_paste_screen(binary) as t:
        t.type("Diagnostic-Code: smtp; 550-5.7.25 [203.0.113.9] The IP address sending this message does not\n")
        t.type("550-5.7.25 have a PTR record setup, or the corresponding forward DNS entry does\n")
        t.type("550 5.7.25 not point to the sending IP. - gsmtp\n")
        t.keys("F2")
        s = t.wait_for(r"Gmail refused \(fcrdns\), IP 203\.0\.113\.9")
        t.wait_for(r"Enter checks 203\.0\.113\.9 now")
        t.keys("Enter")
        t.wait_for(r"give in HELO/EHLO")  # no HELO in a Gmail bounce: it asks
        t.type("mail.example.com")
        t.keys("Enter")
        t.wait_for(r"Who hosts the server")
        t.keys("Enter")
        t.wait_for(r"Lookups of 203\.0\.113\.9")
        t.wait_for(r"All lookups answered", 10)
        t.keys("q")
        t.result()


def test_paste_repaired_and_not_rdns(binary):
    """A quoted SPF rejection: the screen says what was repaired, and that
    this is not about reverse DNS."""
    with open_paste_screen(binary) as t:
        t.paste("> 550 5.7.23 The message was rejected because of Sender Policy Framework violation "
                "(SPF check failed) [203.0.113.9]\n")
        s = t.wait_for(r"Not a reverse-DNS problem: SPF, IP 203\.0\.113\.9")
        assert "Repaired first: quote marks removed from 1 line" in s, s
        t.wait_for(r"Not about reverse DNS \(SPF\): a PTR fix would not change it")
        t.keys("Escape")
        t.wait_for(r"Check my mail server")
        t.keys("q")
        assert t.result().startswith("EXIT=0 TTY=restored")


def test_bracketed_paste(binary):
    # A paste is taken whole: it is read as soon as it ends (no F2), and its
    # newlines and letters stay text, so a second paste after a reading
    # (whose first newline would otherwise be Enter: "check it") and the
    # q inside it neither start a check nor quit.
    with open_paste_screen(binary) as t:
        t.paste("450 4.7.1 Client host rejected: cannot find your reverse hostname, [198.51.100.88]\n")
        t.wait_for(r"Postfix refused \(ptr-exists\), IP 198\.51\.100\.88")
        t.paste("\nNov 26 08:01:02 mx postfix/smtpd[1234]: NOQUEUE: reject: RCPT from unknown[203.0.113.5]: "
                "450 4.7.25 Client host rejected: cannot find your hostname, [203.0.113.5]; "
                "from=<me@example.com> to=<you@example.org> proto=ESMTP helo=<mail.example.com>\nq\n")
        s = t.wait_for(r"Postfix refused \(fcrdns\), IP 203\.0\.113\.5, HELO mail\.example\.com")
        assert "Paste a bounce, or the Received lines" in s, s
        t.keys("Enter")
        t.wait_for(r"Lookups of 198\.51\.100\.88|Lookups of 203\.0\.113\.5")
        t.wait_for(r"All lookups answered", 10)
        t.keys("q")
        assert t.result().startswith("EXIT=0 TTY=restored")


def test_paste_whose_end_mark_is_lost(binary):
    # A paste start with no end (a line that split the end mark): after a
    # pause, keys are keys again, so F2 reads the text instead of vanishing.
    with open_paste_screen(binary) as t:
        t.type("\x1b[200~450 4.7.1 Client host rejected: cannot find your reverse hostname, [198.51.100.88]")
        time.sleep(1.0)
        t.keys("F2")
        t.wait_for(r"Postfix refused \(ptr-exists\), IP 198\.51\.100\.88")
        t.keys("Escape")
        t.wait_for(r"Check my mail server")
        t.keys("q")
        assert t.result().startswith("EXIT=0 TTY=restored")


def test_help_overlay_and_back(binary):
    with start(binary, f"--lab {GOOD}") as t:
        t.wait_for(r"Check my mail server")
        t.keys("Enter")
        t.type("203.0.113.5")
        t.keys("F1")
        t.wait_for(r"Help: Sending IP")
        t.keys("End")  # the keys of the screen close the text
        s = t.wait_for(r"Keys on this screen")
        assert re.search(r"F1\s+help for this screen", s), s
        t.keys("Escape")
        t.wait_for(r"Which IP address")
        t.keys("Enter")
        t.wait_for(r"give in HELO/EHLO")
        t.type("mail.example.com")
        t.keys("Escape")
        s = t.wait_for(r"Which IP address")
        assert "203.0.113.5" in s, s
        t.keys("Enter")
        s = t.wait_for(r"give in HELO/EHLO")
        assert "mail.example.com" in s, "the HELO typed before going back is kept:\n" + s
        t.keys("F10")
        result = t.result()
        assert "EXIT=0" in result, result


def test_invalid_input_messages(binary):
    with start(binary, f"--lab {GOOD}") as t:
        t.wait_for(r"Check my mail server")
        t.keys("Enter")
        for text, message in [("010.1.2.3", r"leading zero"), ("fe80::1%eth0", r"zone id"),
                              ("192.0.2.1.", r"no trailing dot"), ("10.0.0.1", r"private address"),
                              ("100.64.0.1", r"CGNAT"), ("not an ip", r"not an IPv4 or IPv6")]:
            t.keys("C-u")
            t.type(text)
            t.wait_for(message)
        t.keys("C-u")
        t.keys("Enter")
        t.wait_for(r"Type the IP address")
        t.type("ghost.example.com")
        t.wait_for(r"A host name: press Enter")
        t.keys("Enter")
        t.wait_for(r"ghost\.example\.com: no such name")
        t.keys("C-u")
        t.type("mail.example.com")
        t.keys("Enter")
        t.wait_for(r"Addresses of mail\.example\.com")
        t.keys("Enter")
        t.wait_for(r"203\.0\.113\.5.*\n?.*documentation address|documentation address")
        t.keys("Enter")
        t.type("localhost")
        t.wait_for(r"\"localhost\" names every machine")
        t.keys("C-u")
        t.type("mail")
        t.wait_for(r"a bare name without a domain")
        t.keys("C-u")
        t.type("[198.51.100.300]")
        t.wait_for(r"what is inside is not an address")
        t.keys("F10")
        t.result()


def test_resize_small_and_back(binary):
    with start(binary, f"203.0.113.5 --helo mail.example.com --lab {GOOD}") as t:
        t.wait_for(r"All lookups answered", 10)
        t.resize(60, 20)
        s = t.wait_for(r"Terminal too small: 60x20")
        t.resize(100, 30)
        s = t.wait_for(r"Lookups of 203\.0\.113\.5")
        assert "Terminal too small" not in s, s
        assert len(s.splitlines()[0]) <= 100
        t.keys("v")
        t.wait_for(r"Verdict: PASS")
        t.resize(80, 24)
        t.wait_for(r"Verdict: PASS")
        t.resize(1, 1)
        time.sleep(0.5)
        t.resize(80, 24)
        t.wait_for(r"Verdict: PASS")
        t.keys("q")
        assert "TTY=restored" in t.result()


def test_no_color_and_ascii(binary):
    with start(binary, f"203.0.113.5 --helo mail.example.com --lab {GOOD}") as t:
        t.wait_for(r"All lookups answered", 10)
        colored = t.screen(escapes=True)
        assert re.search(r"\x1b\[[0-9;]*3[1-7]m|\x1b\[[0-9;]*38;", colored), "colours expected by default"
        t.keys("q")
        t.result()
    with start(binary, f"203.0.113.5 --helo mail.example.com --lab {GOOD}", env={"NO_COLOR": "1"}) as t:
        t.wait_for(r"All lookups answered", 10)
        mono = t.screen(escapes=True)
        assert not re.search(r"\x1b\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)", mono), "NO_COLOR still shows colours"
        assert "\u2714" in mono
        t.keys("q")
        t.result()
    with start(binary, f"203.0.113.5 --helo mail.example.com --lab {GOOD}", env={"LANG": "C", "LC_ALL": "C"}) as t:
        s = t.wait_for(r"All lookups answered", 10)
        assert "\u2714" not in s and re.search(r"^\s+\+ Which name", s, re.M), s
        t.keys("q")
        t.result()


def test_step_detail_and_escaping(binary):
    with start(binary, f"203.0.113.6 --lab {GOOD}") as t:
        t.wait_for(r"Which name does the server", 10)
        t.keys("Enter", "Enter")
        t.wait_for(r"All lookups answered", 10)
        s = t.screen(escapes=True)
        assert "\x1b]0;" not in s and "\x07" not in s, "a DNS byte reached the terminal"
        assert "evil\\027[31m\\027]0\\;pwned\\007" in t.screen()
        t.keys("Home", "Enter")
        s = t.wait_for(r"->>HEADER<<-")
        assert "ANSWER SECTION" in s, s
        t.keys("Escape")
        t.wait_for(r"Lookups of 203\.0\.113\.6")
        t.keys("q")
        t.result()


def test_keys_of_another_terminal(binary):
    """TERM names another terminal than the one running (xterm's entry in
    tmux, as over ssh): End still works, and a sequence no entry knows is
    dropped, not taken for Esc (which would go back a screen)."""
    with start(binary, f"203.0.113.5 --helo mail.example.com --lab {GOOD}", env={"TERM": "xterm-256color"}) as t:
        t.wait_for(r"All lookups answered", 10)
        t.tmux("send-keys", "-t", "t", "-H", "1b", "5b", "39", "39", "7e")  # ESC [ 9 9 ~
        time.sleep(0.3)
        t.keys("End")
        s = t.wait_for(r"Show the verdict")
        assert "Lookups of 203.0.113.5" in s and "99~" not in s, s
        t.keys("Escape")
        t.wait_for(r"Who hosts the server")  # a lone Esc still goes back
        t.keys("q")
        assert t.result().startswith("EXIT=0 TTY=restored"), t.result()


def test_quit_and_cancel_while_running(binary):
    with start(binary, f"203.0.113.5 --helo mail.example.com --lab {SLOW} --timeout 20000") as t:
        t.wait_for(r"asking\.\.\.")
        t.keys("F1")  # keys are handled while lookups are pending
        t.wait_for(r"Help: Lookups", 2)
        t.keys("Escape")
        t.keys("q")
        t.wait_for(r"Quit anyway\?")
        t.keys("n")
        t.wait_for(r"asking\.\.\.")
        t.keys("Escape")
        t.wait_for(r"Check stopped")
        t.keys("q")
        assert t.result(3).startswith("EXIT=0 TTY=restored")


def signal_case(binary, send, expected):
    """Stop a running check with send(term, pid); the exit status says which
    signal, and the terminal's settings come back."""
    with start(binary, f"203.0.113.5 --helo mail.example.com --lab {SLOW} --timeout 20000") as t:
        t.wait_for(r"asking\.\.\.")
        pid = t.tmux("list-panes", "-t", "t", "-F", "#{pane_pid}").stdout.strip()
        child = subprocess.run(["pgrep", "-P", pid, "-f", "ptrdoctor"], capture_output=True, text=True).stdout.split()
        assert child, "no ptrdoctor process under the pane"
        send(t, int(child[0]))
        result = t.result(5)
        assert result == f"EXIT={expected} TTY=restored", result


def test_signals_restore_terminal(binary):
    signal_case(binary, lambda t, pid: t.keys("C-c"), 130)
    signal_case(binary, lambda t, pid: os.kill(pid, 15), 143)
    signal_case(binary, lambda t, pid: os.kill(pid, 1), 129)


def test_not_a_terminal(binary):
    r = subprocess.run([binary], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=10)
    assert r.returncode == 64 and "ptrdoctor check IP" in r.stderr, r
    for env in ("env TERM=dumb", "env -u TERM"):
        r = subprocess.run(["script", "-qec", f"{env} {binary} --lab {GOOD}", "/dev/null"],
                           capture_output=True, text=True, timeout=10)
        assert "needs a terminal" in r.stdout + r.stderr and "ptrdoctor check IP" in r.stdout + r.stderr, r


def test_live_failing_check(binary):
    zones = {"s1.test.": "$ORIGIN s1.test.\nmail A 45.90.100.99\n",
             "100.90.45.in-addr.arpa.": "$ORIGIN 100.90.45.in-addr.arpa.\n5 PTR mail.s1.test.\n"}
    with tempfile.TemporaryDirectory() as tmp:
        with DnsServers(tmp, zones) as servers, \
                start(binary, f"45.90.100.5 --helo mail.s1.test --server 127.0.0.1:{servers.port}") as t:
            s = t.wait_for(r"All lookups answered", 10)
            assert f"dig @127.0.0.1 -p {servers.port} -x 45.90.100.5 +short" in s, s
            t.keys("v")
            s = t.wait_for(r"Verdict: FAIL")
            assert "change the record mail.s1.test A from" in s and "45.90.100.99 to 45.90.100.5" in s, s
            t.keys("q")
            t.result()


def test_verdict_before_the_zone_servers(binary):
    """The verdict shows as soon as the resolver's answers are in; the
    zones' own servers, silent from here, fill in after the deadline (a
    second): the screen says they are still asked, then what they gave."""
    from servers import SilentServer
    zones = {"s2.test.": "$ORIGIN s2.test.\nmail A 45.90.102.5\n",
             "102.90.45.in-addr.arpa.": "$ORIGIN 102.90.45.in-addr.arpa.\n5 PTR mail.s2.test.\n"}
    silent = SilentServer("0.0.0.0")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            args = (f"45.90.102.5 --helo mail.s2.test --server 127.0.0.1:{{}} --auth-port {silent.port} "
                    "--timeout 5000")
            with DnsServers(tmp, zones) as servers, start(binary, args.format(servers.port)) as t:
                t.wait_for(r"The verdict is ready", 10)
                t.keys("v")
                s = t.wait_for(r"Verdict: PASS")
                assert "still being asked" in s, s
                deadline = time.time() + 8
                while "still being asked" in t.screen() and time.time() < deadline:
                    time.sleep(0.1)
                t.keys("NPage")
                s = t.wait_for(r"auth-agree +no server of 102\.90\.45\.in-addr\.arpa\.", 8)
                assert "still being asked" not in s, s
                t.keys("q")
                t.result()
    finally:
        silent.stop()


TESTS = [v for k, v in sorted(globals().items()) if k.startswith("test_")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--only")
    opts = ap.parse_args()
    binary = os.path.abspath(opts.binary)
    passed = failed = 0
    for test in TESTS:
        if opts.only and opts.only not in test.__name__:
            continue
        try:
            test(binary)
            passed += 1
            print(f"ok   {test.__name__}")
        except Exception as e:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print(f"FAIL {test.__name__}: {e}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
