import { hash, verify } from '@node-rs/argon2';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { ProposerRow, SessionRow, UnitRow, UserRow } from '#persistence';
import { DEFAULT_UNIT_ROLE, UNIT_ROLES, validateRules, type UnitRole } from '#domain';
import { type Actor, type Role, requireRole, ConflictError, InvalidInputError, NotFoundError, UnauthenticatedError, type NotFoundEntity, type Page, type RulesProvider } from '#kernel';
import { passwordProblem } from './password-policy.js';

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(e: unknown): e is { detail?: string } {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === UNIQUE_VIOLATION;
}

/** Runs a write of a directory record; a duplicate (unique violation) becomes a 409 naming the field. */
export async function writeRecord<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) {
      // "Key (username)=(x)" or, for a case-insensitive index, "Key (lower(username))=(x)".
      const field = /\((?:lower\()?(\w+)\)?\)=/.exec(e.detail ?? '')?.[1] ?? 'id';
      throw new ConflictError(`${name} with this ${field} already exists`, field, 'DUPLICATE_RECORD');
    }
    throw e;
  }
}

/** Create/list/get/update for one kind of directory record, admin only; duplicates are 409 naming the field. */
class DirectoryRecords<T extends ObjectLiteral & { id: string }> {
  constructor(
    protected readonly ds: DataSource,
    private readonly target: EntityTarget<T>,
    private readonly name: NotFoundEntity,
    private readonly order: Record<string, 'ASC' | 'DESC'>,
    private readonly readers: Role[] = ['admin'],
  ) {}

  async list(actor: Actor, page = 1, pageSize = 100): Promise<Page<T>> {
    requireRole(actor, ...this.readers);
    const size = Math.min(500, Math.max(1, pageSize));
    const [items, total] = await this.ds.manager.findAndCount(this.target, { order: this.order as never, skip: (Math.max(1, page) - 1) * size, take: size });
    return { items, total, page: Math.max(1, page), pageSize: size };
  }

  async get(actor: Actor, id: string): Promise<T> {
    requireRole(actor, ...this.readers);
    const row = await this.ds.manager.findOneBy(this.target, { id } as never);
    if (!row) throw new NotFoundError(this.name, id);
    return row;
  }

  protected write(fn: () => Promise<T>): Promise<T> {
    return writeRecord(this.name, fn);
  }

  async create(actor: Actor, input: Partial<T>): Promise<T> {
    requireRole(actor, 'admin');
    return this.write(() => this.ds.manager.save(this.target, this.ds.manager.create(this.target, input as never)) as Promise<T>);
  }

  async update(actor: Actor, id: string, input: Partial<T>): Promise<T> {
    const row = await this.get(actor, id);
    requireRole(actor, 'admin');
    return this.write(() => this.ds.manager.save(this.target, { ...row, ...input }) as Promise<T>);
  }
}

export class Sessions extends DirectoryRecords<SessionRow> {
  constructor(ds: DataSource, private readonly rules: RulesProvider) {
    super(ds, SessionRow, 'session', { year: 'DESC', name: 'ASC' }, ['admin', 'committee', 'supervisor', 'unit', 'proposer']);
  }

  /** A session may override any time rule; the result must still be valid rules. */
  private checkOverride(input: Partial<SessionRow>): void {
    if (!input.rulesOverride) return;
    try {
      validateRules(this.rules.forOverride(input.rulesOverride).rules);
    } catch (e) {
      throw new InvalidInputError('rulesOverride', (e as Error).message);
    }
  }

  override create(actor: Actor, input: Partial<SessionRow>) {
    this.checkOverride(input);
    return super.create(actor, input);
  }

  /**
   * The session's own fields. Its rules override changes only through `UpdateSession` (PATCH
   * /api/v1/sessions/:id): a versioned, audited rules change that recomputes the running deadlines.
   */
  override update(actor: Actor, id: string, input: Partial<SessionRow>) {
    if (input.rulesOverride !== undefined) {
      throw new InvalidInputError('rulesOverride', 'changes through UpdateSession (PATCH /api/v1/sessions/:id), which versions it and recomputes the running deadlines');
    }
    return super.update(actor, id, input);
  }
}

export class Units extends DirectoryRecords<UnitRow> {
  constructor(ds: DataSource) {
    super(ds, UnitRow, 'unit', { kind: 'ASC', code: 'ASC' }, ['admin', 'committee', 'supervisor', 'unit']);
  }
}

export class Proposers extends DirectoryRecords<ProposerRow> {
  constructor(ds: DataSource) {
    super(ds, ProposerRow, 'proposer', { name: 'ASC' }, ['admin', 'committee', 'supervisor']);
  }
}

export interface UserInput {
  username?: string;
  password?: string;
  role?: Role;
  /** 姓名 */
  displayName?: string | null;
  /** 职务 */
  title?: string | null;
  email?: string | null;
  mobile?: string | null;
  unitId?: string | null;
  proposerId?: string | null;
  /** 本单位岗位 of a unit user (联络员 · 经办人 · 分管领导); a unit user given none is a liaison (domain DEFAULT_UNIT_ROLE). */
  unitRole?: UnitRole | null;
  active?: boolean;
}

