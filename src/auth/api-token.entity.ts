import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') role!: string;
  @Column('text', { name: 'token_hash' }) tokenHash!: string;
  @Column('text', { name: 'created_at' }) createdAt!: string;
  @Column('text', { name: 'expires_at', nullable: true }) expiresAt!: string | null;
  @Column('text', { name: 'revoked_at', nullable: true }) revokedAt!: string | null;
  @Column('text', { name: 'last_used_at', nullable: true }) lastUsedAt!: string | null;
}
