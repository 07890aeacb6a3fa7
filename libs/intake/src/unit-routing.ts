import type { DataSource } from 'typeorm';
import { departmentType, RoutingModel, type TextFeatures } from '#domain';
import type { IntakeConfig } from '#kernel';
import { FEATURES_VERSION, textFeaturesFor } from './intake-config.js';

/** Evidence weight of an assignment by role; a removed one (moved away after 调整) counts against. */
const ROLE_WEIGHT = { lead: 1, separate: 0.8, co: 0.3 } as const;
/** How long a built model serves reads before it is rebuilt from Postgres. */
const MAX_AGE_MS = 30_000;

/**
 * The routing model of this process (承办单位推荐模型), built from Postgres: every active
 * department's duties (its own text and its department type's built-in duties), and every
 * assignment of a proposal whose similarity document is current (live ones for, removed ones
 * against). Rebuilt at most every 30 s on read; between rebuilds new assignments are not yet seen.
 */
export class UnitRouting {
  readonly features: TextFeatures;
  private model: RoutingModel | null = null;
  private builtAt = 0;
  private building: Promise<RoutingModel> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly config: IntakeConfig,
  ) {
    this.features = textFeaturesFor(config);
  }

  async current(now = Date.now()): Promise<RoutingModel> {
    if (this.model && now - this.builtAt < MAX_AGE_MS) return this.model;
    this.building ??= this.build().finally(() => {
      this.building = null;
    });
    this.model = await this.building;
    this.builtAt = now;
    return this.model;
  }

  private async build(): Promise<RoutingModel> {
    const model = new RoutingModel(this.config.routing.model);
    const units: Array<{ code: string; name: string; duties: string | null; department_type: string | null }> = await this.ds.query(
      `SELECT code, name, duties, department_type FROM units WHERE active AND kind = 'department'`,
    );
    for (const u of units) {
      const type = departmentType(u.department_type);
      model.setDuties(u.code, this.features.features([u.name, u.duties ?? '', type ? `${type.name} ${type.duties}` : ''].join('\n')));
    }
    const rows: Array<{ code: string; role: 'lead' | 'co' | 'separate'; removed: boolean; terms: Record<string, number> }> = await this.ds.query(
      `SELECT u.code, a.role, a.state = 'removed' AS removed, d.terms
         FROM assignments a JOIN units u ON u.id = a.unit_id AND u.active AND u.kind = 'department'
         JOIN similarity_documents d ON d.proposal_id = a.proposal_id AND d.features = $1`,
      [FEATURES_VERSION],
    );
    for (const r of rows) model.learn(r.code, new Map(Object.entries(r.terms)), ROLE_WEIGHT[r.role] * (r.removed ? -1 : 1));
    return model;
  }
}
