#!/usr/bin/env python3
"""run - integration tests of `ptrdoctor check` against real DNS servers.

Each folder under scenarios/ is one scenario:
  *.zone   zone files, each starting with `$ORIGIN ZONE.` (SOA and NS are
           added when the file has none)
  stubs    optional: `lame ZONE` (Unbound asks NSD, which does not serve it:
           SERVFAIL) or `silent ZONE` (a server that never answers)
  local-data  optional: records Unbound answers from its own data (one per
           line, as its local-data option takes them)
  args     the arguments after `check`; the word SILENT stands for the
           silent server's address, REFUSING for a server that refuses
  expect   what must hold:
             exit N
             verdict STATUS
             rules ID=STATUS ...            (every rule, in any order)
             postfix CHECK=VERDICT[:CODE:ENHANCED][:temp] ...   (all five)
             gmail VERDICT[:CODE:ENHANCED]
             exim reverse=VERDICT[:CODE:] helo=...          (optional)
             zone NAME                       (the reverse zone found)
             headline TEXT                   (the verdict's sentence, whole)
             other ADDRESS RECEIVER=VERDICT[:CODE:ENHANCED] ...   (receivers_other)
             round_trips N
Every scenario also proves dig equivalence: each step's answers equal what
`dig` prints for the step's own dig command against the same server.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

from servers import DnsServers

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import golden  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = ["ip-public", "ptr-exists", "ptr-single", "ptr-hostname", "ptr-forward", "fcrdns",
         "ptr-not-generic", "helo-fqdn", "helo-resolves", "helo-matches-ptr", "ipv6-ptr",
         "auth-agree", "cache-current", "dns-complete", "dnssec"]
POSTFIX = {
    "client": "reject_unknown_client_hostname",
    "reverse": "reject_unknown_reverse_client_hostname",
    "unknown_helo": "reject_unknown_helo_hostname",
    "non_fqdn_helo": "reject_non_fqdn_helo_hostname",
    "invalid_helo": "reject_invalid_helo_hostname",
}
TIMEOUT_MS = 800
AUTHORITY_PURPOSES = ("zone-soa", "zone-ns", "ns-address", "auth-answer", "auth-soa")


def load_scenarios(only):
    scenarios = []
    root = os.path.join(HERE, "scenarios")
    for name in sorted(os.listdir(root)):
        if only and name not in only:
            continue
        d = os.path.join(root, name)
        sc = {"name": name, "zones": {}, "lame": [], "silent": [], "local_data": [], "signed": []}
        for f in sorted(os.listdir(d)):
            path = os.path.join(d, f)
            if f.endswith(".zone"):
                text = open(path).read()
                from servers import zone_name
                sc["zones"][zone_name(text)] = text
            elif f == "signed":
                sc["signed"] = [tuple(l.split()) for l in open(path) if l.strip() and not l.startswith("#")]
            elif f == "local-data":
                sc["local_data"] = [l.strip() for l in open(path) if l.strip()]
            elif f == "stubs":
                for line in open(path):
                    parts = line.split()
                    if parts:
                        sc[parts[0]].append(parts[1])
        sc["args"] = shlex.split(open(os.path.join(d, "args")).read())
        sc["expect"] = [l.split() for l in open(os.path.join(d, "expect")) if l.strip() and not l.startswith("#")]
        scenarios.append(sc)
    return scenarios


def prediction_word(p):
    word = p["verdict"]
    if p["verdict"] != "pass":
        word += f':{p["code"]}:{p["enhanced"] or ""}'
        if p.get("temporary"):
            word += ":temp"
    return word


def check_expect(sc, result, code, errors):
    seen_rules, seen_postfix = set(), set()
    rules = {r["id"]: r["status"] for r in result["rules"]}
    for e in sc["expect"]:
        key, vals = e[0], e[1:]
        if key == "exit":
            if code != int(vals[0]):
                errors.append(f"exit {code}, expected {vals[0]}")
        elif key == "verdict":
            if result["verdict"] != vals[0]:
                errors.append(f"verdict {result['verdict']}, expected {vals[0]}")
        elif key == "rules":
            for v in vals:
                rid, status = v.split("=")
                seen_rules.add(rid)
                if rules.get(rid) != status:
                    finding = next((r["finding"] for r in result["rules"] if r["id"] == rid), "?")
                    errors.append(f"rule {rid} is {rules.get(rid)}, expected {status} ({finding})")
        elif key == "postfix":
            for v in vals:
                short, want = v.split("=")
                seen_postfix.add(short)
                got = prediction_word(result["receivers"]["postfix"][POSTFIX[short]])
                if got != want:
                    errors.append(f"postfix {short} is {got}, expected {want}")
                p = result["receivers"]["postfix"][POSTFIX[short]]
                if p["verdict"] != "pass" and short in ("client", "reverse") and f"[{result['ip']}]" not in p["text"]:
                    errors.append(f"postfix {short} text lacks the IP: {p['text']}")
        elif key == "exim":
            for v in vals:
                check, want = v.split("=")
                got = prediction_word(result["receivers"]["exim"][{"reverse": "reverse_host_lookup"}.get(check, check)])
                if got != want:
                    errors.append(f"exim {check} is {got}, expected {want}")
        elif key == "gmail":
            got = prediction_word(result["receivers"]["gmail"])
            if got != vals[0]:
                errors.append(f"gmail is {got}, expected {vals[0]}")
        elif key == "other":
            for v in vals[1:]:
                receiver, want = v.split("=")
                got = [prediction_word(o["prediction"]) for o in result["receivers_other"]
                       if o["address"] == vals[0] and o["receiver"] == receiver]
                if got != [want]:
                    errors.append(f"{receiver} for {vals[0]} is {got}, expected {want}")
        elif key == "headline":
            if result["headline"] != " ".join(vals):
                errors.append(f"headline {result['headline']!r}, expected {' '.join(vals)!r}")
        elif key == "zone":
            if result["reverse_zone"]["name"] != vals[0]:
                errors.append(f"reverse zone {result['reverse_zone']['name']}, expected {vals[0]}")
        elif key == "servfail":
            got = result.get("servfail") or {}
            if got.get("cause") != vals[0]:
                errors.append(f"servfail cause {got.get('cause')}, expected {vals[0]}")
            codes = vals[1].split(",") if len(vals) > 1 else []
            ede = got.get("ede") or {}
            if codes and str(ede.get("code")) not in codes:
                errors.append(f"servfail EDE {ede.get('code')} ({ede.get('name')}), expected one of {codes}")
        elif key == "round_trips":
            if result["round_trips"] != int(vals[0]):
                errors.append(f"round trips {result['round_trips']}, expected {vals[0]}")
        else:
            errors.append(f"unknown expectation {key}")
    if seen_rules != set(RULES):
        errors.append(f"expect file must list every rule; missing {sorted(set(RULES) - seen_rules)}")
    if seen_postfix != set(POSTFIX):
        errors.append(f"expect file must list every Postfix check; missing {sorted(set(POSTFIX) - seen_postfix)}")


AUTHORITY_FLAGS = "+noall +authority"


def without_ttl(line):
    """A record as dig prints it, its TTL left out: a cache counts it down
    between ptrdoctor's question and dig's."""
    fields = line.split()
    return " ".join(fields[:1] + fields[2:])


def dig_lines(command):
    # The authoritative round's commands show dig's whole reply (its flags
    # tell whether the server is authoritative); compare their data. A
    # command that prints the authority section is run as it is.
    argv = shlex.split(command) + ["+time=2", "+tries=1"]
    if "+short" not in argv and not command.endswith(AUTHORITY_FLAGS):
        argv.append("+short")
    r = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    return [l for l in r.stdout.splitlines() if l.strip()], r.stdout


def step_lines(step):
    """What ptrdoctor says dig prints for the step's command."""
    if step["dig"].endswith(AUTHORITY_FLAGS):
        return [without_ttl(l) for l in step["authority"]]
    return step["answers"]


