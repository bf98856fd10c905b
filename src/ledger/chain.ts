import { createHash } from 'node:crypto';
import { sha256 } from './merkle';

const GENESIS_PREFIX = 'evident/genesis/v1\n';

/** chainHash_0 = SHA-256("evident/genesis/v1\n" ‖ ledgerId) */
export function genesisChainHash(ledgerId: string): Buffer {
  return createHash('sha256').update(GENESIS_PREFIX + ledgerId, 'utf8').digest();
}

/** chainHash_n = SHA-256(chainHash_{n-1} ‖ leafHash_n), both raw 32-byte values. */
export function nextChainHash(prev: Buffer, leaf: Buffer): Buffer {
  if (prev.length !== 32 || leaf.length !== 32) return sha256(Buffer.concat([prev, leaf]));
  prev.copy(CHAIN_SCRATCH, 0);
  leaf.copy(CHAIN_SCRATCH, 32);
  return sha256(CHAIN_SCRATCH);
}

// Reused for every chain step (synchronous, so never shared between two in flight).
const CHAIN_SCRATCH = Buffer.alloc(64);

/**
 * The entry body `{v:1, seq, kind, recordedAt, data}` in JCS, composed around data that is
 * already canonical so the expensive canonicalization happens outside the append lock.
 * Member order is the JCS order: data < kind < recordedAt < seq < v.
 */
export function composeBody(seq: number, kind: string, recordedAt: string, dataJcs: string): string {
  return `{"data":${dataJcs},"kind":${JSON.stringify(kind)},"recordedAt":${JSON.stringify(recordedAt)},"seq":${seq},"v":1}`;
}

/** recordedAt and every other Evident time: UTC ISO-8601 with milliseconds. */
export function isoNow(): string {
  return new Date().toISOString();
}
