import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { AppModule } from './app.module';
import { bodyErrorHandler } from './common/error.filter';
import { EvidentConfig, loadConfig } from './config/config';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export function logLevels(level: string): LogLevel[] | false {
  if (level === 'silent') return false;
  return LEVELS.slice(0, LEVELS.indexOf(level as LogLevel) + 1);
}

/** Builds the HTTP application (not yet listening). */
export async function createHttpApp(config: EvidentConfig = loadConfig()): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger: logLevels(config.logLevel) });
  // JSON bodies are bounded; NDJSON streams are read by the ingest controller itself, line by line.
  app.use(json({ limit: config.maxBodyBytes, type: ['application/json', 'application/*+json'] }), bodyErrorHandler);
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
