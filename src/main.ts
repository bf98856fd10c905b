import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from './config/config';
import { createHttpApp } from './http-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createHttpApp(config);
  await app.listen(config.port);
  new Logger('Evident').log(`listening on http://localhost:${config.port} (dashboard /, API /api/v1, OpenAPI /api/docs)`);
}

main().catch((err: Error) => {
  console.error(`evident: ${err.message}`);
  process.exit(1);
});