def check_dig(result, errors):
    compared = 0
    for step in result["steps"]:
        if step["rcode"] in ("TIMEOUT", "FAILED", "CANCELLED"):
            continue
        lines, raw = dig_lines(step["dig"])
        if "timed out" in raw and step["rcode"] == "SERVFAIL":
            continue  # a dead server behind the resolver: both saw no usable answer
        if any(l.startswith(";;") for l in lines):
            errors.append(f"dig failed for {step['dig']}: {raw.strip()}")
            continue
        if step["dig"].endswith(AUTHORITY_FLAGS):
            lines = [without_ttl(l) for l in lines]
        compared += 1
        if lines != step_lines(step):
            errors.append(f"dig mismatch for `{step['dig']}`: dig {lines}, ptrdoctor {step_lines(step)}")
    return compared


VALGRIND = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect"]


def ede_phrases():
    """Every "NAME (EDE N): WORDS" of help/ede.txt, longest first."""
    phrases = []
    with open(os.path.join(HERE, "..", "..", "help", "ede.txt")) as f:
        for line in f:
            if line.startswith("#") or ": " not in line:
                continue
            code, rest = line.rstrip("\n").split(": ", 1)
            name, words = rest.split(" | ", 1)
            phrases.append(f"{name} (EDE {code}): {words}")
    return sorted(phrases, key=len, reverse=True)


