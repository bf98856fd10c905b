import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpoint } from './ledger.types';

/**
 * Copies every checkpoint out of the database into a directory (WORM storage in production).
 * Only what leaves the database can expose a truncation or rewrite by its administrator.
 */
export class CheckpointAnchorRepository {
  constructor(private readonly dir: string) {}

  write(cp: Checkpoint): void {
    const dir = join(this.dir, cp.ledgerId);
    mkdirSync(dir, { recursive: true });
    const name = `checkpoint-${String(cp.size).padStart(12, '0')}.json`;
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify({ body: cp.body, signature: cp.signature, keyId: cp.keyId }) + '\n', { mode: 0o644 });
    renameSync(tmp, join(dir, name));
  }

  /** Every anchored checkpoint of one ledger; unreadable files are skipped (the verifier checks signatures). */
  list(ledgerId: string): Checkpoint[] {
    const dir = join(this.dir, ledgerId);
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /^checkpoint-\d+\.json$/.test(n));
    } catch {
      return [];
    }
    const out: Checkpoint[] = [];
    for (const name of names) {
      try {
        const file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { body: string; signature: string; keyId: string };
        const b = JSON.parse(file.body) as Omit<Checkpoint, 'body' | 'signature' | 'keyId'>;
        out.push({ ...b, body: file.body, signature: file.signature, keyId: file.keyId });
      } catch {
        continue;
      }
    }
    return out.sort((a, b) => a.size - b.size);
  }
}
