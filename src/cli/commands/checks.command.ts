import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ChecksService } from '../../checks/checks.service';
import { parsePeriod } from '../../checks/period';
import { CoreContext } from '../core-context';
import { printJson, runCommand, say } from '../output';

interface ChecksFlags {
  framework: string;
  from: string;
  to: string;
  json?: boolean;
  failOnExceptions?: boolean;
}

const MARK: Record<string, string> = { pass: 'PASS', fail: 'FAIL', 'not-applicable': 'n/a ', 'insufficient-evidence': 'EVID', 'not-covered': 'GAP ' };

@Command({ name: 'checks', description: "Run every automated check over a period's whole population and show each control's status" })
export class ChecksCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run(_args: string[], flags: ChecksFlags): Promise<void> {
    await runCommand(async () => {
      const result = await (await this.core.get(ChecksService)).status(flags.framework, parsePeriod(flags.from, flags.to));
      if (flags.json) printJson(result);
      else {
        say(`${result.framework}  ${result.from} – ${result.to}\n`);
        for (const c of result.checks) {
          say(`${MARK[c.status]}  ${c.id.padEnd(26)} population ${String(c.population).padStart(7)}  exceptions ${c.exceptions.length}${c.note ? `  (${c.note})` : ''}`);
          for (const e of c.exceptions.slice(0, 5)) say(`        seq ${e.seq ?? '-'}  ${e.reason}: ${e.detail}`);
          if (c.exceptions.length > 5) say(`        … ${c.exceptions.length - 5} more (--json for all)`);
        }
        const count = (s: string) => result.controls.filter((c) => c.status === s).length;
        say(`\ncontrols: ${count('pass')} pass, ${count('fail')} fail, ${count('insufficient-evidence')} insufficient evidence, ${count('not-applicable')} n/a, ${count('not-covered')} not covered by an automated check`);
      }
      const exceptions = result.checks.reduce((n, c) => n + c.exceptions.length, 0);
      return flags.failOnExceptions && exceptions > 0 ? 1 : 0;
    });
  }

  @Option({ flags: '--framework <id>', required: true, description: 'soc2 | iso27001 | nist-800-53r5 | fedramp-low|moderate|high | nist-low|moderate|high' })
  parseFramework(v: string): string {
    return v;
  }

  @Option({ flags: '--from <date>', required: true, description: 'period start (date or ISO time)' })
  parseFrom(v: string): string {
    return v;
  }

  @Option({ flags: '--to <date>', required: true, description: 'period end (a date includes the whole day)' })
  parseTo(v: string): string {
    return v;
  }

  @Option({ flags: '--fail-on-exceptions', description: 'exit 1 when any check has an exception' })
  parseFail(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print {framework, from, to, checks, controls}' })
  parseJson(): boolean {
    return true;
  }
}