/**
 * The post a user keeps after a change (domain sign-off.ts): a unit user the one given, else the one
 * they had, else the liaison; any other role none (users_unit_role_of_unit). A post without the unit
 * role is refused, naming `unitRole`.
 */
function unitRoleAfter(input: UserInput, current?: UserRow): UnitRole | null {
  const role = input.role ?? current?.role;
  if (role !== 'unit') {
    if (input.unitRole) throw new InvalidInputError('unitRole', 'only a unit user has a post in the unit (本单位岗位)');
    return null;
  }
  const given = input.unitRole ?? current?.unitRole ?? DEFAULT_UNIT_ROLE;
  if (!(UNIT_ROLES as readonly string[]).includes(given)) throw new InvalidInputError('unitRole', `must be one of ${UNIT_ROLES.join(', ')}`);
  return given;
}

/** Passwords are stored as argon2id hashes; the hash never leaves this class. */
export class Users extends DirectoryRecords<UserRow> {
  constructor(ds: DataSource) {
    super(ds, UserRow, 'user', { username: 'ASC' });
  }

  private async checkBinding(input: UserInput, current?: UserRow): Promise<void> {
    const role = input.role ?? current?.role;
    const unitId = input.unitId !== undefined ? input.unitId : current?.unitId;
    const proposerId = input.proposerId !== undefined ? input.proposerId : current?.proposerId;
    if (role === 'unit' && !unitId) throw new InvalidInputError('unitId', 'is required for a unit user');
    if (role === 'proposer' && !proposerId) throw new InvalidInputError('proposerId', 'is required for a proposer user');
    if (unitId && !(await this.ds.manager.existsBy(UnitRow, { id: unitId }))) throw new InvalidInputError('unitId', 'no such unit');
    if (proposerId && !(await this.ds.manager.existsBy(ProposerRow, { id: proposerId }))) throw new InvalidInputError('proposerId', 'no such proposer');
  }

  /** A new password is hashed only once it passes the password policy for the user's (new) username. */
  private async toRow(input: UserInput, current?: UserRow): Promise<Partial<UserRow>> {
    const { password, ...rest } = input;
    if (password !== undefined) await checkPassword('password', password, input.username ?? current?.username ?? '');
    return { ...rest, ...(password ? { passwordHash: await hash(password) } : {}) } as Partial<UserRow>;
  }

  override async create(actor: Actor, input: UserInput): Promise<UserRow> {
    requireRole(actor, 'admin');
    if (!input.password) throw new InvalidInputError('password', 'is required', 'FIELD_REQUIRED');
    await this.checkBinding(input);
    const saved = await super.create(actor, { unitId: null, proposerId: null, ...(await this.toRow(input)), unitRole: unitRoleAfter(input) });
    return this.get(actor, saved.id);
  }

  /**
   * A new password, a deactivation or a change of what a session token claims (username, role,
   * unit, proposer) bumps the user's token epoch: every token issued before stops working.
   */
  override async update(actor: Actor, id: string, input: UserInput): Promise<UserRow> {
    const current = await this.get(actor, id);
    await this.checkBinding(input, current);
    const claimed = (['username', 'role', 'unitId', 'proposerId'] as const).some((k) => input[k] !== undefined && input[k] !== current[k]);
    const endsSessions = !!input.password || (input.active === false && current.active) || claimed;
    await super.update(actor, id, { ...(await this.toRow(input, current)), unitRole: unitRoleAfter(input, current), ...(endsSessions ? { tokenEpoch: current.tokenEpoch + 1 } : {}) });
    return this.get(actor, id);
  }

  /**
   * Checks a login; the same error whether the user is unknown or the password wrong. Usernames
   * are unique regardless of case (users_username_lower_key), so `Admin` logs in as `admin`.
   */
  async authenticate(username: string, password: string): Promise<UserRow> {
    const user = await this.ds.manager
      .getRepository(UserRow)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username) AND u.active', { username })
      .getOne();
    if (!user || !(await verify(user.passwordHash, password).catch(() => false))) throw new UnauthenticatedError('Wrong username or password');
    return user;
  }

  /**
   * Creates the first admin from the environment when there is none (DUBAN_ADMIN_USERNAME/PASSWORD);
   * a password the policy refuses stops the start, naming the variable.
   */
  async ensureAdmin(username: string, password: string): Promise<boolean> {
    if (await this.ds.manager.existsBy(UserRow, { role: 'admin' })) return false;
    await checkPassword('DUBAN_ADMIN_PASSWORD', password, username);
    await this.ds.manager.save(UserRow, this.ds.manager.create(UserRow, { username, role: 'admin', passwordHash: await hash(password), unitId: null, proposerId: null }));
    return true;
  }
}

async function checkPassword(field: string, password: string, username: string): Promise<void> {
  const problem = typeof password === 'string' ? await passwordProblem(password, username) : 'must be a string';
  if (problem) throw new InvalidInputError(field, problem);
}

export function userView(u: UserRow) {
  return { id: u.id, username: u.username, displayName: u.displayName, title: u.title, role: u.role, unitRole: u.unitRole, email: u.email, mobile: u.mobile, unitId: u.unitId, proposerId: u.proposerId, active: u.active };
}
