import { DataSource } from 'typeorm';
import { openDataSource } from '../../src/database/data-source';
import { JobLock } from '../../src/database/job-lock';
import { backendNames, createBackend, TestBackend } from '../support/backends';

describe.each(backendNames())('scheduled jobs run on one instance at a time on %s', (name) => {
  let backend: TestBackend;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    backend = await createBackend(name);
  });
  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
    await backend.dispose();
  });

  it('lets one of several contenders run a job and the others skip it', async () => {
    // Three "instances": separate connection pools on the same database (one process for SQLite).
    const count = name === 'postgres' ? 3 : 1;
    for (let i = 0; i < count; i++) sources.push(await openDataSource(backend.config.database));
    const locks = sources.map((ds) => new JobLock(ds));
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const job = () =>
      new Promise<void>((resolve) => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        setTimeout(() => {
          running--;
          resolve();
        }, 200);
      });
    const attempts = [...locks, ...locks].map((l) => l.runExclusive('checkpoint', job));
    const ran = await Promise.all(attempts);
    expect(maxRunning).toBe(1);
    expect(runs).toBe(1);
    expect(ran.filter(Boolean)).toHaveLength(1);
    // Released afterwards: the next tick runs again.
    expect(await locks[locks.length - 1].runExclusive('checkpoint', job)).toBe(true);
  });
});
