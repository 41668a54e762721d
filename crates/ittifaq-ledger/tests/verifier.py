#!/usr/bin/env python3
"""Independent verifier for the Ittifaq joint audit ledger.

Reads a JSON export written by the Rust test suite and checks it with its own
implementation (Python standard library only) of:
  * the entry encoding of docs/ledger-format.md (decoded field by field),
  * RFC 9162 Merkle Tree Hash (recursive definition, section 2.1.1),
  * RFC 9162 inclusion proof verification (section 2.1.3.2),
  * RFC 9162 consistency proof verification (section 2.1.4.2),
  * C2SP tlog-checkpoint / signed-note parsing, key hashes and Ed25519
    signatures (RFC 8032 reference verification, section 6), both plain note
    signatures (type 0x01) and tlog-cosignature/v1 (type 0x04).

Usage: python3 tests/verifier.py EXPORT.json
Exit status: 0 when everything verifies, 1 when anything fails, 2 on bad usage.
"""

import base64
import hashlib
import json
import struct
import sys

# ---------------------------------------------------------------- RFC 9162 ----


def sha256(b):
    return hashlib.sha256(b).digest()


def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def mth(leaves):
    """Merkle Tree Hash, literally as RFC 9162 section 2.1.1 defines it."""
    n = len(leaves)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_hash, second_hash, proof):
    """RFC 9162 section 2.1.4.2, with the usual edge cases for equal or zero sizes."""
    if first > second:
        return False
    if first == second:
        return not proof and first_hash == second_hash
    if first == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_hash)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_hash and sr == second_hash


# ------------------------------------------------------ RFC 8032 Ed25519 -----

P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    A = (a[1] - a[0]) * (b[1] - b[0]) % P
    B = (a[1] + a[0]) * (b[1] + b[0]) % P
    C = 2 * a[3] * b[3] * D % P
    Dd = 2 * a[2] * b[2] % P
    E, F, G, H = B - A, Dd - C, Dd + C, B + A
    return (E * F, G * H, F * G, E * H)


def _mul(s, pt):
    acc = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            acc = _add(acc, pt)
        pt = _add(pt, pt)
        s >>= 1
    return acc


def _equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 % P == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


_GY = 4 * pow(5, P - 2, P) % P
_GX = _recover_x(_GY, 0)
BASE = (_GX, _GY, 1, _GX * _GY % P)


def _decompress(s):
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


def ed25519_verify(public, msg, sig):
    if len(sig) != 64:
        return False
    a = _decompress(public)
    r = _decompress(sig[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(sig[32:], "little")
    if s >= Q:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + public + msg).digest(), "little") % Q
    return _equal(_mul(s, BASE), _add(r, _mul(h, a)))


# ------------------------------------------------------- C2SP signed note ----

EM_DASH = "\u2014 "


def parse_vkey(vkey):
    name, rest = vkey.split("+", 1)
    hash_hex, b64 = rest.split("+", 1)
    raw = base64.b64decode(b64, validate=True)
    if len(hash_hex) != 8 or raw[:1] not in (b"\x01", b"\x04") or len(raw) != 33:
        raise ValueError("bad verifier key " + vkey)
    kh = sha256(name.encode() + b"\n" + raw)[:4]
    if kh.hex() != hash_hex.lower():
        raise ValueError("key hash mismatch in " + vkey)
    return name, kh, raw[1:], raw[0]


def open_note(msg, keys):
    """Return the note text if every key in `keys` signed it, else raise."""
    split = msg.rfind("\n\n")
    if split < 0:
        raise ValueError("no signature block")
    text, sigs = msg[: split + 1], msg[split + 2 :]
    if not sigs.endswith("\n"):
        raise ValueError("signature block must end with newline")
    lines = sigs[:-1].split("\n")
    for name, kh, pub, alg in keys:
        match = None
        for line in lines:
            if not line.startswith(EM_DASH):
                raise ValueError("bad signature line " + repr(line))
            lname, b64 = line[len(EM_DASH) :].split(" ", 1)
            raw = base64.b64decode(b64, validate=True)
            if lname == name and raw[:4] == kh:
                match = raw[4:]
                break
        if match is None:
            raise ValueError("no signature from " + name)
        if alg == 4:
            # tlog-cosignature/v1: 8-byte big-endian timestamp, then the signature
            # over "cosignature/v1\ntime <ts>\n" + body.
            if len(match) != 72:
                raise ValueError("bad cosignature length from " + name)
            ts = int.from_bytes(match[:8], "big")
            msg = ("cosignature/v1\ntime %d\n" % ts + text).encode()
            sig = match[8:]
        else:
            msg, sig = text.encode(), match
        if not ed25519_verify(pub, msg, sig):
            raise ValueError("invalid signature from " + name)
    return text


def parse_checkpoint(text):
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise ValueError("checkpoint body too short")
    origin, size_s, root_b64 = lines[0], lines[1], lines[2]
    if not origin or not size_s.isdigit() or (len(size_s) > 1 and size_s[0] == "0"):
        raise ValueError("bad checkpoint header")
    root = base64.b64decode(root_b64, validate=True)
    if len(root) != 32 or base64.b64encode(root).decode() != root_b64:
        raise ValueError("bad checkpoint root")
    return origin, int(size_s), root


