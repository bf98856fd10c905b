#!/usr/bin/env python3
"""Verify an Evident ledger segment with nothing but the Python standard library.

usage: verify_ledger.py ENTRIES.ndjson LEDGER_ID PREV_CHAIN_HASH_HEX [CHECKPOINT.json]

ENTRIES.ndjson: one line per entry, {"seq", "body", "leafHash", "chainHash"} (from
GET /api/v1/ledger/entries or a packet's ledger/entries.ndjson). PREV_CHAIN_HASH_HEX is the
chain hash before the first entry ("genesis" for a segment that starts at seq 1).
CHECKPOINT.json (optional) is the signed checkpoint body; its chainHash must match the entry at
its size, and, when the segment starts at 1, its merkleRoot must match the RFC 6962 root.
Check the checkpoint's signature separately with openssl (docs/VERIFYING.md).
Exit 0 when everything holds, 1 with the first bad seq otherwise.
"""
import hashlib
import json
import sys


def sha256(*parts: bytes) -> bytes:
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


def merkle_root(leaves):
    """RFC 6962 Merkle tree hash over a list of leaf hashes."""
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return sha256(b"\x01", merkle_root(leaves[:k]), merkle_root(leaves[k:]))


def main() -> int:
    path, ledger_id, prev_hex = sys.argv[1:4]
    checkpoint = json.load(open(sys.argv[4])) if len(sys.argv) > 4 else None
    prev = sha256(b"evident/genesis/v1\n" + ledger_id.encode()) if prev_hex == "genesis" else bytes.fromhex(prev_hex)
    leaves, expected, first = [], None, None
    for line in open(path, encoding="utf-8"):
        e = json.loads(line)
        seq, body = e["seq"], e["body"].encode("utf-8")
        first = seq if first is None else first
        if expected is not None and seq != expected:
            return fail(expected, "seq-gap")
        leaf = sha256(b"\x00", body)
        if leaf.hex() != e["leafHash"]:
            return fail(seq, "body-modified")
        if json.loads(body)["seq"] != seq:
            return fail(seq, "chain-broken")
        prev = sha256(prev, leaf)
        if prev.hex() != e["chainHash"]:
            return fail(seq, "chain-broken")
        leaves.append(leaf)
        expected = seq + 1
        if checkpoint and seq == checkpoint["size"]:
            if checkpoint["chainHash"] != prev.hex():
                return fail(seq, "checkpoint-mismatch")
            if first == 1 and checkpoint["merkleRoot"] != merkle_root(leaves).hex():
                return fail(seq, "checkpoint-mismatch")
    if checkpoint and (expected or 1) - 1 < checkpoint["size"]:
        return fail((expected or 1), "truncated")
    print(f"OK: {len(leaves)} entries verified" + (f", checkpoint at {checkpoint['size']} matches" if checkpoint else ""))
    return 0


def fail(seq: int, reason: str) -> int:
    print(f"FAILED at seq {seq}: {reason}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
