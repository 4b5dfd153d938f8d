#!/usr/bin/env python3
"""make_seeds - write the seed corpora under seeds/: DNS replies built by
the hostile server's own encoder, the lab and test zone files, names, and
the bounce samples. (A fuzzer run must list its own corpus folder first,
as `make fuzz` does, or it writes new inputs here.)"""
import glob
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))
import server  # noqa: E402


def query_question(name, qtype):
    return server.name_wire(server.text_labels(name)) + struct.pack(">HH", qtype, 1)


def write(kind, name, data):
    os.makedirs(os.path.join(HERE, "seeds", kind), exist_ok=True)
    with open(os.path.join(HERE, "seeds", kind, name), "wb") as f:
        f.write(data)


def packet_seeds():
    q = query_question("5.0.91.45.in-addr.arpa", server.PTR)
    fwd = query_question("mail.hostile.test", server.A)
    other = server.plain_answer(7, server.text_labels("mail.hostile.test"), server.A, fwd)
    for case in range(1, 21):
        ptr = server.case_answer(case, 7, [], server.PTR, q, over_tcp=True) or b""
        split = len(ptr) + 2
        write("packet", f"case{case:02d}", struct.pack(">H", split) + ptr + other)


def lab_seeds():
    root = os.path.join(HERE, "..", "..")
    files = glob.glob(os.path.join(root, "tests", "tui", "*.zone")) + \
        glob.glob(os.path.join(root, "tests", "integration", "scenarios", "*", "*.zone"))[:12]
    for i, path in enumerate(sorted(files)):
        write("lab", f"zone{i:02d}", open(path, "rb").read())


def bounce_seeds():
    for path in sorted(glob.glob(os.path.join(HERE, "..", "bounce", "samples", "*.txt"))):
        write("bounce", os.path.basename(path), open(path, "rb").read())


def name_seeds():
    names = ["203.0.113.5", "[IPv6:2001:db8::1]", "::ffff:192.0.2.7", "010.1.2.3", "fe80::1%eth0",
             "mail.example.com", "mail.example.com.", "localhost", "bad..example.com",
             "ec2-54-1-2-3.compute-1.amazonaws.com", "c0000207.isp.example.net", "dsl-pool-4471.isp.example.net",
             "a\x1b[2Jb", "x" * 300]
    for i, n in enumerate(names):
        write("names", f"name{i:02d}", n.encode("latin-1"))


packet_seeds()
lab_seeds()
name_seeds()
bounce_seeds()
