import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

export class SnapshotQueryDto {
  @ApiProperty({ example: 'unleash', description: 'unleash | launchdarkly | scim | csv | evident' }) @IsString() @Length(1, 64) source!: string;
  @ApiPropertyOptional({ example: 'flags.acme.example' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(/^[\w.:\-/]+$/, { message: 'instance may contain letters, digits and . : - / _ only' })
  instance?: string;
  @ApiPropertyOptional({ description: 'when the snapshot was taken (ISO-8601); defaults to the time in the export' })
  @IsOptional()
  @IsISO8601({ strict: true })
  takenAt?: string;
}

export class RosterQueryDto {
  @ApiPropertyOptional({ description: 'the date the roster describes (ISO-8601); defaults to now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
