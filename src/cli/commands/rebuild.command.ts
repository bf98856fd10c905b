import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AccessService } from '../../access/access.service';
import { ChangesService } from '../../changes/changes.service';
import { CoreContext } from '../core-context';
import { printJson, runCommand, say } from '../output';

@Command({ name: 'rebuild', description: 'Drop the read models (flag changes, change requests, snapshot index) and rebuild them from the ledger' })
export class RebuildCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run(_args: string[], flags: { json?: boolean }): Promise<void> {
    await runCommand(async () => {
      const entries = await (await this.core.get(ChangesService)).rebuild();
      await (await this.core.get(AccessService)).rebuild();
      if (flags.json) printJson({ entries });
      else say(`rebuilt projections from ${entries} ledger entries`);
    });
  }

  @Option({ flags: '--json', description: 'print {entries}' })
  parseJson(): boolean {
    return true;
  }
}
