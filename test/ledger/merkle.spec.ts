import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  MerkleAccumulator,
  MerkleProofError,
  merkleRoot,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from '../../src/ledger/merkle';

const TESTDATA = path.resolve(__dirname, '../../../shared/testdata');
const MERKLE_DIR = path.join(TESTDATA, 'merkle');

// Fail the suite loudly: silently skipping would let a broken checkout pass CI.
if (!fs.existsSync(MERKLE_DIR)) {
  throw new Error(`Merkle test vectors not found at ${MERKLE_DIR}; the shared/testdata checkout is required`);
}

interface ReferenceTree {
  leafInputsHex: string[];
  leafHashesHex: string[];
  emptyTreeRootHex: string;
  rootsBySize: Array<{ treeSize: number; rootHex: string }>;
}

interface InclusionProbe {
  file: string;
  desc: string;
  wantErr: boolean;
  leafIdx: number;
  treeSize: number;
  root: Buffer;
  leafHash: Buffer;
  proof: Buffer[];
}

interface ConsistencyProbe {
  file: string;
  desc: string;
  wantErr: boolean;
  size1: number;
  size2: number;
  root1: Buffer;
  root2: Buffer;
  proof: Buffer[];
}

const reference = JSON.parse(fs.readFileSync(path.join(MERKLE_DIR, 'reference-tree.json'), 'utf8')) as ReferenceTree;
const refLeaves = reference.leafHashesHex.map((h) => Buffer.from(h, 'hex'));
const refRoot = (n: number): Buffer => {
  const entry = reference.rootsBySize.find((r) => r.treeSize === n);
  if (!entry) throw new Error(`reference tree has no root for size ${n}`);
  return Buffer.from(entry.rootHex, 'hex');
};

const inclusionProbes = listJson(path.join(MERKLE_DIR, 'inclusion')).map(loadInclusionProbe);
const consistencyProbes = listJson(path.join(MERKLE_DIR, 'consistency')).map(loadConsistencyProbe);

describe('hashing primitives', () => {
  it('EMPTY_ROOT is SHA-256 of the empty string', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(reference.emptyTreeRootHex);
    expect(merkleRoot([]).equals(EMPTY_ROOT)).toBe(true);
  });

  it('leafHash prefixes 0x00 and hashes strings as UTF-8', () => {
    reference.leafInputsHex.forEach((hex, i) => {
      expect(leafHash(Buffer.from(hex, 'hex')).toString('hex')).toBe(reference.leafHashesHex[i]);
    });
    const euro = createHash('sha256').update(Buffer.from([0x00, 0xe2, 0x82, 0xac])).digest();
    expect(leafHash('\u20ac').equals(euro)).toBe(true);
    expect(leafHash('\u20ac').equals(leafHash(Buffer.from('\u20ac', 'utf8')))).toBe(true);
  });

  it('nodeHash prefixes 0x01', () => {
    const [a, b] = refLeaves;
    const want = createHash('sha256').update(Buffer.concat([Buffer.from([0x01]), a, b])).digest();
    expect(nodeHash(a, b).equals(want)).toBe(true);
    expect(nodeHash(a, b).equals(refRoot(2))).toBe(true);
  });
});

