import { Module } from '@nestjs/common';
import { CheckpointCommand } from './commands/checkpoint.command';
import { ChecksCommand } from './commands/checks.command';
import { ConnectorCommand, ConnectorRunCommand } from './commands/connector.command';
import { DemoCommand } from './commands/demo.command';
import { IngestCommand } from './commands/ingest.command';
import { RebuildCommand } from './commands/rebuild.command';
import { ServeCommand } from './commands/serve.command';
import { RosterCommand, SnapshotCommand } from './commands/snapshot.command';
import { TokenCommand, TokenCreateCommand, TokenListCommand, TokenRevokeCommand } from './commands/token.command';
import { VerifyCommand } from './commands/verify.command';
import { CoreContext } from './core-context';

@Module({
  providers: [
    CoreContext,
    ServeCommand,
    IngestCommand,
    VerifyCommand,
    CheckpointCommand,
    RebuildCommand,
    TokenCommand,
    TokenCreateCommand,
    TokenListCommand,
    TokenRevokeCommand,
    DemoCommand,
    SnapshotCommand,
    ChecksCommand,
    ConnectorCommand,
    ConnectorRunCommand,
    RosterCommand,
  ],
})
export class CliModule {}
