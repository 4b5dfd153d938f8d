#!/usr/bin/env python3
"""server - a hostile DNS server for robustness tests, on a loopback port.

It plays a recursive resolver that lies. The PTR question for
45.91.0.N picks the case N (see CASES); every other question gets a plain
answer from a tiny table, so the check runs on to its forward lookups.
Bytes are built by hand on purpose, because the
point is to send what a DNS library would refuse to build.

Usage: server.py PORTFILE   (writes the chosen port into PORTFILE)
"""
import os
import socket
import struct
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from servers import bound_pair  # noqa: E402

PTR, A, AAAA, CNAME, SOA, NS, MX = 12, 1, 28, 5, 6, 2, 15

# case number -> short name; the tests use the names
CASES = {
    1: "escape-bytes", 2: "nul-and-newline", 3: "long-name", 4: "many-labels", 5: "hundreds",
    6: "pointer-loop", 7: "cut-short", 8: "wrong-id", 9: "other-question", 10: "wrong-type",
    11: "qr-unset", 12: "garbage", 13: "servfail", 14: "refused", 15: "formerr", 16: "notimp",
    17: "silence", 18: "forward-cname-loop", 19: "tcp-only", 20: "ptr-is-ip",
}


def name_wire(labels):
    out = b""
    for label in labels:
        out += bytes([len(label)]) + label
    return out + b"\0"


def text_labels(name):
    return [l.encode() for l in name.rstrip(".").split(".") if l]


def parse_query(data):
    qid, flags, qd = struct.unpack(">HHH", data[:6])
    pos, labels = 12, []
    while data[pos] != 0:
        n = data[pos]
        labels.append(data[pos + 1:pos + 1 + n])
        pos += 1 + n
    qtype, qclass = struct.unpack(">HH", data[pos + 1:pos + 5])
    return qid, flags, labels, qtype, data[12:pos + 5]


def header(qid, rcode=0, an=0, ns=0, qr=True, tc=False, qd=1):
    flags = (0x8000 if qr else 0) | 0x0100 | 0x0080 | (0x0200 if tc else 0) | rcode
    return struct.pack(">HHHHHH", qid, flags, qd, an, ns, 0)


def rr(owner_wire, rtype, rdata, ttl=300):
    return owner_wire + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata


def plain_answer(qid, labels, qtype, question):
    """Answers for everything that is not the case's PTR question."""
    name = b".".join(labels).decode("latin-1").lower()
    owner = b"\xc0\x0c"
    if name == "mail.hostile.test" and qtype == A:
        return header(qid, an=1) + question + rr(owner, A, socket.inet_aton("45.91.0.99"))
    if name.startswith("loop") and name.endswith(".hostile.test"):
        # A resolver that hands back the loop it found: a CNAME b, b CNAME a.
        other = "loopb.hostile.test" if name.startswith("loopa") else "loopa.hostile.test"
        return (header(qid, an=2) + question + rr(owner, CNAME, name_wire(text_labels(other)))
                + rr(name_wire(text_labels(other)), CNAME, b"\xc0\x0c"))
    soa = name_wire(text_labels("ns.hostile.test")) + name_wire(text_labels("h.hostile.test")) + struct.pack(">IIIII", 1, 2, 3, 4, 5)
    return header(qid, rcode=3, ns=1) + question + rr(name_wire(text_labels("hostile.test")), SOA, soa)


