import { Inject } from '@nestjs/common';
import { userInfo } from 'node:os';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { InvalidInputError } from '../../common/errors';
import { ConnectorError } from '../../ingest/connectors/unleash-client';
import { ConnectorProgress, UnleashConnectorService } from '../../ingest/connectors/unleash-connector.service';
import { CoreContext } from '../core-context';
import { printJson, runCommand, say } from '../output';
import { progressBar } from '../progress';

/** Read when --token is not given, so the token need not appear in the process list. */
export const UNLEASH_TOKEN_ENV = 'EVIDENT_UNLEASH_TOKEN';

const PLATFORMS = ['unleash'];

interface RunFlags {
  url?: string;
  token?: string;
  instance?: string;
  json?: boolean;
}

@SubCommand({
  name: 'run',
  arguments: '<platform>',
  description:
    'One pass of a pull connector: new events since the last pass (id gaps are reported and recorded), then an access snapshot. ' +
    `Platforms: ${PLATFORMS.join(', ')}. Exit 1 when the server cannot be reached or refuses the token.`,
})
export class ConnectorRunCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: Pick<CoreContext, 'get'>) {
    super();
  }

  async run([platform]: string[], flags: RunFlags): Promise<void> {
    await runCommand(async () => {
      if (!PLATFORMS.includes(platform)) {
        throw new InvalidInputError(`unknown connector platform "${platform}"; one of: ${PLATFORMS.join(', ')}`, [{ field: 'platform', message: 'unknown' }]);
      }
      const token = flags.token ?? process.env[UNLEASH_TOKEN_ENV];
      if (!flags.url) throw new InvalidInputError('--url is required (the Unleash server URL)', [{ field: 'url', message: 'missing' }]);
      if (!token) {
        throw new InvalidInputError(`--token is required (or set ${UNLEASH_TOKEN_ENV}): an Unleash admin API token or an Admin's personal access token`, [
          { field: 'token', message: 'missing' },
        ]);
      }
      const connector = await this.core.get(UnleashConnectorService);
      const bars: Partial<Record<ConnectorProgress['phase'], ReturnType<typeof progressBar>>> = {};
      const onProgress = (p: ConnectorProgress) => {
        if (flags.json) return;
        for (const phase of Object.keys(bars) as ConnectorProgress['phase'][]) if (phase !== p.phase) bars[phase]?.stop();
        const bar = (bars[p.phase] ??= progressBar(p.phase === 'events' ? 'reading Unleash events' : p.phase === 'ingest' ? 'ingesting' : 'access snapshot', p.total));
        bar.update(p.done);
      };
      try {
        const r = await connector.runOnce({ url: flags.url, token, instance: flags.instance, onProgress, by: `cli:${safeUser()}` });
        if (flags.json) {
          printJson({ appended: r.appended, duplicates: r.duplicates, gaps: r.gaps, snapshotSeq: r.snapshotSeq });
        } else {
          say(`${r.instance}: read ${r.received} events, appended ${r.appended}, duplicates ${r.duplicates}` + (r.snapshotSeq !== null ? `, access snapshot at seq ${r.snapshotSeq}` : ''));
          for (const g of r.gaps) say(`  gap: Unleash event ids ${g.from}–${g.to} were never received (recorded in the ledger)`);
        }
        return 0;
      } catch (err) {
        // Not the user's input: the server, the network or the token. Exit 1, say what to check.
        if (err instanceof ConnectorError) {
          say(`evident: ${err.message}`);
          return 1;
        }
        throw err;
      } finally {
        for (const bar of Object.values(bars)) bar?.stop();
      }
    });
  }

  @Option({ flags: '--url <url>', description: 'Unleash server URL (its root, with the base path if any)' })
  parseUrl(v: string): string {
    return v;
  }

  @Option({ flags: '--token <token>', description: `admin API token or an Admin's personal access token (default: $${UNLEASH_TOKEN_ENV})` })
  parseToken(v: string): string {
    return v;
  }

  @Option({ flags: '--instance <name>', description: 'source instance name in the ledger (default: the URL host)' })
  parseInstance(v: string): string {
    return v;
  }

  @Option({ flags: '--json', description: 'print {appended, duplicates, gaps, snapshotSeq}' })
  parseJson(): boolean {
    return true;
  }
}

@Command({ name: 'connector', description: 'Pull events and access snapshots from a flag platform', subCommands: [ConnectorRunCommand] })
export class ConnectorCommand extends CommandRunner {
  async run(): Promise<void> {
    say('usage: evident connector run unleash --url URL --token TOKEN [--instance NAME] [--json]');
    process.exitCode = 2;
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
