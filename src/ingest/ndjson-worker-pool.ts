import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChunkJob } from './ndjson-encoder';
import { EncodedRecord } from './record-encoder';

type Reply = { id: number; records?: EncodedRecord[]; failed?: true };

/**
 * Worker threads that encode NDJSON chunks in parallel with the stream being read.
 * `encode` resolves with the records, or null when the chunk must be re-encoded on the
 * main thread (it holds an error, or a worker died). Runs only from the compiled build;
 * elsewhere (ts-jest, ts-node) `available` is false and callers encode inline.
 */
@Injectable()
export class NdjsonWorkerPool implements OnModuleDestroy {
  private workers: Worker[] = [];
  private next = 0;
  private seq = 0;
  private readonly waiting = new Map<number, (r: EncodedRecord[] | null) => void>();

  private file = join(__dirname, 'ndjson-worker.js');

  /** A pool running a given worker build (tests point it at dist/). */
  static forFile(file: string): NdjsonWorkerPool {
    const pool = new NdjsonWorkerPool();
    pool.file = file;
    return pool;
  }

  get available(): boolean {
    return existsSync(this.file);
  }

  encode(job: ChunkJob): Promise<EncodedRecord[] | null> {
    const worker = this.pick();
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ id, job });
    });
  }

  async onModuleDestroy(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private pick(): Worker {
    if (this.workers.length === 0) {
      const size = Math.max(1, Math.min(4, availableParallelism()));
      this.workers = Array.from({ length: size }, () => this.spawn());
    }
    return this.workers[this.next++ % this.workers.length];
  }

  private spawn(): Worker {
    const worker = new Worker(this.file);
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const resolve = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      resolve?.(reply.records ?? null);
    });
    worker.on('error', () => this.failAll(worker));
    worker.on('exit', () => this.failAll(worker));
    return worker;
  }

  /** A dead worker's jobs fall back to the main thread; a fresh worker takes its place. */
  private failAll(worker: Worker): void {
    for (const [id, resolve] of this.waiting) {
      this.waiting.delete(id);
      resolve(null);
    }
    const i = this.workers.indexOf(worker);
    if (i !== -1) this.workers.splice(i, 1);
  }
}
