import { DynamicModule, Global, Module } from '@nestjs/common';
import { EvidentConfig, loadConfig } from './config';

export const EVIDENT_CONFIG = Symbol('EVIDENT_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** `config` lets tests and the CLI pass an explicit configuration instead of process.env. */
  static forRoot(config?: EvidentConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: EVIDENT_CONFIG, useFactory: () => config ?? loadConfig() }],
      exports: [EVIDENT_CONFIG],
    };
  }
}