describe('reference tree (transparency-dev/merkle testonly constants)', () => {
  const sizes = reference.rootsBySize.map((r) => r.treeSize);

  it('covers sizes 1..8', () => {
    expect(sizes).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it.each(sizes)('merkleRoot of the first %i leaves', (n) => {
    expect(merkleRoot(refLeaves.slice(0, n)).toString('hex')).toBe(refRoot(n).toString('hex'));
  });

  it.each(sizes)('every inclusion proof in a tree of %i verifies, and tampering is caught', (n) => {
    const leaves = refLeaves.slice(0, n);
    for (let i = 0; i < n; i++) {
      const proof = inclusionProof(i, leaves);
      expect(() => verifyInclusion(i, n, leaves[i], proof, refRoot(n))).not.toThrow();
      expectTamperingCaught(proof, (p) => verifyInclusion(i, n, leaves[i], p, refRoot(n)));
      const otherLeaf = refLeaves[(i + 1) % refLeaves.length];
      expect(() => verifyInclusion(i, n, otherLeaf, proof, refRoot(n))).toThrow(MerkleProofError);
    }
  });

  it.each(sizes)('every consistency proof into a tree of %i verifies, and tampering is caught', (n) => {
    const leaves = refLeaves.slice(0, n);
    for (let m = 1; m <= n; m++) {
      const proof = consistencyProof(m, leaves);
      expect(() => verifyConsistency(m, n, proof, refRoot(m), refRoot(n))).not.toThrow();
      expectTamperingCaught(proof, (p) => verifyConsistency(m, n, p, refRoot(m), refRoot(n)));
      if (m < n) {
        expect(() => verifyConsistency(m, n, proof, refRoot(n), refRoot(m))).toThrow(MerkleProofError);
      }
    }
  });
});

describe('transparency-dev/merkle probes', () => {
  it('loads all probe files', () => {
    expect(inclusionProbes).toHaveLength(98);
    expect(consistencyProbes).toHaveLength(98);
  });

  describe('inclusion', () => {
    for (const p of inclusionProbes) {
      it(`${p.file}: ${p.desc} (wantErr=${p.wantErr})`, () => {
        const err = captureError(() => verifyInclusion(p.leafIdx, p.treeSize, p.leafHash, p.proof, p.root));
        expectVerdict(err, p.wantErr);
      });
    }
  });

  describe('consistency', () => {
    for (const p of consistencyProbes) {
      it(`${p.file}: ${p.desc} (wantErr=${p.wantErr})`, () => {
        const err = captureError(() => verifyConsistency(p.size1, p.size2, p.proof, p.root1, p.root2));
        expectVerdict(err, p.wantErr);
      });
    }
  });

  describe('happy paths equal the generated proofs', () => {
    const inclusionHappy = inclusionProbes.filter((p) => /^\d+\/happy-path\.json$/.test(p.file));
    const consistencyHappy = consistencyProbes.filter((p) => /^\d+\/happy-path\.json$/.test(p.file));

    it('finds the five base vectors of each kind', () => {
      expect(inclusionHappy.map((p) => [p.leafIdx, p.treeSize])).toEqual([[0, 1], [0, 8], [5, 8], [2, 3], [1, 5]]);
      expect(consistencyHappy.map((p) => [p.size1, p.size2])).toEqual([[1, 1], [1, 8], [6, 8], [2, 5], [6, 7]]);
    });

    for (const p of inclusionHappy) {
      it(`inclusion ${p.file} (${p.leafIdx}, ${p.treeSize})`, () => {
        const leaves = refLeaves.slice(0, p.treeSize);
        expect(hex(p.leafHash)).toBe(hex(leaves[p.leafIdx]));
        expect(hex(p.root)).toBe(hex(refRoot(p.treeSize)));
        expect(inclusionProof(p.leafIdx, leaves).map(hex)).toEqual(p.proof.map(hex));
      });
    }

    for (const p of consistencyHappy) {
      it(`consistency ${p.file} (${p.size1}, ${p.size2})`, () => {
        expect(hex(p.root1)).toBe(hex(refRoot(p.size1)));
        expect(hex(p.root2)).toBe(hex(refRoot(p.size2)));
        expect(consistencyProof(p.size1, refLeaves.slice(0, p.size2)).map(hex)).toEqual(p.proof.map(hex));
      });
    }

    it('inclusion single-entry/matching-root-and-leaf is the one-leaf tree over "data"', () => {
      const p = inclusionProbes.find((q) => q.file === 'single-entry/matching-root-and-leaf.json');
      if (!p) throw new Error('probe missing');
      const leaves = [leafHash('data')];
      expect(hex(p.leafHash)).toBe(hex(leaves[0]));
      expect(hex(merkleRoot(leaves))).toBe(hex(p.root));
      expect(inclusionProof(0, leaves)).toEqual(p.proof);
    });
  });
});

describe('MerkleAccumulator', () => {
  const MAX = 300;
  const leaves = Array.from({ length: MAX }, (_, i) => leafHash(`leaf-${i}`));

  it('root() equals merkleRoot for every size 0..300', () => {
    const acc = new MerkleAccumulator();
    for (let n = 0; n <= MAX; n++) {
      expect(acc.size).toBe(n);
      const want = hex(merkleRoot(leaves.slice(0, n)));
      expect(hex(acc.root())).toBe(want);
      // root() must not consume or alter state.
      expect(hex(acc.root())).toBe(want);
      if (n < MAX) acc.push(leaves[n]);
    }
  });

  it('resumes from a persisted frontier at every size 0..300', () => {
    const finalRoot = hex(merkleRoot(leaves));
    const acc = new MerkleAccumulator();
    for (let n = 0; n <= MAX; n++) {
      const frontier = acc.frontier();
      expect(frontier).toHaveLength(popcount(n));
      const resumed = MerkleAccumulator.fromFrontier(n, frontier.map((h) => Buffer.from(h.toString('hex'), 'hex')));
      expect(resumed.size).toBe(n);
      expect(hex(resumed.root())).toBe(hex(acc.root()));
      if (n % 37 === 0 || n === MAX) {
        for (let i = n; i < MAX; i++) resumed.push(leaves[i]);
        expect(hex(resumed.root())).toBe(finalRoot);
      }
      if (n < MAX) acc.push(leaves[n]);
    }
  });

  it('does not let callers mutate its state through returned buffers', () => {
    const acc = new MerkleAccumulator();
    acc.push(leaves[0]);
    const before = hex(acc.root());
    acc.root().fill(0);
    acc.frontier()[0].fill(0);
    expect(hex(acc.root())).toBe(before);
    merkleRoot([]).fill(1);
    new MerkleAccumulator().root().fill(1);
    expect(hex(EMPTY_ROOT)).toBe(reference.emptyTreeRootHex);
  });

  it('rejects frontiers that do not fit the size', () => {
    const h = leaves[0];
    expect(() => MerkleAccumulator.fromFrontier(3, [h])).toThrow(/size 3 has 2 hashes, got 1/);
    expect(() => MerkleAccumulator.fromFrontier(0, [h])).toThrow(RangeError);
    expect(() => MerkleAccumulator.fromFrontier(-1, [])).toThrow(RangeError);
    expect(() => MerkleAccumulator.fromFrontier(1.5, [h])).toThrow(RangeError);
    expect(() => MerkleAccumulator.fromFrontier(1, [Buffer.alloc(31)])).toThrow(/frontier\[0\] must be a 32-byte Buffer/);
    expect(() => MerkleAccumulator.fromFrontier(2 ** 40 + 1, [h, h])).not.toThrow();
  });

  it('rejects leaf hashes that are not 32 bytes', () => {
    expect(() => new MerkleAccumulator().push(Buffer.from('short'))).toThrow(RangeError);
  });
});

describe('proof generation and verification beyond the reference tree', () => {
  const MAX = 40;
  const leaves = Array.from({ length: MAX }, (_, i) => leafHash(Buffer.from([i, i * 7, 255 - i])));
  const roots = Array.from({ length: MAX + 1 }, (_, n) => merkleRoot(leaves.slice(0, n)));

  it(`all inclusion proofs for sizes 1..${MAX} verify only at their own position`, () => {
    for (let n = 1; n <= MAX; n++) {
      const tree = leaves.slice(0, n);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, tree);
        expect(() => verifyInclusion(i, n, tree[i], proof, roots[n])).not.toThrow();
        if (i + 1 < n) expect(() => verifyInclusion(i + 1, n, tree[i], proof, roots[n])).toThrow(MerkleProofError);
        if (n < MAX) expect(() => verifyInclusion(i, n + 1, tree[i], proof, roots[n + 1])).toThrow(MerkleProofError);
      }
    }
  });

  it(`all consistency proofs for 1 <= m <= n <= ${MAX} verify only for their own sizes`, () => {
    for (let n = 1; n <= MAX; n++) {
      const tree = leaves.slice(0, n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, tree);
        expect(() => verifyConsistency(m, n, proof, roots[m], roots[n])).not.toThrow();
        if (m < n) {
          expect(() => verifyConsistency(m + 1, n, proof, roots[m + 1], roots[n])).toThrow(MerkleProofError);
          expect(() => verifyConsistency(m, n, proof, roots[m], roots[n - 1])).toThrow(MerkleProofError);
        }
      }
    }
  });

  it('generators reject out-of-range arguments', () => {
    expect(() => inclusionProof(0, [])).toThrow(RangeError);
    expect(() => inclusionProof(3, leaves.slice(0, 3))).toThrow(RangeError);
    expect(() => inclusionProof(-1, leaves)).toThrow(RangeError);
    expect(() => consistencyProof(0, leaves)).toThrow(RangeError);
    expect(() => consistencyProof(MAX + 1, leaves)).toThrow(RangeError);
    expect(consistencyProof(MAX, leaves)).toEqual([]);
  });

  it('verifiers explain what is wrong', () => {
    const proof = inclusionProof(5, leaves.slice(0, 8));
    expect(() => verifyInclusion(8, 8, leaves[5], proof, roots[8])).toThrow('leaf index 8 is not below tree size 8');
    expect(() => verifyInclusion(5, 8, leaves[5].subarray(1), proof, roots[8])).toThrow('leaf hash is 31 bytes, want 32');
    expect(() => verifyInclusion(5, 8, leaves[5], proof.slice(1), roots[8])).toThrow('wrong proof size 2, want 3');
    expect(() => verifyInclusion(5, 8, leaves[5], proof, roots[7])).toThrow('inclusion proof does not lead to the expected root');
    expect(() => verifyInclusion(-1, 8, leaves[5], proof, roots[8])).toThrow(/non-negative safe integer/);
    expect(() => verifyConsistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT)).toThrow('a consistency proof from the empty tree is meaningless');
    expect(() => verifyConsistency(3, 2, [], roots[3], roots[2])).toThrow('size2 (2) is smaller than size1 (3)');
    expect(() => verifyConsistency(3, 8, [], roots[3], roots[8])).toThrow('empty consistency proof for different tree sizes');
    const cproof = consistencyProof(3, leaves.slice(0, 8));
    expect(() => verifyConsistency(3, 8, [...cproof, roots[8]], roots[3], roots[8])).toThrow(/^wrong proof size 5, want 4$/);
    expect(() => verifyConsistency(3, 8, cproof, roots[4], roots[8])).toThrow('consistency proof does not reproduce root1');
    expect(() => verifyConsistency(3, 8, cproof, roots[3], roots[7])).toThrow('consistency proof does not reproduce root2');
  });

  it('computes expected proof lengths without 32-bit truncation', () => {
    const h = leaves[0];
    // A leaf in a tree of 2^40 needs exactly 40 siblings; bitwise ops would wrap at 2^32.
    expect(() => verifyInclusion(2 ** 40 - 1, 2 ** 40, h, Array(39).fill(h), h)).toThrow('wrong proof size 39, want 40');
    expect(() => verifyInclusion(2 ** 40 - 1, 2 ** 40, h, Array(40).fill(h), h)).toThrow('does not lead to the expected root');
    expect(() => verifyConsistency(2 ** 33, 2 ** 34, [], h, h)).toThrow('empty consistency proof');
    expect(() => verifyConsistency(2 ** 33, 2 ** 34, [h, h], h, h)).toThrow('wrong proof size 2, want 1');
  });
});

