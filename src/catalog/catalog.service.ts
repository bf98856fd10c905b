import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors';
import { EvidentConfig } from '../config/config';
import { EVIDENT_CONFIG } from '../config/config.module';
import { loadCatalog } from './catalog.loader';
import { CheckDefinition, Framework, Policy } from './catalog.types';

/** controls/ (and any user catalog directories), loaded and validated once at start-up. */
@Injectable()
export class CatalogService {
  readonly frameworks: Framework[];
  readonly checks: CheckDefinition[];
  readonly policy: Policy;

  constructor(@Inject(EVIDENT_CONFIG) config: EvidentConfig) {
    const catalog = loadCatalog(undefined, config.catalogDirs);
    this.frameworks = catalog.frameworks;
    this.checks = catalog.checks;
    const policy = catalog.policies[config.policy];
    if (!policy) throw new NotFoundError(`EVIDENT_POLICY "${config.policy}" is not one of ${Object.keys(catalog.policies).join(', ')}`);
    this.policy = policy;
  }

  framework(id: string): Framework {
    const f = this.frameworks.find((x) => x.id === id);
    if (!f) throw new NotFoundError(`unknown framework "${id}"; known: ${this.frameworks.map((x) => x.id).join(', ')}`);
    return f;
  }

  check(id: string): CheckDefinition {
    const c = this.checks.find((x) => x.id === id);
    if (!c) throw new NotFoundError(`unknown check "${id}"; known: ${this.checks.map((x) => x.id).join(', ')}`);
    return c;
  }
}
