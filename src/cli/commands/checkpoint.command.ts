import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CheckpointService } from '../../ledger/checkpoint.service';
import { CoreContext } from '../core-context';
import { printJson, runCommand, say } from '../output';

@Command({ name: 'checkpoint', description: 'Sign a checkpoint over the current ledger head (and copy it to the anchor directory)' })
export class CheckpointCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run(_args: string[], flags: { json?: boolean }): Promise<void> {
    await runCommand(async () => {
      const service = await this.core.get(CheckpointService);
      const cp = await service.create();
      const out = { ledgerId: cp.ledgerId, size: cp.size, chainHash: cp.chainHash, merkleRoot: cp.merkleRoot, time: cp.time, signature: cp.signature, publicKey: service.publicKeyPem };
      if (flags.json) printJson(out);
      else say(`checkpoint at size ${cp.size}\n  chainHash  ${cp.chainHash}\n  merkleRoot ${cp.merkleRoot}\n  time       ${cp.time}`);
    });
  }

  @Option({ flags: '--json', description: 'print the checkpoint with signature (hex) and publicKey (PEM)' })
  parseJson(): boolean {
    return true;
  }
}
