import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EvidentConfig } from '../config/config';
import { EVIDENT_CONFIG } from '../config/config.module';
import { openDataSource } from './data-source';
import { JobLock } from './job-lock';
import { WriteLock } from './write-lock';

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [EVIDENT_CONFIG],
      useFactory: (config: EvidentConfig) => openDataSource(config.database),
    },
    { provide: JobLock, inject: [DataSource], useFactory: (ds: DataSource) => new JobLock(ds) },
    {
      provide: WriteLock,
      inject: [EVIDENT_CONFIG],
      useFactory: (config: EvidentConfig) => new WriteLock(config.database.type === 'sqlite'),
    },
  ],
  exports: [DataSource, WriteLock, JobLock],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