def self_test():
    """golang.org/x/mod/sumdb/note example: anchors the Ed25519 and note code."""
    vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    text = (
        "If you think cryptography is the answer to your problem,\n"
        "then you don't know what your problem is.\n"
    )
    sig = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
    note = text + "\n" + EM_DASH + "PeterNeumann " + sig + "\n"
    key = [parse_vkey(vkey)]
    assert open_note(note, key) == text
    try:
        open_note(note.replace("cryptography", "cryptographY"), key)
    except ValueError:
        pass
    else:
        raise AssertionError("self-test accepted a tampered note")
    # A public CT log checkpoint: log signature (0x01) and a witness's
    # tlog-cosignature/v1 (0x04); the first line is of a third type, ignored.
    arche = (
        "arche2025h1.staging.ct.transparency.dev\n1432088532\n"
        "U7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=\n\n"
        + EM_DASH + "arche2025h1.staging.ct.transparency.dev zTM8sQAAAZ5W0WdjBAMARjBEAiBjW5IQf9pvsYLfQFX6hoGREPMHbdQ3urbllzalApkptQIgIpwtEroeW2BXaHAI4kJXFbon5Ch9MNL5zRNZ55lvGt0=\n"
        + EM_DASH + "arche2025h1.staging.ct.transparency.dev ui8GwCF1+kWqZrxGdhj4aX3gcw7XUlXQQabg/27lefwhUkzbC3NygNI75MdhL1bfTW9g8Ei59RA23oHP7Ry1k3ZFWwQ=\n"
        + EM_DASH + "remora.n621.de 2net5wAAAABqEiEgPlfF3V06o0Y+fHM+J5J9s27wgxxcOVSpZ/2g/KSiXCg9DEZI+aVCIobWX9sXTynk5XeU/zZ0WBxtqB0DrAWfBw==\n"
    )
    arche_keys = [
        parse_vkey("arche2025h1.staging.ct.transparency.dev+ba2f06c0+AU0vHmlGCS/PdN8b2OaGmKprLI8HKM+dJ472xgFYh15f"),
        parse_vkey("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"),
    ]
    assert parse_checkpoint(open_note(arche, arche_keys))[1] == 1432088532
    assert mth([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


# ------------------------------------------------------------ entries -------

MAX_SHORT, MAX_PARTY, MAX_SNAPSHOT = 1024, 16, 1 << 20


def decode_entry(b):
    """Decode per docs/ledger-format.md; raise ValueError on any deviation."""
    pos = 0

    def take(n):
        nonlocal pos
        if pos + n > len(b):
            raise ValueError("truncated")
        out = b[pos : pos + n]
        pos += n
        return out

    def text(limit):
        (n,) = struct.unpack(">I", take(4))
        if n > limit:
            raise ValueError("field too long")
        return take(n).decode("utf-8")

    if take(1) != b"\x01":
        raise ValueError("bad version")
    (seq,) = struct.unpack(">Q", take(8))
    (time_ms,) = struct.unpack(">q", take(8))
    fields = [text(MAX_SHORT), text(MAX_PARTY), text(MAX_SHORT), text(MAX_SHORT), text(MAX_SHORT)]
    for _ in range(2):
        flag = take(1)
        if flag == b"\x01":
            fields.append(text(MAX_SNAPSHOT))
        elif flag == b"\x00":
            fields.append(None)
        else:
            raise ValueError("bad presence byte")
    if pos != len(b):
        raise ValueError("trailing bytes")
    return seq, time_ms, fields


# --------------------------------------------------------------- main -------


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    self_test()
    with open(argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(what)

    entries = [bytes.fromhex(e) for e in doc["entries"]]
    for i, e in enumerate(entries):
        try:
            seq, _, _ = decode_entry(e)
            check(seq == i, "entry %d has seq %d" % (i, seq))
        except (ValueError, UnicodeDecodeError, struct.error) as err:
            failures.append("entry %d does not decode: %s" % (i, err))
    leaves = [leaf_hash(e) for e in entries]

    for r in doc["roots"]:
        n = r["size"]
        check(mth(leaves[:n]).hex() == r["root"], "root of size %d" % n)

    for c in doc["inclusion"]:
        i, n = c["index"], c["size"]
        proof = [bytes.fromhex(p) for p in c["proof"]]
        root = bytes.fromhex(c["root"])
        check(root == mth(leaves[:n]), "inclusion %d/%d: stated root is wrong" % (i, n))
        check(verify_inclusion(i, n, leaves[i], proof, root), "inclusion proof %d/%d" % (i, n))

    for c in doc["consistency"]:
        m, n = c["old_size"], c["new_size"]
        proof = [bytes.fromhex(p) for p in c["proof"]]
        r1, r2 = bytes.fromhex(c["old_root"]), bytes.fromhex(c["new_root"])
        check(r1 == mth(leaves[:m]) and r2 == mth(leaves[:n]), "consistency %d->%d roots" % (m, n))
        check(verify_consistency(m, n, r1, r2, proof), "consistency proof %d->%d" % (m, n))

    keys = [parse_vkey(k) for k in doc["verifier_keys"]]
    prev = None
    for idx, note in enumerate(doc["checkpoints"]):
        try:
            origin, size, root = parse_checkpoint(open_note(note, keys))
        except ValueError as err:
            failures.append("checkpoint %d: %s" % (idx, err))
            continue
        check(size <= len(leaves), "checkpoint %d: size %d beyond export" % (idx, size))
        check(mth(leaves[:size]) == root, "checkpoint %d: root mismatch at size %d" % (idx, size))
        if prev is not None:
            check(origin == prev[0] and size >= prev[1], "checkpoint %d: order/origin" % idx)
        prev = (origin, size)

    if failures:
        for f in failures[:20]:
            print("FAIL:", f)
        print("%d failure(s)" % len(failures))
        return 1
    print(
        "OK: %d entries, %d roots, %d inclusion and %d consistency proofs, %d checkpoints"
        % (len(entries), len(doc["roots"]), len(doc["inclusion"]), len(doc["consistency"]), len(doc["checkpoints"]))
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (KeyError, TypeError, ValueError, json.JSONDecodeError) as err:
        print("FAIL: malformed export:", err)
        sys.exit(1)
