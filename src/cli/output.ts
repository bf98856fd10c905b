import { exitCodeFor } from '../common/error.filter';
import { EvidentError, InvalidInputError } from '../common/errors';

/** Prints exactly one JSON document on stdout (the --json contract). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function say(line: string): void {
  process.stderr.write(line + '\n');
}

/** Runs a command body; errors become a message on stderr and exit code 2 (input) or 1 (failure). */
export async function runCommand(body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    process.exitCode = code ?? 0;
  } catch (err) {
    const e = err as Error;
    say(`evident: ${e.message}`);
    if (err instanceof InvalidInputError) {
      for (const p of err.problems.slice(0, 20)) {
        const where = [p.index !== undefined ? `record ${p.index}` : '', p.line !== undefined ? `line ${p.line}` : '', p.field ? `field ${p.field}` : '']
          .filter(Boolean)
          .join(', ');
        if (where) say(`  - ${where}: ${p.message}`);
      }
    } else if (!(err instanceof EvidentError) && process.env.EVIDENT_DEBUG) {
      say(e.stack ?? '');
    }
    process.exitCode = exitCodeFor(err);
  }
}
