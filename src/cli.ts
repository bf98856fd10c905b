import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';

/** `evident <command>`: exit 0 success, 1 negative result, 2 bad input or usage. */
async function main(): Promise<void> {
  await CommandFactory.run(CliModule, {
    logger: ['error', 'warn'],
    cliName: 'evident',
    usePlugins: false,
    errorHandler: (err: Error & { code?: string; exitCode?: number }) => {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        process.exit(0);
      }
      process.stderr.write(`evident: ${err.message.replace(/^error: /, '')}\n`);
      process.exit(2);
    },
  });
}

void main();
