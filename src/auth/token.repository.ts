import { Inject, Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { ApiTokenEntity } from './api-token.entity';

@Injectable()
export class TokenRepository {
  private readonly repo: Repository<ApiTokenEntity>;

  constructor(@Inject(DataSource) ds: DataSource) {
    this.repo = ds.getRepository(ApiTokenEntity);
  }

  insert(token: ApiTokenEntity): Promise<unknown> {
    return this.repo.insert(token);
  }

  findByHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  findById(id: string): Promise<ApiTokenEntity | null> {
    return this.repo.findOneBy({ id });
  }

  list(): Promise<ApiTokenEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  async touch(id: string, at: string): Promise<void> {
    await this.repo.update({ id }, { lastUsedAt: at });
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.repo.update({ id }, { revokedAt: at });
  }
}
