import { Command, CommandRunner, Option } from 'nest-commander';
import { runDemo } from '../../demo/demo.runner';
import { printJson, runCommand, say } from '../output';

interface DemoFlags {
  port?: number;
  serve?: boolean;
  json?: boolean;
  dir?: string;
}

@Command({ name: 'demo', description: 'Build a fresh demo ledger from a realistic quarter of events, verify it, and serve it on http://localhost:3000' })
export class DemoCommand extends CommandRunner {
  async run(_args: string[], flags: DemoFlags): Promise<void> {
    await runCommand(async () => {
      const s = await runDemo({ port: flags.port, serve: flags.serve, dir: flags.dir });
      if (flags.json) {
        printJson(s);
      } else {
        say('');
        say('Evident demo ready');
        say(`  events in the ledger        ${s.events}`);
        say(`  flag changes                ${s.flagChanges} (${s.productionChanges} in production)`);
        say(`  production changes without a change request: ${s.productionWithoutChangeRequest}`);
        say(`  change requests             ${s.changeRequests} (${s.selfApproved} self-approved)`);
        say(`  ledger verification         ${s.ledgerOk ? 'OK' : 'FAILED'} — checkpoint signed at size ${s.checkpointSize}`);
        say(`  admin token                 ${s.adminToken}`);
        if (s.url) say(`  serving                     ${s.url}  (API docs ${s.url}/api/docs; Ctrl-C to stop)`);
      }
      if (!s.url) return 0;
      await new Promise<void>(() => undefined);
    });
  }

  @Option({ flags: '--port <port>', description: 'TCP port for the server (default 3000)' })
  parsePort(v: string): number {
    return Number(v);
  }

  @Option({ flags: '--no-serve', description: 'build and verify only; do not start the server' })
  parseServe(): boolean {
    return false;
  }

  @Option({ flags: '--dir <dir>', description: 'demo data directory (default ./data/demo; wiped first)' })
  parseDir(v: string): string {
    return v;
  }

  @Option({ flags: '--json', description: 'print the summary as JSON' })
  parseJson(): boolean {
    return true;
  }
}
