import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export class IngestQueryDto {
  @ApiProperty({ example: 'unleash' }) @IsString() @Length(1, 64) source!: string;
  @ApiPropertyOptional({ description: 'Source instance name, e.g. the Unleash host', example: 'flags.acme.example' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(/^[\w.:\-/]+$/, { message: 'instance may contain letters, digits and . : - / _ only' })
  instance?: string;
}

export class IngestResultDto {
  @ApiProperty() received!: number;
  @ApiProperty() appended!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty({ nullable: true, type: Number }) firstSeq!: number | null;
  @ApiProperty({ nullable: true, type: Number }) lastSeq!: number | null;
}
