import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { ROLES } from './roles';

export class CreateTokenDto {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ description: 'ISO-8601 expiry' }) @IsOptional() @IsISO8601({ strict: true }) expiresAt?: string;
}