/** Every *.json under dir, as paths relative to dir with forward slashes, sorted. */
function listJson(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && entry.name.endsWith('.json')) out.push(child);
    }
  };
  walk('');
  if (out.length === 0) throw new Error(`no probe files under ${dir}`);
  return out.sort();
}

function readProbe(kind: 'inclusion' | 'consistency', file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(MERKLE_DIR, kind, file), 'utf8')) as Record<string, unknown>;
}

function loadInclusionProbe(file: string): InclusionProbe {
  const raw = readProbe('inclusion', file);
  return {
    file,
    desc: str(raw, 'desc'),
    wantErr: bool(raw, 'wantErr'),
    leafIdx: int(raw, 'leafIdx'),
    treeSize: int(raw, 'treeSize'),
    root: b64(raw, 'root'),
    leafHash: b64(raw, 'leafHash'),
    proof: b64List(raw, 'proof'),
  };
}

function loadConsistencyProbe(file: string): ConsistencyProbe {
  const raw = readProbe('consistency', file);
  return {
    file,
    desc: str(raw, 'desc'),
    wantErr: bool(raw, 'wantErr'),
    size1: int(raw, 'size1'),
    size2: int(raw, 'size2'),
    root1: b64(raw, 'root1'),
    root2: b64(raw, 'root2'),
    proof: b64List(raw, 'proof'),
  };
}

