import { Inject, Logger } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { createHttpApp } from '../../http-app';
import { CoreContext } from '../core-context';
import { runCommand } from '../output';

@Command({ name: 'serve', description: 'Run the HTTP API, dashboard and scheduler (port: --port, env PORT, default 3000)' })
export class ServeCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run(_args: string[], flags: { port?: number }): Promise<void> {
    await runCommand(async () => {
      const config = { ...this.core.getConfig(), ...(flags.port !== undefined ? { port: flags.port } : {}) };
      const app = await createHttpApp(config);
      await app.listen(config.port);
      new Logger('Evident').log(`listening on http://localhost:${config.port}`);
      await new Promise<void>((resolve) => app.getHttpServer().on('close', resolve));
    });
  }

  @Option({ flags: '--port <port>', description: 'TCP port' })
  parsePort(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be 0-65535 (got ${v})`);
    return n;
  }
}