def case_answer(case, qid, labels, qtype, question, over_tcp):
    """The reply to the PTR question of case N, or None for silence."""
    owner = b"\xc0\x0c"
    ptr = lambda target_wire: rr(owner, PTR, target_wire)
    ok = lambda records, n=1: header(qid, an=n) + question + records
    if case == 1:
        return ok(ptr(name_wire([b"evil\x1b[2J\x1b]0;owned\x07", b"hostile", b"test"])))
    if case == 2:
        return ok(ptr(name_wire([b"a\x00b\nc\rd", b"hostile", b"test"])))
    if case == 3:
        labels63 = [b"x" * 63] * 3 + [b"y" * 61]
        return ok(ptr(name_wire(labels63)))
    if case == 4:
        return ok(ptr(name_wire([b"a"] * 127)))
    if case == 5:
        records = b"".join(ptr(name_wire([b"host%03d" % i, b"hostile", b"test"])) for i in range(300))
        if not over_tcp:
            return header(qid, an=0, tc=True) + question
        return header(qid, an=300) + question + records
    if case == 6:
        # The PTR target is a compression pointer to itself.
        return ok(rr(owner, PTR, b"\xc0" + bytes([12 + len(question)  + 12])))
    if case == 7:
        return ok(ptr(name_wire(text_labels("mail.hostile.test"))))[:-7]
    if case == 8:
        return header((qid + 1) & 0xffff, an=1) + question + ptr(name_wire(text_labels("mail.hostile.test")))
    if case == 9:
        other = name_wire(text_labels("something.else.test")) + struct.pack(">HH", PTR, 1)
        return header(qid, an=1) + other + rr(b"\xc0\x0c", PTR, name_wire(text_labels("mail.hostile.test")))
    if case == 10:
        return ok(rr(owner, A, socket.inet_aton("45.91.0.10")))
    if case == 11:
        return header(qid, an=1, qr=False) + question + ptr(name_wire(text_labels("mail.hostile.test")))
    if case == 12:
        return bytes([qid >> 8, qid & 0xff]) + b"\xff" * 40
    if case in (13, 14, 15, 16):
        return header(qid, rcode={13: 2, 14: 5, 15: 1, 16: 4}[case]) + question
    if case == 17:
        return None
    if case == 18:
        return ok(ptr(name_wire(text_labels("loopa.hostile.test"))))
    if case == 19:
        if not over_tcp:
            return header(qid, tc=True) + question
        return ok(ptr(name_wire(text_labels("mail.hostile.test"))))
    if case == 20:
        return ok(ptr(name_wire(text_labels("45.91.0.20"))))
    return None


def respond(data, over_tcp):
    try:
        qid, flags, labels, qtype, question = parse_query(data)
    except (IndexError, struct.error):
        return None
    name = [l.decode("latin-1").lower() for l in labels]
    if qtype == PTR and len(name) == 6 and name[1:] == ["0", "91", "45", "in-addr", "arpa"] and name[0].isdigit():
        return case_answer(int(name[0]), qid, labels, qtype, question, over_tcp)
    if len(name) == 6 and name[1:] == ["0", "91", "45", "in-addr", "arpa"] and name[0] == "17":
        return None  # the silent case is silent for every question about it
    return plain_answer(qid, labels, qtype, question)


def serve_udp(sock):
    while True:
        data, peer = sock.recvfrom(4096)
        reply = respond(data, False)
        if reply is not None:
            sock.sendto(reply, peer)


def serve_tcp_conn(conn):
    with conn:
        try:
            head = conn.recv(2)
            if len(head) < 2:
                return
            data = b""
            want = struct.unpack(">H", head)[0]
            while len(data) < want:
                chunk = conn.recv(want - len(data))
                if not chunk:
                    return
                data += chunk
            reply = respond(data, True)
            if reply is not None:
                conn.sendall(struct.pack(">H", len(reply)) + reply)
        except OSError:
            pass


def serve_tcp(sock):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=serve_tcp_conn, args=(conn,), daemon=True).start()


def main():
    udp, tcp = bound_pair()  # exclusive, below the ephemeral range
    port = udp.getsockname()[1]
    tcp.listen(32)
    with open(sys.argv[1], "w") as f:
        f.write(str(port))
    threading.Thread(target=serve_tcp, args=(tcp,), daemon=True).start()
    serve_udp(udp)


if __name__ == "__main__":
    main()