function str(raw: Record<string, unknown>, key: string): string {
  const v = raw[key];
  if (typeof v !== 'string') throw new Error(`probe field ${key} is not a string`);
  return v;
}

function bool(raw: Record<string, unknown>, key: string): boolean {
  const v = raw[key];
  if (typeof v !== 'boolean') throw new Error(`probe field ${key} is not a boolean`);
  return v;
}

/**
 * Not limited to safe integers: the leafIdx-sub-@1 probes hold 0 - 1 wrapped
 * to uint64 (18446744073709551615), which JSON.parse rounds to 2^64. The
 * verifier, not the loader, must reject it.
 */
function int(raw: Record<string, unknown>, key: string): number {
  const v = raw[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`probe field ${key} is not an integer`);
  return v;
}

/** Standard padded base64 (Go encoding/json []byte); "" is the empty byte string. */
function decodeBase64(s: string): Buffer {
  const bytes = Buffer.from(s, 'base64');
  // Node's decoder skips junk silently; insist on a faithful round trip instead.
  if (bytes.toString('base64') !== s) throw new Error(`not canonical base64: ${s}`);
  return bytes;
}

function b64(raw: Record<string, unknown>, key: string): Buffer {
  return decodeBase64(str(raw, key));
}

/** `null` and `[]` both mean an empty proof. */
function b64List(raw: Record<string, unknown>, key: string): Buffer[] {
  const v = raw[key];
  if (v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`probe field ${key} is not a list of strings`);
  return (v as string[]).map(decodeBase64);
}

function captureError(fn: () => void): unknown {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e;
  }
}

/** A rejection must be a reported MerkleProofError, never a crash from malformed input. */
function expectVerdict(err: unknown, wantErr: boolean): void {
  if (wantErr) {
    expect(err).toBeInstanceOf(MerkleProofError);
  } else {
    expect(err).toBeUndefined();
  }
}

/** Flipping any bit, dropping or adding an element must each make verification fail. */
function expectTamperingCaught(proof: Buffer[], verify: (p: Buffer[]) => void): void {
  proof.forEach((_, i) => {
    const flipped = proof.map((h) => Buffer.from(h));
    flipped[i][i % 32] ^= 0x08;
    expect(() => verify(flipped)).toThrow(MerkleProofError);
    expect(() => verify(proof.filter((__, j) => j !== i))).toThrow(MerkleProofError);
  });
  expect(() => verify([...proof, refLeaves[0]])).toThrow(MerkleProofError);
}

function hex(b: Buffer): string {
  return b.toString('hex');
}

function popcount(n: number): number {
  let bits = 0;
  for (; n > 0; n = Math.floor(n / 2)) bits += n % 2;
  return bits;
}
