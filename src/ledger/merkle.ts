/**
 * RFC 6962 / RFC 9162 Merkle tree over SHA-256.
 *
 * Verifier edge cases (empty trees, equal sizes, hash lengths) follow
 * transparency-dev/merkle, whose probes in shared/testdata pin them down;
 * RFC 9162 leaves several of them open.
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;

// Domain separation between leaves and interior nodes (RFC 6962 §2.1) is what
// stops a leaf from being passed off as an interior node and vice versa.
const NODE_PREFIX = Buffer.from([0x01]);

/** Root of the empty tree: SHA-256 of the empty string. Treat as read-only. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** Thrown by verifyInclusion / verifyConsistency when a proof does not check out. */
export class MerkleProofError extends Error {
  override readonly name = 'MerkleProofError';
}

/** SHA-256(0x00 ‖ data); strings are hashed as UTF-8. */
export function leafHash(data: Buffer | string): Buffer {
  // This runs once per appended and once per verified entry: one-shot hashing of a reused
  // scratch buffer avoids a Hash object and an allocation per entry.
  if (typeof data === 'string' && 3 * data.length < LEAF_SCRATCH.length) {
    // Three bytes per UTF-16 unit at most, so the text fits and its byte count comes from write.
    LEAF_SCRATCH[0] = 0x00;
    return sha256(LEAF_SCRATCH.subarray(0, 1 + LEAF_SCRATCH.write(data, 1, 'utf8')));
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const buf = Buffer.allocUnsafe(1 + bytes.length);
  buf[0] = 0x00;
  bytes.copy(buf, 1);
  return sha256(buf);
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return sha256(Buffer.concat([NODE_PREFIX, left, right]));
  NODE_SCRATCH[0] = 0x01;
  left.copy(NODE_SCRATCH, 1);
  right.copy(NODE_SCRATCH, 1 + HASH_SIZE);
  return sha256(NODE_SCRATCH);
}

// Scratch space for the hot hashing paths; safe because hashing here is synchronous.
const LEAF_SCRATCH = Buffer.alloc(64 * 1024);
const NODE_SCRATCH = Buffer.alloc(1 + 2 * 32);

const oneShot = (crypto as { hash?: (alg: string, data: Buffer, enc: 'buffer') => Buffer }).hash;

/** SHA-256 of one buffer: crypto.hash where Node has it (≥ 20.12), a Hash object otherwise. */
export function sha256(data: Buffer): Buffer {
  return oneShot ? oneShot('sha256', data, 'buffer') : createHash('sha256').update(data).digest();
}

/** RFC 6962 MTH over already-hashed leaves. O(n) hashes. */
export function merkleRoot(leafHashes: readonly Buffer[]): Buffer {
  if (leafHashes.length === 0) return Buffer.from(EMPTY_ROOT);
  const root = subtreeRoot(leafHashes, 0, leafHashes.length);
  // A one-leaf root is the caller's own Buffer; hand back a copy like every other size.
  return leafHashes.length === 1 ? Buffer.from(root) : root;
}

/**
 * Incremental root over an append-only sequence of leaves (a compact range
 * [0, size), as in transparency-dev/merkle `compact`). It keeps one perfect
 * subtree root per set bit of `size`, so the state is O(log n) and can be
 * persisted with the ledger head and resumed with fromFrontier.
 */
export class MerkleAccumulator {
  private count: number;
  // Perfect subtree roots, largest (leftmost) first; sizes are the set bits of `count`.
  private readonly nodes: Buffer[];

  constructor() {
    this.count = 0;
    this.nodes = [];
  }

  /** Resume from a persisted frontier(); validates that it fits `size`. */
  static fromFrontier(size: number, frontier: readonly Buffer[]): MerkleAccumulator {
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new RangeError(`frontier size must be a non-negative safe integer, got ${size}`);
    }
    const want = popcount(size);
    if (frontier.length !== want) {
      throw new RangeError(`a frontier for size ${size} has ${want} hashes, got ${frontier.length}`);
    }
    frontier.forEach((h, i) => assertHashSize(h, `frontier[${i}]`));
    const acc = new MerkleAccumulator();
    acc.count = size;
    for (const h of frontier) acc.nodes.push(Buffer.from(h));
    return acc;
  }

  get size(): number {
    return this.count;
  }

  /** Appends one leaf hash. Amortized O(1): each push merges as many subtrees as `size` has trailing 1 bits. */
  push(leaf: Buffer): void {
    assertHashSize(leaf, 'leaf hash');
    if (this.count >= Number.MAX_SAFE_INTEGER) throw new RangeError('Merkle tree size limit reached');
    let node = leaf;
    // Adding 1 to `count` carries through its trailing 1 bits; each carry joins two equal subtrees.
    for (let carry = this.count; carry % 2 === 1; carry = Math.floor(carry / 2)) {
      node = nodeHash(this.nodes.pop() as Buffer, node);
    }
    this.nodes.push(node);
    this.count++;
  }

  /** MTH of all leaves pushed so far, without changing state. O(log n). */
  root(): Buffer {
    const nodes = this.nodes;
    if (nodes.length === 0) return Buffer.from(EMPTY_ROOT);
    // RFC 6962 puts the largest power of two on the left, so folding the
    // perfect subtrees from the right reproduces MTH exactly.
    let acc = nodes[nodes.length - 1];
    for (let i = nodes.length - 2; i >= 0; i--) acc = nodeHash(nodes[i], acc);
    return nodes.length === 1 ? Buffer.from(acc) : acc;
  }

  /** Copies of the perfect subtree roots, largest first: the state to persist. */
  frontier(): Buffer[] {
    return this.nodes.map((h) => Buffer.from(h));
  }
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): audit path for leaf m, ordered from the leaf level up. */
export function inclusionProof(leafIndex: number, leafHashes: readonly Buffer[]): Buffer[] {
  const n = leafHashes.length;
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= n) {
    throw new RangeError(`leaf index ${leafIndex} is outside a tree of size ${n}`);
  }
  const proof: Buffer[] = [];
  collectPath(leafHashes, leafIndex, 0, n, proof);
  return proof;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) with n = leafHashes.length; 0 < m <= n. */
