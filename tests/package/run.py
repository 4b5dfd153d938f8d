#!/usr/bin/env python3
"""run - the Debian package, as a Debian user meets it.

Given the .deb that `make deb` built: lintian reports no error and no
warning; dpkg installs it; the installed binary answers --version, a lab
check and explain (debian/tests/installed, the autopkgtest, run as
autopkgtest would); bash completion is found by bash-completion's loader
and completes `ptrdoctor lab <TAB>`, `--provider h<TAB>` and the commands;
dpkg then purges it and none of its files is left. Root is needed (dpkg);
a ptrdoctor package already installed here is left alone (the test is
skipped, saying so).
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
failures = []


def check(ok, what):
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


def run(*argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def lintian(deb):
    out = run("lintian", deb).stdout
    complaints = [line for line in out.splitlines() if line[:2] in ("E:", "W:")]
    check(not complaints, f"lintian: no error or warning ({'; '.join(complaints) or 'none'})")


def completions(line):
    """What bash completion offers for line (ending where TAB is pressed),
    through bash-completion's own loader and functions."""
    script = f"""
source /usr/share/bash-completion/bash_completion
__load_completion ptrdoctor || exit 3
COMP_LINE={line!r}; COMP_POINT=${{#COMP_LINE}}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
complete -p ptrdoctor
_ptrdoctor ptrdoctor "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    out = run("bash", "-c", script, cwd=tempfile.gettempdir())
    return out.returncode, out.stdout.splitlines()


def installed_files():
    return [p for p in run("dpkg", "-L", "ptrdoctor").stdout.splitlines() if os.path.isfile(p)]


def make_install():
    """make install puts the completion beside the binary and the man page;
    make uninstall takes all three away."""
    with tempfile.TemporaryDirectory() as dest:
        paths = [dest + p for p in ("/usr/bin/ptrdoctor", "/usr/share/man/man1/ptrdoctor.1",
                                    "/usr/share/bash-completion/completions/ptrdoctor")]
        make = ["make", "--no-print-directory", "-C", ROOT, f"DESTDIR={dest}", "PREFIX=/usr"]
        check(run(*make, "install").returncode == 0 and all(map(os.path.isfile, paths)),
              "make install: binary, man page and bash completion")
        check(run(*make, "uninstall").returncode == 0 and not any(map(os.path.exists, paths)),
              "make uninstall: all three gone")


def main():
    deb = sys.argv[1]
    if os.geteuid() != 0:
        make_install()
        print("package: skipped: dpkg -i needs root (make check as root runs it); make install was tested")
        return 1 if failures else 77
    if run("dpkg-query", "-W", "-f=${Status}", "ptrdoctor").stdout.startswith("install ok"):
        print("package: skipped: a ptrdoctor package is installed here already; it is left alone")
        return 77
    make_install()
    lintian(deb)
    check(run("dpkg", "-i", deb).returncode == 0, f"dpkg -i {os.path.basename(deb)}")
    files = installed_files()
    try:
        for path in ("/usr/bin/ptrdoctor", "/usr/share/man/man1/ptrdoctor.1.gz",
                     "/usr/share/bash-completion/completions/ptrdoctor", "/usr/share/doc/ptrdoctor/copyright"):
            check(path in files, f"installs {path}")
        version = run("/usr/bin/ptrdoctor", "--version").stdout
        check("ldns" in version and "ncurses" in version, f"--version names its libraries: {version.strip()!r}")
        with tempfile.TemporaryDirectory() as tmp:
            test = run(os.path.join(ROOT, "debian", "tests", "installed"), env=dict(os.environ, AUTOPKGTEST_TMP=tmp))
            check(test.returncode == 0, f"debian/tests/installed (the autopkgtest): {test.stdout.strip()[-80:]}")
        status, words = completions("ptrdoctor lab ")
        check(status == 0 and words and words[0].startswith("complete -F _ptrdoctor"),
              f"bash-completion loads it: {words[:1]}")
        check({"no-ptr", "good-ipv4", "rfc2317-broken"} <= set(words), "ptrdoctor lab <TAB>: the lab scenarios")
        status, words = completions("ptrdoctor --provider h")
        check(set(words[1:]) == {"hetzner", "hostinger", "hostwinds", "home", "hosted"}, f"--provider h<TAB>: {words[1:]}")
        status, words = completions("ptrdoctor ")
        check(set(words[1:]) == {"check", "explain", "lab", "trace", "detect"}, f"ptrdoctor <TAB>: {words[1:]}")
        status, words = completions("ptrdoctor check --tim")
        check(words[1:] == ["--timeout"], f"check --tim<TAB>: {words[1:]}")
    finally:
        check(run("dpkg", "--purge", "ptrdoctor").returncode == 0, "dpkg --purge ptrdoctor")
    left = [p for p in files if os.path.exists(p)]
    check(not left, f"nothing left behind ({left or 'none'})")
    print(f"package: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
