import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TokenService } from '../auth/token.service';
import { ChangesService } from '../changes/changes.service';
import { EvidentConfig, loadConfig, parseDatabaseUrl } from '../config/config';
import { CoreModule } from '../core.module';
import { createHttpApp } from '../http-app';
import { IngestService } from '../ingest/ingest.service';
import { CheckpointService } from '../ledger/checkpoint.service';
import { VerifyService } from '../ledger/verify.service';
import { generateUnleashSample } from './unleash-sample';

export interface DemoOptions {
  dir?: string;
  port?: number;
  serve?: boolean;
  log?: (line: string) => void;
}

export interface DemoSummary {
  dataDir: string;
  events: number;
  flagChanges: number;
  productionChanges: number;
  productionWithoutChangeRequest: number;
  changeRequests: number;
  selfApproved: number;
  ledgerOk: boolean;
  checkpointSize: number;
  adminToken: string;
  url: string | null;
}

/** `evident demo`: a fresh SQLite ledger with a realistic quarter of Unleash events, verified and served. */
export async function runDemo(opts: DemoOptions = {}): Promise<DemoSummary> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const dir = resolve(opts.dir ?? './data/demo');
  rmSync(dir, { recursive: true, force: true });
  const config: EvidentConfig = {
    ...loadConfig({ ...process.env, DATABASE_URL: undefined, EVIDENT_DATA_DIR: undefined }),
    database: parseDatabaseUrl(`sqlite:${join(dir, 'evident.sqlite')}`),
    dataDir: dir,
    port: opts.port ?? Number(process.env.PORT ?? 3000),
    logLevel: 'warn',
  };

  log(`[1/5] creating a fresh demo ledger in ${dir}`);
  const ctx: INestApplicationContext = await NestFactory.createApplicationContext(CoreModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const records = generateUnleashSample();
    log(`[2/5] ingesting ${records.length} Unleash events (3 projects, development/staging/production, change requests)`);
    const ingest = await ctx.get(IngestService).ingestDocuments([{ value: records }], { source: 'unleash', instance: 'unleash.acme.example' });

    log('[3/5] signing a checkpoint and verifying the whole ledger');
    const cp = await ctx.get(CheckpointService).create();
    const verify = await ctx.get(VerifyService).verify();

    log('[4/5] projecting flag changes and change requests');
    const changes = ctx.get(ChangesService);
    const flagChanges = await changes.flagChanges();
    const crs = await changes.changeRequests();
    const production = flagChanges.filter((c) => c.production === 1);
    const selfApproved = crs.filter((cr) =>
      cr.approvals.some((a) => (a.actorId && a.actorId === cr.requesterId) || (a.email && a.email === cr.requesterEmail)),
    ).length;

    log('[5/5] creating an admin token for the dashboard and API');
    const token = await ctx.get(TokenService).create('admin', 'demo admin', 'demo');

    const summary: DemoSummary = {
      dataDir: dir,
      events: ingest.appended,
      flagChanges: flagChanges.length,
      productionChanges: production.length,
      productionWithoutChangeRequest: production.filter((c) => !c.changeRequestId).length,
      changeRequests: crs.length,
      selfApproved,
      ledgerOk: verify.ok,
      checkpointSize: cp.size,
      adminToken: token.token,
      url: null,
    };
    await ctx.close();
    if (opts.serve !== false) {
      const app = await createHttpApp(config);
      await app.listen(config.port);
      summary.url = `http://localhost:${config.port}`;
    }
    return summary;
  } catch (err) {
    await ctx.close();
    throw err;
  }
}
