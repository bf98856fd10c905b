import { Body, Controller, Delete, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthedRequest } from './auth.guard';
import { Roles } from './roles';
import { CreateTokenDto } from './token.dto';
import { CreatedToken, TokenService, TokenView } from './token.service';

@ApiTags('Tokens')
@ApiBearerAuth()
@Controller('api/v1/tokens')
export class TokenController {
  constructor(@Inject(TokenService) private readonly tokens: TokenService) {}

  @Post()
  @Roles('admin')
  create(@Body() dto: CreateTokenDto, @Req() req: AuthedRequest): Promise<CreatedToken> {
    return this.tokens.create(dto.role, dto.name, by(req), dto.expiresAt);
  }

  @Get()
  @Roles('admin')
  list(): Promise<TokenView[]> {
    return this.tokens.list();
  }

  @Delete(':id')
  @Roles('admin')
  revoke(@Param('id') id: string, @Req() req: AuthedRequest): Promise<TokenView> {
    return this.tokens.revoke(id, by(req));
  }
}

function by(req: AuthedRequest): string {
  return req.principal ? `token:${req.principal.tokenId} (${req.principal.name})` : 'unknown';
}