EDE_PHRASES = ede_phrases()


def normalized(text, servers):
    """What varies from run to run made constant: the servers' ports, the
    times, the order in which answers landed (steps sorted), and which
    Extended DNS Error a validating Unbound gives (it names the same
    failure DNSSEC Bogus or Signature Expired by the order questions
    land; the expect file's servfail line checks the code)."""
    for port in {servers.port, servers.nsd_port, servers.lame_port, servers.silent.port}:
        for before in ("#", "-p ", ":", "--auth-port "):
            text = text.replace(f"{before}{port}", f"{before}PORT")
    for phrase in EDE_PHRASES:
        text = text.replace(phrase, "EDE")
    return re.sub(r" +[0-9]+ ms$", " N ms", text, flags=re.M)


def text_sorted_steps(text):
    """The Lookups section with its step blocks in sorted order."""
    lines = text.split("\n")
    try:
        start = next(i for i, l in enumerate(lines) if l.startswith("Lookups ")) + 1
    except StopIteration:
        return text
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    blocks = []
    for line in lines[start:end]:
        if line.startswith("  ") and not line.startswith("    "):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    body = [l for b in sorted(blocks) for l in b]
    return "\n".join(lines[:start] + body + lines[end:])


def reference(sc, args, text, code, result, servers):
    """What a scenario's report.ref holds: the text report and the JSON."""
    for step in result.get("steps", []):
        step["ms"] = 0
        if step["purpose"].startswith("other-") or step["purpose"] in AUTHORITY_PURPOSES:
            # The other family's address may come from the HELO's answer
            # (round 1) or the PTR name's (round 2), whichever lands first;
            # so may the zone that the HELO and the PTR name share.
            step["round"] = 0
    for key in ("authority", "authority_forward", "authority_helo"):
        for server in (result.get(key) or {}).get("servers", []):
            server["ms"] = 0
    if result.get("cache"):
        result["cache"]["expires"] = "TIME"
    if (result.get("servfail") or {}).get("ede"):
        result["servfail"]["ede"] = "EDE"
    result["steps"] = sorted(result.get("steps", []), key=lambda s: (s["purpose"], s["question"], s["type"], s["dig"]))
    shown = " ".join(shlex.quote(a) for a in args + ["--timeout", str(TIMEOUT_MS)])
    text = normalized(text, servers)  # before sorting by these lines
    out = (f"$ ptrdoctor check {shown}\n{text_sorted_steps(text)}exit {code}\n\n"
           f"$ ptrdoctor check {shown} --json\n{json.dumps(result, indent=1)}\n")
    return normalized(out, servers)


