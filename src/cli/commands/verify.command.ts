import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { VerifyService } from '../../ledger/verify.service';
import { CoreContext } from '../core-context';
import { printJson, runCommand, say } from '../output';
import { progressBar } from '../progress';
import { LedgerService } from '../../ledger/ledger.service';

@Command({ name: 'verify', description: 'Recompute every hash of the ledger and check every signed checkpoint; exit 1 when anything is wrong' })
export class VerifyCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run(_args: string[], flags: { json?: boolean }): Promise<void> {
    await runCommand(async () => {
      const head = await (await this.core.get(LedgerService)).head();
      const bar = flags.json ? null : progressBar('verifying', head.size);
      const result = await (await this.core.get(VerifyService)).verify((n) => bar?.update(n));
      bar?.stop();
      if (flags.json) printJson(result);
      else if (result.ok) say(`ledger OK: ${result.size} entries, ${result.checkpoints} checkpoints verified`);
      else say(`ledger FAILED at seq ${result.firstBad!.seq}: ${result.firstBad!.reason} — ${result.firstBad!.detail ?? ''}`);
      return result.ok ? 0 : 1;
    });
  }

  @Option({ flags: '--json', description: 'print {ok, size, checkpoints, firstBad}' })
  parseJson(): boolean {
    return true;
  }
}
