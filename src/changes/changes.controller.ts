import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { READERS, Roles } from '../auth/roles';
import { ChangeRequestEntity, FlagChangeEntity } from './change.entities';
import { ChangesService } from './changes.service';

export class ChangesQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() to?: string;
}

@ApiTags('Changes')
@ApiBearerAuth()
@Controller('api/v1')
export class ChangesController {
  constructor(@Inject(ChangesService) private readonly changes: ChangesService) {}

  @Get('changes')
  @Roles(...READERS)
  list(@Query() q: ChangesQueryDto): Promise<FlagChangeEntity[]> {
    return this.changes.flagChanges({ from: q.from && new Date(q.from).toISOString(), to: q.to && new Date(q.to).toISOString() });
  }

  @Get('change-requests')
  @Roles(...READERS)
  changeRequests(): Promise<ChangeRequestEntity[]> {
    return this.changes.changeRequests();
  }
}
