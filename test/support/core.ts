import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AddressInfo } from 'node:net';
import { TokenService } from '../../src/auth/token.service';
import { CoreModule } from '../../src/core.module';
import { createHttpApp } from '../../src/http-app';
import { TestBackend } from './backends';

export function bootCore(backend: TestBackend): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(CoreModule.forRoot(backend.config), { logger: false });
}

export interface RunningServer {
  app: INestApplication;
  /** http://127.0.0.1:PORT */
  url: string;
  tokens: Record<'admin' | 'compliance' | 'auditor' | 'ingest' | 'viewer', string>;
  close(): Promise<void>;
}

/** A real HTTP server on loopback with one token per role. */
export async function startServer(backend: TestBackend): Promise<RunningServer> {
  const app = await createHttpApp(backend.config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const tokenService = app.get(TokenService);
  const tokens = {} as RunningServer['tokens'];
  for (const role of ['admin', 'compliance', 'auditor', 'ingest', 'viewer'] as const) {
    tokens[role] = (await tokenService.create(role, `test ${role}`, 'test')).token;
  }
  return { app, url: `http://127.0.0.1:${port}`, tokens, close: () => app.close() };
}
