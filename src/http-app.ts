import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { json, text } from 'express';
import { AppModule } from './app.module';
import { bodyErrorHandler } from './common/error.filter';
import { EvidentConfig, loadConfig } from './config/config';

type RawBodyRequest = IncomingMessage & { rawBody?: Buffer };

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export function logLevels(level: string): LogLevel[] | false {
  if (level === 'silent') return false;
  return LEVELS.slice(0, LEVELS.indexOf(level as LogLevel) + 1);
}

/** Builds the HTTP application (not yet listening). */
export async function createHttpApp(config: EvidentConfig = loadConfig()): Promise<INestApplication> {
  // abortOnError false: a bad configuration is thrown to the caller (one clear message) instead of exiting.
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger: logLevels(config.logLevel), abortOnError: false });
  // JSON bodies are bounded; NDJSON streams are read by the ingest controller itself, line by line.
  app.use(
    json({
      limit: config.maxBodyBytes,
      type: ['application/json', 'application/*+json'],
      // Webhook signatures are over the exact bytes received.
      verify: (req: RawBodyRequest, _res, buf) => {
        if (req.url?.startsWith('/api/v1/webhooks/')) req.rawBody = buf;
      },
    }),
    text({ limit: config.maxBodyBytes, type: ['text/csv', 'text/plain'] }),
    bodyErrorHandler,
  );
  const openapi = new DocumentBuilder()
    .setTitle('Evident')
    .setDescription('Compliance evidence and audit reporting for feature-flag platforms')
    .setVersion(config.version)
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi));
  app.enableShutdownHooks();
  return app;
}
