import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { ROLES } from '../../auth/roles';
import { TokenService } from '../../auth/token.service';
import { CoreContext } from '../core-context';
import { printJson, runCommand, say } from '../output';
import { userInfo } from 'node:os';

interface CreateFlags {
  role: string;
  name: string;
  expiresAt?: string;
  json?: boolean;
}

@SubCommand({ name: 'create', description: `Create an API token; the secret is printed once. Roles: ${ROLES.join(', ')}` })
export class TokenCreateCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run(_args: string[], flags: CreateFlags): Promise<void> {
    await runCommand(async () => {
      const tokens = await this.core.get(TokenService);
      const created = await tokens.create(flags.role, flags.name, `cli:${userInfo().username}`, flags.expiresAt);
      if (flags.json) printJson(created);
      else say(`token ${created.id} (${created.role}, "${created.name}") — store it now, it is not shown again:\n${created.token}`);
    });
  }

  @Option({ flags: '--role <role>', required: true, description: ROLES.join('|') })
  parseRole(v: string): string {
    return v;
  }

  @Option({ flags: '--name <name>', required: true, description: 'who or what uses the token' })
  parseName(v: string): string {
    return v;
  }

  @Option({ flags: '--expires-at <iso>', description: 'expiry time (ISO-8601)' })
  parseExpires(v: string): string {
    return v;
  }

  @Option({ flags: '--json', description: 'print {id, name, role, token}' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'list', description: 'List tokens (never their secrets)' })
export class TokenListCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run(): Promise<void> {
    await runCommand(async () => printJson(await (await this.core.get(TokenService)).list()));
  }
}

@SubCommand({ name: 'revoke', arguments: '<id>', description: 'Revoke a token at once' })
export class TokenRevokeCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    await runCommand(async () => printJson(await (await this.core.get(TokenService)).revoke(id, `cli:${userInfo().username}`)));
  }
}

@Command({ name: 'token', description: 'Manage API tokens', subCommands: [TokenCreateCommand, TokenListCommand, TokenRevokeCommand] })
export class TokenCommand extends CommandRunner {
  async run(): Promise<void> {
    say('usage: evident token create|list|revoke (see evident token --help)');
    process.exitCode = 2;
  }
}