def run_scenario(binary, sc, servers, show=False, valgrind=False):
    args = [a.replace("SILENT", f"{servers.silent.host}:{servers.silent.port}")
            .replace("REFUSING", f"{servers.lame_host}:{servers.lame_port}")
            for a in sc["args"]]
    if not any(a == "--server" for a in args):
        args += ["--server", f"127.0.0.1:{servers.port}"]
    args += ["--auth-port", str(servers.nsd_port)]
    argv = (VALGRIND if valgrind else []) + [binary, "check"] + args + ["--json", "--timeout", str(TIMEOUT_MS)]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    errors = []
    if r.stderr.strip():
        errors.append(f"stderr: {r.stderr.strip()[:2000]}")
    try:
        result = json.loads(r.stdout)
    except json.JSONDecodeError as e:
        return [f"not JSON ({e}): {r.stdout[:500]}"] + errors, 0
    check_expect(sc, result, r.returncode, errors)
    compared = check_dig(result, errors)
    text = subprocess.run((VALGRIND if valgrind else []) + [binary, "check"] + args + ["--timeout", str(TIMEOUT_MS)],
                          capture_output=True, text=True)
    if text.stderr.strip():
        errors.append(f"text mode stderr: {text.stderr.strip()[:2000]}")
    if show:
        print(f"$ ptrdoctor check {' '.join(shlex.quote(a) for a in args)}")
        print(text.stdout)
    if text.returncode != r.returncode:
        errors.append(f"text mode exit {text.returncode} differs from JSON mode {r.returncode}")
    if any(ord(c) < 32 and c not in "\n" for c in text.stdout + r.stdout):
        errors.append("output holds a raw control character")
    diff = golden.compare(os.path.join(HERE, "scenarios", sc["name"], "report.ref"),
                          reference(sc, args, text.stdout, text.returncode, result, servers))
    if diff:
        errors.append(diff)
    return errors, compared


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", action="append", required=True)
    ap.add_argument("--only", action="append")
    ap.add_argument("--keep", action="store_true", help="keep the servers' folder")
    ap.add_argument("--show", action="store_true", help="print each scenario's text report")
    ap.add_argument("--valgrind", action="store_true", help="run every check under valgrind (leaks and errors fail)")
    opts = ap.parse_args()
    scenarios = load_scenarios(opts.only)
    zones, lame, silent, local_data, signed = {}, [], [], [], []
    for sc in scenarios:
        for name, text in sc["zones"].items():
            if name in zones:
                sys.exit(f"zone {name} is declared by two scenarios")
            zones[name] = text
        lame += sc["lame"]
        silent += sc["silent"]
        local_data += sc["local_data"]
        signed += sc["signed"]
    workdir = tempfile.mkdtemp(prefix="ptrdoctor-it-")
    servers = DnsServers(workdir, zones, lame, silent, local_data=local_data, signed=signed)
    failed = 0
    try:
        servers.start()
        print(f"nsd on 127.0.0.1:{servers.nsd_port}, unbound on 127.0.0.1:{servers.port}, "
              f"silent on 127.0.0.1:{servers.silent.port}")
        shared = servers.shared_ports()
        if shared:
            print(f"FAIL a client socket can share the port of {', '.join(shared)}")
            failed += 1
        for binary in opts.binary:
            total_compared = 0
            for sc in scenarios:
                errors, compared = run_scenario(binary, sc, servers, opts.show, opts.valgrind)
                total_compared += compared
                print(f"{'ok  ' if not errors else 'FAIL'} {binary} {sc['name']}")
                for e in errors:
                    print(f"       {e}")
                failed += bool(errors)
            print(f"{binary}: {len(scenarios)} scenarios, {total_compared} steps compared with dig")
    finally:
        servers.stop()
        if not opts.keep and not failed:
            import shutil
            shutil.rmtree(workdir, ignore_errors=True)
        elif failed:
            print(f"server files kept in {workdir}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