export function consistencyProof(size1: number, leafHashes: readonly Buffer[]): Buffer[] {
  const n = leafHashes.length;
  // A proof from the empty tree proves nothing, and verifyConsistency rejects it.
  if (!Number.isSafeInteger(size1) || size1 < 1 || size1 > n) {
    throw new RangeError(`consistency proof needs 0 < size1 <= ${n}, got ${size1}`);
  }
  const proof: Buffer[] = [];
  collectSubproof(leafHashes, size1, 0, n, true, proof);
  return proof;
}

/** RFC 9162 §2.1.3.2. Throws MerkleProofError unless `proof` shows `leaf` at `leafIndex` in the tree with `root`. */
export function verifyInclusion(leafIndex: number, treeSize: number, leaf: Buffer, proof: readonly Buffer[], root: Buffer): void {
  assertTreeSize(leafIndex, 'leaf index');
  assertTreeSize(treeSize, 'tree size');
  if (leafIndex >= treeSize) fail(`leaf index ${leafIndex} is not below tree size ${treeSize}`);
  if (leaf.length !== HASH_SIZE) fail(`leaf hash is ${leaf.length} bytes, want ${HASH_SIZE}`);

  const leftSibling = auditPlan(leafIndex, treeSize - 1);
  assertProofShape(proof, leftSibling.length);

  let r = leaf;
  for (let i = 0; i < proof.length; i++) {
    r = leftSibling[i] ? nodeHash(proof[i], r) : nodeHash(r, proof[i]);
  }
  if (!r.equals(root)) fail('inclusion proof does not lead to the expected root');
}

/** RFC 9162 §2.1.4.2. Throws MerkleProofError unless the tree with root2 extends the tree with root1. */
export function verifyConsistency(size1: number, size2: number, proof: readonly Buffer[], root1: Buffer, root2: Buffer): void {
  assertTreeSize(size1, 'size1');
  assertTreeSize(size2, 'size2');
  if (size2 < size1) fail(`size2 (${size2}) is smaller than size1 (${size1})`);
  if (size1 === 0) fail('a consistency proof from the empty tree is meaningless');
  if (size1 === size2) {
    if (proof.length !== 0) fail(`size1 equals size2 (${size1}) but the proof is not empty`);
    // Only equality matters here; the probes accept equal roots of any length.
    if (!root1.equals(root2)) fail(`size1 equals size2 (${size1}) but the roots differ`);
    return;
  }
  if (proof.length === 0) fail('empty consistency proof for different tree sizes');

  // When size1 is a power of two the old root is itself a node of the new
  // tree, so the proof omits it and the verifier seeds the walk with root1.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  const leftSibling = auditPlan(fn, sn);
  assertProofShape(path, 1 + leftSibling.length, path === proof ? 0 : 1);

  let fr = path[0];
  let sr = path[0];
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (leftSibling[i - 1]) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
    } else {
      // Right siblings lie beyond size1, so only the new tree includes them.
      sr = nodeHash(sr, c);
    }
  }
  if (!fr.equals(root1)) fail('consistency proof does not reproduce root1');
  if (!sr.equals(root2)) fail('consistency proof does not reproduce root2');
}

