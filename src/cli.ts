import 'reflect-metadata';
import { Command as CommanderCommand, CommanderError } from 'commander';
import { CommandFactory } from 'nest-commander';
import { Commander } from 'nest-commander/src/constants';
import { CliModule } from './cli/cli.module';

/** `evident <command>`: exit 0 success, 1 negative result, 2 bad input or usage. */
async function main(): Promise<void> {
  const app = await CommandFactory.createWithoutRunning(CliModule, { logger: ['error', 'warn'], cliName: 'evident', usePlugins: false });
  // Commander exits 1 on usage errors by default, and only the root command inherits an
  // override set after the subcommands exist; set ours on every command.
  const root = app.get<CommanderCommand>(Commander, { strict: false });
  const onUsageError = (err: CommanderError) => {
    if (['commander.helpDisplayed', 'commander.version', 'commander.help', 'commander.executeSubCommandAsync'].includes(err.code)) process.exit(0);
    process.exit(2);
  };
  const override = (cmd: CommanderCommand) => {
    cmd.exitOverride(onUsageError);
    cmd.commands.forEach(override);
  };
  override(root);
  await CommandFactory.runApplication(app);
  await app.close();
}

void main();
