import { Inject } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AccessService } from '../../access/access.service';
import { InvalidInputError } from '../../common/errors';
import { CoreContext } from '../core-context';
import { printJson, runCommand, say } from '../output';

interface SnapshotFlags {
  source: string;
  instance?: string;
  takenAt?: string;
  json?: boolean;
}

@Command({
  name: 'snapshot',
  arguments: '<file>',
  description: 'Append an access snapshot: who may do what, per project and environment. Sources: unleash, launchdarkly, scim, csv, evident',
})
export class SnapshotCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run([file]: string[], flags: SnapshotFlags): Promise<void> {
    await runCommand(async () => {
      const text = readText(file);
      let doc: unknown = text;
      if (flags.source !== 'csv') {
        try {
          doc = JSON.parse(text);
        } catch (err) {
          throw new InvalidInputError(`${file}: malformed JSON: ${(err as Error).message}`);
        }
      }
      const access = await this.core.get(AccessService);
      const result = await access.ingestSnapshot(flags.source, doc, { instance: flags.instance ?? 'default', takenAt: flags.takenAt });
      if (flags.json) printJson(result);
      else say(`snapshot of ${result.principals} principals and ${result.grants} grants taken ${result.takenAt}: ${result.duplicate ? 'already in the ledger at' : 'appended as'} seq ${result.seq}`);
    });
  }

  @Option({ flags: '--source <source>', required: true, description: 'unleash | launchdarkly | scim | csv | evident' })
  parseSource(v: string): string {
    return v;
  }

  @Option({ flags: '--instance <name>', description: 'source instance name (default "default")' })
  parseInstance(v: string): string {
    return v;
  }

  @Option({ flags: '--taken-at <iso>', description: 'when the snapshot was taken (default: the time in the export)' })
  parseTakenAt(v: string): string {
    return v;
  }

  @Option({ flags: '--json', description: 'print {seq, duplicate, takenAt, principals, grants}' })
  parseJson(): boolean {
    return true;
  }
}

@Command({ name: 'roster', arguments: '<file>', description: 'Append an HR roster (CSV: email,status,terminated_at,manager_email,department)' })
export class RosterCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run([file]: string[], flags: { asOf?: string; json?: boolean }): Promise<void> {
    await runCommand(async () => {
      const result = await (await this.core.get(AccessService)).ingestRoster(readText(file), flags.asOf);
      if (flags.json) printJson(result);
      else say(`roster of ${result.principals} people as of ${result.takenAt}: ${result.duplicate ? 'already in the ledger at' : 'appended as'} seq ${result.seq}`);
    });
  }

  @Option({ flags: '--as-of <iso>', description: 'the date the roster describes (default: now)' })
  parseAsOf(v: string): string {
    return v;
  }

  @Option({ flags: '--json', description: 'print {seq, duplicate, takenAt, principals}' })
  parseJson(): boolean {
    return true;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new InvalidInputError(`cannot read ${file}`);
  }
}