/**
 * The shared loop of RFC 9162 §2.1.3.2 and §2.1.4.2, run without hashing:
 * for each proof element, whether it is a left sibling (hash it before the
 * running value) or a right one. Its length is the exact proof length, which
 * lets verifiers reject missing or extra elements before hashing anything.
 */
function auditPlan(fn: number, sn: number): boolean[] {
  const plan: boolean[] = [];
  while (sn > 0) {
    const left = fn % 2 === 1 || fn === sn;
    plan.push(left);
    if (left) {
      // Skip the levels where our node is a left child with no right sibling (the right border).
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    }
    fn = half(fn);
    sn = half(sn);
  }
  return plan;
}

function subtreeRoot(leaves: readonly Buffer[], lo: number, hi: number): Buffer {
  if (hi - lo === 1) return leaves[lo];
  const mid = lo + largestPowerOfTwoBelow(hi - lo);
  return nodeHash(subtreeRoot(leaves, lo, mid), subtreeRoot(leaves, mid, hi));
}

function collectPath(leaves: readonly Buffer[], m: number, lo: number, hi: number, out: Buffer[]): void {
  if (hi - lo <= 1) return;
  const mid = lo + largestPowerOfTwoBelow(hi - lo);
  // Recurse first: the path is ordered from the leaf up, so the sibling at this level comes last.
  if (m < mid) {
    collectPath(leaves, m, lo, mid, out);
    out.push(subtreeRoot(leaves, mid, hi));
  } else {
    collectPath(leaves, m, mid, hi, out);
    out.push(subtreeRoot(leaves, lo, mid));
  }
}

/** SUBPROOF(m, D[lo:hi], b) where m counts leaves from lo. */
function collectSubproof(leaves: readonly Buffer[], m: number, lo: number, hi: number, wholeOldTree: boolean, out: Buffer[]): void {
  if (m === hi - lo) {
    // The verifier already knows the old root when this subtree is all of it.
    if (!wholeOldTree) out.push(subtreeRoot(leaves, lo, hi));
    return;
  }
  const k = largestPowerOfTwoBelow(hi - lo);
  if (m <= k) {
    collectSubproof(leaves, m, lo, lo + k, wholeOldTree, out);
    out.push(subtreeRoot(leaves, lo + k, hi));
  } else {
    collectSubproof(leaves, m - k, lo + k, hi, false, out);
    out.push(subtreeRoot(leaves, lo, lo + k));
  }
}

function assertProofShape(path: readonly Buffer[], want: number, offset = 0): void {
  if (path.length !== want) {
    fail(`wrong proof size ${path.length - offset}, want ${want - offset}`);
  }
  for (let i = offset; i < path.length; i++) {
    // Not required by RFC 9162, but a wrong-length element can never verify and the message is clearer.
    if (path[i].length !== HASH_SIZE) fail(`proof[${i - offset}] is ${path[i].length} bytes, want ${HASH_SIZE}`);
  }
}

function assertTreeSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) fail(`${what} must be a non-negative safe integer, got ${n}`);
}

function assertHashSize(h: Buffer, what: string): void {
  if (!Buffer.isBuffer(h) || h.length !== HASH_SIZE) {
    throw new RangeError(`${what} must be a ${HASH_SIZE}-byte Buffer`);
  }
}

function fail(message: string): never {
  throw new MerkleProofError(message);
}

// Tree sizes may exceed 2^32, where JS bitwise operators would truncate, so
// these helpers use arithmetic that is exact up to Number.MAX_SAFE_INTEGER.

function half(n: number): number {
  return Math.floor(n / 2);
}

/** Largest power of two strictly below n, for n >= 2 (the RFC 6962 split point). */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

function popcount(n: number): number {
  let bits = 0;
  for (; n > 0; n = half(n)) bits += n % 2;
  return bits;
}
