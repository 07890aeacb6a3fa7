import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isWorkday } from 'chinese-days';
import { passwordProblem } from '#directory';
import {
  chineseDate,
  demoData,
  demoReplayOrder,
  PROPOSAL_STATES,
  type DemoProposal,
  type DemoStep,
  type DemoUser,
  type ProposalState,
  type ReplyStep,
} from './demo-data.js';

const { sessions, units, proposers, users, proposals, now } = demoData;

const unitByCode = new Map(units.map((u) => [u.code, u]));
const proposerByKey = new Map(proposers.map((p) => [p.key, p]));
const userByName = new Map(users.map((u) => [u.username, u]));
const sessionByKey = new Map(sessions.map((s) => [s.key, s]));
const proposalByKey = new Map(proposals.map((p) => [p.key, p]));

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// --- calendar helpers (Asia/Shanghai dates as YYYY-MM-DD strings) -------------------------------

const day = (at: string): string => at.slice(0, 10);

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function nextWorkdayFrom(date: string): string {
  let d = date;
  while (!isWorkday(d)) d = shiftDays(d, 1);
  return d;
}

/** Civil Code month periods: the same day-number n months later (or the month's last day), moved off rest days. */
function monthsAfter(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return nextWorkdayFrom(target.toISOString().slice(0, 10));
}

/** The n-th working day after `date` (counting starts the next day). */
function workdaysAfter(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = shiftDays(d, 1);
    if (isWorkday(d)) left -= 1;
  }
  return d;
}

// --- a replay of every step against the lifecycle of docs/design.md -----------------------------

interface SimAssignment {
  role: 'lead' | 'co' | 'separate';
  state: 'assigned' | 'accepted' | 'replied' | 'opinion_submitted';
  acceptedOn?: string;
}

interface Sim {
  state: ProposalState | null;
  assignments: Map<string, SimAssignment>;
  assignedOn?: string;
  /** The day the current reply round started: assignment, or the unsatisfied rating. */
  roundStart?: { on: string; months: number };
  repliedOn?: string;
  anyPublic: boolean;
  published: boolean;
  /** 联名: each invitee's state. */
  invitations: Map<string, 'pending' | 'confirmed' | 'declined'>;
}

/** 确认联名 / 谢绝联名: a pending invitation, before filing. */
function coSign(sim: Sim, step: Extract<DemoStep, { action: 'co_sign' }>, fail: (m: string) => void): void {
  if (sim.invitations.get(step.proposerKey) !== 'pending') fail(`${step.proposerKey} has no pending invitation`);
  if (sim.state !== 'submitted' && sim.state !== 'returned') fail(`cannot answer while ${sim.state}`);
  sim.invitations.set(step.proposerKey, step.answer === 'confirm' ? 'confirmed' : 'declined');
}

interface Replay {
  sims: Map<string, Sim>;
  errors: string[];
}

function canAct(user: DemoUser, proposal: DemoProposal, roles: DemoUser['role'][], ownProposer = false): boolean {
  if (roles.includes(user.role)) return true;
  return ownProposer && user.role === 'proposer' && user.proposerKey === proposal.leadProposerKey;
}

function replay(): Replay {
  const sims = new Map<string, Sim>(
    proposals.map((p) => [p.key, { state: null, assignments: new Map(), anyPublic: false, published: false, invitations: new Map() }]),
  );
  const errors: string[] = [];

  for (const { proposalKey, step } of demoReplayOrder()) {
    const proposal = proposalByKey.get(proposalKey)!;
    const sim = sims.get(proposalKey)!;
    const fail = (message: string): void => {
      errors.push(`${proposalKey} ${step.action} at ${step.at}: ${message}`);
    };
    // 联名 through the mail's signed link: the invitee, without an account.
    if (step.action === 'co_sign' && step.by === 'link') {
      coSign(sim, step, fail);
      continue;
    }
    const user = userByName.get(step.by);
    if (!user) {
      fail(`no user ${step.by}`);
      continue;
    }
    const on = day(step.at);
    const unitStep = (s: DemoStep & { unitCode: string }): SimAssignment | undefined => {
      if (user.role !== 'unit' || user.unitCode !== s.unitCode) fail(`${user.username} does not act for unit ${s.unitCode}`);
      const assignment = sim.assignments.get(s.unitCode);
      if (!assignment) fail(`unit ${s.unitCode} has no assignment`);
      return assignment;
    };

    switch (step.action) {
      case 'submit': {
        if (!canAct(user, proposal, ['admin', 'committee'], true)) fail(`${user.username} may not submit`);
        if (sim.state !== null) fail(`already ${sim.state}`);
        const session = sessionByKey.get(proposal.sessionKey)!;
        if (on < session.openedOn || Number(on.slice(0, 4)) !== session.year) fail(`submitted outside ${session.name}'s year`);
        sim.state = 'submitted';
        break;
      }
      case 'resubmit':
        if (!canAct(user, proposal, ['admin', 'committee'], true)) fail(`${user.username} may not resubmit`);
        if (sim.state !== 'returned') fail(`cannot resubmit from ${sim.state}`);
        sim.state = 'submitted';
        break;
      case 'withdraw':
        if (!canAct(user, proposal, ['admin', 'committee'], true)) fail(`${user.username} may not withdraw`);
        if (sim.state !== 'submitted' && sim.state !== 'returned') fail(`cannot withdraw from ${sim.state}`);
        sim.state = 'withdrawn';
        break;
      case 'review': {
        if (!canAct(user, proposal, ['admin', 'committee'])) fail(`${user.username} may not review`);
        if (sim.state !== 'submitted') fail(`cannot review from ${sim.state}`);
        if (step.decision !== 'file' && step.decision !== 'merge' && !step.reason?.trim()) fail(`${step.decision} needs a reason`);
        if (step.decision === 'merge') {
          const target = step.mergeIntoKey ? proposalByKey.get(step.mergeIntoKey) : undefined;
          const targetState = step.mergeIntoKey ? sims.get(step.mergeIntoKey)?.state : undefined;
          if (!target || target.key === proposal.key || target.sessionKey !== proposal.sessionKey) fail('bad merge target');
          else if (!['submitted', 'filed', 'assigned', 'handling'].includes(targetState ?? '')) fail(`cannot merge into a ${targetState} proposal`);
        } else if (step.mergeIntoKey) fail('mergeIntoKey without merge');
        const next: Record<typeof step.decision, ProposalState> = {
          file: 'filed', not_file: 'not_filed', merge: 'merged', convert: 'converted', return: 'returned',
        };
        sim.state = next[step.decision];
        break;
      }
      case 'assign': {
        if (!canAct(user, proposal, ['admin', 'committee', 'supervisor'])) fail(`${user.username} may not assign`);
        if (sim.state !== 'filed') fail(`cannot assign from ${sim.state}`);
        const lead = step.leadUnitCode ? [step.leadUnitCode] : [];
        const co = step.coUnitCodes ?? [];
        const separate = step.separateUnitCodes ?? [];
        const all = [...lead, ...co, ...separate];
        if (lead.length + separate.length === 0) fail('needs a lead or a separate unit');
        if (co.length > 0 && lead.length === 0) fail('co-handlers need a lead unit');
        if (new Set(all).size !== all.length) fail('a unit may have only one role');
        for (const code of all) if (unitByCode.get(code)?.kind !== 'department') fail(`${code} is not a department`);
        if (step.key && !step.leaderName?.trim()) fail('a key proposal needs a leaderName');
        if (!step.key && step.leaderName) fail('leaderName without key');
        for (const code of lead) sim.assignments.set(code, { role: 'lead', state: 'assigned' });
        for (const code of co) sim.assignments.set(code, { role: 'co', state: 'assigned' });
        for (const code of separate) sim.assignments.set(code, { role: 'separate', state: 'assigned' });
        sim.assignedOn = on;
        sim.roundStart = { on, months: 3 };
        sim.state = 'assigned';
        break;
      }
      case 'accept': {
        const a = unitStep(step);
        if (!a) break;
        if (a.state !== 'assigned') fail(`assignment already ${a.state}`);
        a.state = 'accepted';
        a.acceptedOn = on;
        if (a.role !== 'co' && sim.state === 'assigned') sim.state = 'handling';
        break;
      }
      case 'communicate': {
        const a = unitStep(step);
        if (!a) break;
        if (a.state === 'assigned') fail('communication before accepting');
        if (!DATE.test(step.happenedOn) || step.happenedOn > on) fail(`happenedOn ${step.happenedOn} after the step`);
        if (a.acceptedOn && step.happenedOn < a.acceptedOn) fail('happenedOn before the acceptance');
        if (!step.summary.trim()) fail('empty summary');
        break;
      }
      case 'opinion': {
        const a = unitStep(step);
        if (!a) break;
        if (a.role !== 'co' || a.state !== 'accepted') fail(`a ${a.role} assignment in state ${a.state} cannot give an opinion`);
        if (on > monthsAfter(sim.assignedOn!, 1)) fail('co-handler opinion after its 1-month deadline');
        a.state = 'opinion_submitted';
        break;
      }
      case 'reply': {
        const a = unitStep(step);
        if (!a) break;
        if (a.role === 'co' || a.state !== 'accepted') fail(`a ${a.role} assignment in state ${a.state} cannot reply`);
        if (sim.state !== 'handling' && sim.state !== 'rehandling') fail(`cannot reply while ${sim.state}`);
        const due = monthsAfter(sim.roundStart!.on, sim.roundStart!.months);
        if (on > due) fail(`reply on ${on} after its deadline ${due}`);
        checkReplyText(proposal, step, fail);
        a.state = 'replied';
        if (step.public) sim.anyPublic = true;
        const pending = [...sim.assignments.values()].filter((x) => x.role !== 'co' && x.state !== 'replied');
        if (pending.length === 0) {
          sim.state = 'replied';
          sim.repliedOn = on;
        }
        break;
      }
      case 'feedback': {
        if (!canAct(user, proposal, ['admin', 'committee'], true)) fail(`${user.username} may not rate`);
        if (sim.state !== 'replied') fail(`cannot rate while ${sim.state}`);
        if (sim.repliedOn && on > workdaysAfter(sim.repliedOn, 20)) fail('rated after the 20 working days for feedback');
        if (step.rating === 'unsatisfied') {
          sim.state = 'rehandling';
          sim.roundStart = { on, months: 1 };
          for (const x of sim.assignments.values()) if (x.role !== 'co' && x.state === 'replied') x.state = 'accepted';
        } else {
          sim.state = 'closed';
        }
        break;
      }
      case 'invite':
        // 邀请联名: the lead proposer themself, before filing, members of the same body, each once.
        if (!(user.role === 'proposer' && user.proposerKey === proposal.leadProposerKey)) fail(`${user.username} is not the lead proposer`);
        if (sim.state !== 'submitted' && sim.state !== 'returned') fail(`cannot invite while ${sim.state}`);
        for (const key of step.proposerKeys) {
          const p = proposerByKey.get(key);
          if (!p || p.kind !== 'member' || (p.body ?? 'cppcc') !== (proposerByKey.get(proposal.leadProposerKey)!.body ?? 'cppcc')) fail(`${key} cannot co-sign`);
          if (key === proposal.leadProposerKey || sim.invitations.has(key)) fail(`${key} cannot be invited`);
          sim.invitations.set(key, 'pending');
        }
        break;
      case 'co_sign':
        if (!(user.role === 'proposer' && user.proposerKey === step.proposerKey)) fail(`${user.username} does not answer for ${step.proposerKey}`);
        coSign(sim, step, fail);
        break;
      case 'publish':
        if (!canAct(user, proposal, ['admin', 'committee'])) fail(`${user.username} may not publish`);
        if (sim.state !== 'replied' && sim.state !== 'closed') fail(`cannot publish while ${sim.state}`);
        if (sim.published) fail('already published');
        if (!sim.anyPublic) fail('no public reply');
        if (sim.repliedOn && on > workdaysAfter(sim.repliedOn, 20)) fail('published after the 20 working days for publication');
        sim.published = true;
        break;
    }
  }
  return { sims, errors };
}

function checkReplyText(proposal: DemoProposal, step: ReplyStep, fail: (message: string) => void): void {
  const unit = unitByCode.get(step.unitCode)!;
  const session = sessionByKey.get(proposal.sessionKey)!;
  if (step.signedBy !== unit.name) fail(`signed by ${step.signedBy}, not ${unit.name}`);
  if (step.contactName !== unit.contactName || step.contactPhone !== unit.contactPhone) fail('contact is not the unit contact');
  if (!step.content.startsWith(`对${session.name}\n\n第${proposal.number}号`)) fail('reply heading does not name the session and number');
  if (!step.content.endsWith(`\n\n${chineseDate(step.at)}`)) fail('reply does not end with its date line');
}

const replayed = replay();

// --- tests ---------------------------------------------------------------------------------------

describe('demo data: directory', () => {
  it('has the four sessions, unique and opened in January of their year', () => {
    expect(new Set(sessions.map((s) => s.key)).size).toBe(sessions.length);
    expect(new Set(sessions.map((s) => `${s.body}-${s.term}-${s.meeting}`)).size).toBe(sessions.length);
    expect(sessions.find((s) => s.key === 'cppcc-10-2')).toEqual({
      key: 'cppcc-10-2', name: '市政协十届二次会议', body: 'cppcc', term: 10, meeting: 2, year: 2024, openedOn: expect.stringMatching(/^2024-01-1\d$/),
    });
    expect(sessions.find((s) => s.key === 'cppcc-10-3')).toMatchObject({ name: '市政协十届三次会议', body: 'cppcc', term: 10, meeting: 3, year: 2025 });
    expect(sessions.find((s) => s.key === 'npc-11-3')).toMatchObject({ name: '市十一届人大三次会议', body: 'npc', term: 11, meeting: 3, year: 2025 });
    expect(sessions.find((s) => s.key === 'cppcc-10-4')).toMatchObject({ name: '市政协十届四次会议', body: 'cppcc', term: 10, meeting: 4, year: 2026 });
    for (const s of sessions) {
      expect(s.openedOn).toMatch(new RegExp(`^${s.year}-01-\\d{2}$`));
      expect(isWorkday(s.openedOn)).toBe(true);
      expect(s.name).toContain(s.body === 'cppcc' ? '政协' : '人大');
    }
  });

  it('has the committee, the supervision office, the seed unit and about twenty departments', () => {
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
    expect(new Set(units.map((u) => u.name)).size).toBe(units.length);
    expect(new Set(units.map((u) => u.email)).size).toBe(units.length);
    expect(units.filter((u) => u.kind === 'committee').map((u) => [u.code, u.name])).toEqual([['tianwei', '市政协提案委员会']]);
    expect(units.filter((u) => u.kind === 'supervision').map((u) => [u.code, u.name])).toEqual([['duchashi', '市政府督查室']]);
    expect(unitByCode.get('duchashi')!.headEmail).toMatch(/@/);
    expect(unitByCode.get('xzsp')).toMatchObject({ name: '市行政审批和政务信息管理局', kind: 'department', contactName: '王', contactPhone: '2580162' });
    const departments = units.filter((u) => u.kind === 'department').map((u) => u.name);
    expect(departments.length).toBeGreaterThanOrEqual(20);
    for (const name of [
      '市发展和改革委员会', '市教育局', '市公安局', '市民政局', '市财政局', '市人力资源和社会保障局', '市自然资源和规划局',
      '市生态环境局', '市住房和城乡建设局', '市城市管理局', '市交通运输局', '市水利局', '市农业农村局', '市商务局',
      '市文化广电和旅游局', '市卫生健康委员会', '市应急管理局', '市市场监督管理局', '市医疗保障局', '市工业和信息化局',
      '市科学技术局', '市退役军人事务局',
    ]) {
      expect(departments).toContain(name);
    }
    for (const u of units) {
      expect(u.code).toMatch(/^[a-z]+$/);
      expect(u.email).toMatch(/^[a-z.]+@pds\.example\.gov\.cn$/);
      expect(u.headEmail).toMatch(/^[a-z.]+@pds\.example\.gov\.cn$/);
      expect(u.headName.length).toBeGreaterThanOrEqual(2);
      expect(u.contactName.length).toBeGreaterThanOrEqual(1);
      if (u.code !== 'xzsp') expect(u.contactPhone).toMatch(/^0375-\d{7}$/);
    }
  });

  it('has 陈刚正 and about ten invented members and groups', () => {
    expect(new Set(proposers.map((p) => p.key)).size).toBe(proposers.length);
    expect(new Set(proposers.map((p) => p.name)).size).toBe(proposers.length);
    expect(proposerByKey.get('chengangzheng')).toMatchObject({ name: '陈刚正', kind: 'member', sector: '经济界' });
    expect(proposers.length).toBeGreaterThanOrEqual(11);
    expect(proposers.some((p) => p.kind === 'group' && p.name === '民盟平顶山市委')).toBe(true);
    for (const p of proposers) {
      expect(p.email).toMatch(/^[a-z]+@[a-z.]+\.example\.gov\.cn$/);
      expect(p.phone).toMatch(/^0375-\d{7}$/);
      expect(p.sector).not.toBe('');
    }
  });

  it('has one user per role, bound to existing units and proposers, with demo passwords', async () => {
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['admin', 'committee', 'supervisor', 'unit', 'proposer']));
    expect(userByName.get('admin')).toMatchObject({ role: 'admin', password: 'demo-guanliyuan-2024' });
    expect(userByName.get('tianwei')).toMatchObject({ role: 'committee' });
    expect(userByName.get('duchashi')).toMatchObject({ role: 'supervisor' });
    expect(userByName.get('xzsp')).toMatchObject({ role: 'unit', unitCode: 'xzsp' });
    expect(userByName.get('jiaoyu')).toMatchObject({ role: 'unit', unitCode: 'jiaoyu' });
    expect(userByName.get('chengangzheng')).toMatchObject({ role: 'proposer', proposerKey: 'chengangzheng' });
    for (const u of users) {
      expect(await passwordProblem(u.password, u.username)).toBeNull();
      expect(u.email).toMatch(/\.example\.gov\.cn$/);
      if (u.role === 'unit') expect(unitByCode.get(u.unitCode!)?.kind).toBe('department');
      else expect(u.unitCode).toBeUndefined();
      if (u.role === 'proposer') expect(proposerByKey.has(u.proposerKey!)).toBe(true);
      else expect(u.proposerKey).toBeUndefined();
    }
  });
});

describe('demo data: proposals', () => {
  it('have unique keys and unique numbers per session, and refer to existing sessions and proposers', () => {
    expect(new Set(proposals.map((p) => p.key)).size).toBe(proposals.length);
    const numbers = proposals.filter((p) => p.number !== undefined).map((p) => `${p.sessionKey}#${p.number}`);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const p of proposals) {
      expect(sessionByKey.has(p.sessionKey)).toBe(true);
      expect(proposerByKey.has(p.leadProposerKey)).toBe(true);
      for (const co of p.coProposerKeys ?? []) {
        expect(proposerByKey.has(co)).toBe(true);
        expect(co).not.toBe(p.leadProposerKey);
      }
      expect(p.title.trim()).toBe(p.title);
      expect(p.category).not.toBe('');
      // Numbered exactly when filed: the loader passes the number, so filing never has to invent one.
      const filed = p.steps.some((s) => s.action === 'review' && s.decision === 'file');
      expect([p.key, p.number !== undefined]).toEqual([p.key, filed]);
    }
  });

  it('have contents in clean paragraphs', () => {
    for (const p of proposals) {
      const paragraphs = p.content.split('\n\n');
      expect([p.key, paragraphs.length >= 2]).toEqual([p.key, true]);
      for (const para of paragraphs) {
        expect(para).toBe(para.trim());
        expect(para).not.toBe('');
        expect(para).not.toContain('\n');
      }
    }
  });

  it('cover every proposal state of the design, with a dozen proposals besides No. 196', () => {
    const states = new Set(proposals.map((p) => p.targetState));
    for (const state of PROPOSAL_STATES) expect([state, states.has(state)]).toEqual([state, true]);
    expect(proposals.length - 1).toBeGreaterThanOrEqual(12);
    const businessEnvironment = proposals.filter((p) => p.number !== 196 && /营商环境/.test(p.title + p.content));
    expect(businessEnvironment.length).toBeGreaterThanOrEqual(2);
    const assigns = proposals.flatMap((p) => p.steps).filter((s) => s.action === 'assign');
    expect(assigns.some((s) => s.leadUnitCode && s.coUnitCodes?.length === 2)).toBe(true);
    expect(assigns.some((s) => s.key && s.leaderName)).toBe(true);
    expect(assigns.some((s) => (s.separateUnitCodes?.length ?? 0) > 0)).toBe(true);
    const actions = new Set(proposals.flatMap((p) => p.steps.map((s) => s.action)));
    for (const action of ['submit', 'review', 'assign', 'accept', 'communicate', 'opinion', 'reply', 'feedback', 'publish', 'withdraw', 'resubmit', 'invite', 'co_sign']) {
      expect([action, actions.has(action as DemoStep['action'])]).toEqual([action, true]);
    }
  });

  it('have well-formed steps in time order, all before the demo now', () => {
    expect(now).toMatch(TIMESTAMP);
    for (const p of proposals) {
      expect(p.steps[0]?.action).toBe('submit');
      expect(p.steps.filter((s) => s.action === 'submit')).toHaveLength(1);
      let previous = 0;
      for (const s of p.steps) {
        expect([p.key, s.at]).toEqual([p.key, expect.stringMatching(TIMESTAMP)]);
        const t = Date.parse(s.at);
        expect([p.key, s.at, t > previous]).toEqual([p.key, s.at, true]);
        expect(t).toBeLessThan(Date.parse(now));
        previous = t;
      }
    }
  });

  it('have staff act on working days, in office hours', () => {
    const offDays: string[] = [];
    for (const p of proposals) {
      for (const s of p.steps) {
        if (userByName.get(s.by)?.role === 'proposer' || s.by === 'link') continue;
        const hour = Number(s.at.slice(11, 13));
        if (!isWorkday(day(s.at)) || hour < 8 || hour > 18) offDays.push(`${p.key} ${s.action} ${s.at}`);
      }
    }
    expect(offDays).toEqual([]);
  });

  it('replay through the lifecycle (roles, own units, order, deadlines) to their target states', () => {
    expect(replayed.errors).toEqual([]);
    for (const p of proposals) expect([p.key, replayed.sims.get(p.key)!.state]).toEqual([p.key, p.targetState]);
  });

  it('hold a joint proposal (联名): co-signers who confirmed (in the app and by link), one who declined, one not answered', () => {
    const joint = proposals.filter((p) => p.steps.some((s) => s.action === 'invite'));
    expect(joint.map((p) => [p.key, p.targetState])).toEqual([['cppcc-10-4-xiangcun-lvyou', 'submitted']]);
    expect(Object.fromEntries(replayed.sims.get(joint[0]!.key)!.invitations)).toEqual({ lixiulan: 'confirmed', zhaomin: 'confirmed', zhangweidong: 'declined', liujianguo: 'pending' });
  });

  it('leave closed public replies published', () => {
    for (const p of proposals) {
      const sim = replayed.sims.get(p.key)!;
      if (p.targetState === 'closed' && sim.anyPublic) expect([p.key, sim.published]).toEqual([p.key, true]);
    }
  });

  it('show 2025 open items overdue and 2026 open items due soon on the demo now', () => {
    const today = day(now);
    for (const p of proposals) {
      const sim = replayed.sims.get(p.key)!;
      const year = sessionByKey.get(p.sessionKey)!.year;
      if (p.targetState === 'assigned' || p.targetState === 'handling' || p.targetState === 'rehandling') {
        const due = monthsAfter(sim.roundStart!.on, sim.roundStart!.months);
        if (year === 2025) expect([p.key, due < today]).toEqual([p.key, true]);
        else expect([p.key, due > today && due <= '2027-01-31']).toEqual([p.key, true]);
      }
      if (p.targetState === 'replied') {
        // Otherwise the feedback deadline would already have closed it as "no feedback".
        expect([p.key, workdaysAfter(sim.repliedOn!, 20) > today]).toEqual([p.key, true]);
      }
    }
    const open2026 = proposals.filter((p) => sessionByKey.get(p.sessionKey)!.year === 2026 && ['assigned', 'handling'].includes(p.targetState));
    for (const p of open2026) {
      const assign = p.steps.find((s) => s.action === 'assign')!;
      expect([p.key, day(assign.at) >= '2026-09-01' && day(assign.at) <= '2026-10-31']).toEqual([p.key, true]);
    }
  });
});

describe('demo data: 市政协十届二次会议第196号提案 as the seed records it', () => {
  const p = proposals.find((x) => x.sessionKey === 'cppcc-10-2' && x.number === 196)!;
  const record = p.record!;
  const stepDay = (action: DemoStep['action']): string => day(p.steps.find((s) => s.action === action)!.at);
  const replyStep = p.steps.find((s): s is ReplyStep => s.action === 'reply')!;

  it('has the seed proposal', () => {
    expect(p).toMatchObject({
      title: '以营商环境为主线强力推进我市数字政府建设',
      leadProposerKey: 'chengangzheng',
      category: '经济建设',
      targetState: 'closed',
    });
    expect(p.content).toContain('成立高规格的数字化政府领导小组');
    expect(p.content.startsWith('运用数字技术驱动政府服务创新')).toBe(true);
    expect(p.content.endsWith('为全面推进我市经济社会发展提供坚实支撑。')).toBe(true);
    expect(p.content.split('\n\n')).toHaveLength(11);
    expect(p.steps.find((s) => s.action === 'assign')).toMatchObject({ leadUnitCode: 'xzsp' });
  });

  it('has the seed reply', () => {
    expect(record.reply.content).toContain('2024年6月26日');
    expect(record.reply.content.startsWith('对市政协十届二次会议\n\n第196号提案的答复\n\n陈刚正委员:\n\n')).toBe(true);
    expect(record.reply.content.endsWith('\n\n2024年6月26日')).toBe(true);
    for (const heading of ['一、关于您提出的', '二、关于您提出的', '三、关于您提出的', '四、关于您提出的', '五、关于您提出的']) {
      expect(record.reply.content).toContain(heading);
    }
    expect(record).toMatchObject({
      handlingResult: '已办结',
      reply: {
        date: '2024-06-26',
        signedBy: '市行政审批和政务信息管理局',
        contactUnit: '平顶山市行政审批和政务信息管理局(原平顶山市政务服务和大数据管理局)',
        contactName: '王',
        contactPhone: '2580162',
        cc: '市政府督查室(1份)',
        resultCategory: 'A',
        public: true,
      },
      publication: { indexNo: 'szwfwhdsjglj/2024-00001', publishedOn: '2024-07-19' },
      feedback: { rating: 'satisfied' },
    });
    expect(replyStep).toMatchObject({
      unitCode: 'xzsp',
      by: 'xzsp',
      content: record.reply.content,
      resultCategory: 'A',
      signedBy: record.reply.signedBy,
      contactName: '王',
      contactPhone: '2580162',
      public: true,
    });
  });

  it('has steps on the dates of its timeline, with the reply due on the day it was given', () => {
    const t = record.timeline;
    expect(t.replied).toBe('2024-06-26');
    expect(t.published).toBe('2024-07-19');
    expect(t.assigned).toBe('2024-03-26');
    expect(monthsAfter(t.assigned, 3)).toBe('2024-06-26');
    expect(t.submitted < t.filed && t.filed.startsWith('2024-01') && t.submitted.startsWith('2024-01')).toBe(true);
    expect(stepDay('submit')).toBe(t.submitted);
    expect(stepDay('review')).toBe(t.filed);
    expect(stepDay('assign')).toBe(t.assigned);
    expect(stepDay('accept')).toBe(t.accepted);
    expect(stepDay('communicate')).toBe(t.communication.happenedOn);
    expect(stepDay('reply')).toBe(t.replied);
    expect(stepDay('feedback')).toBe(t.rated);
    expect(t.closed).toBe(t.rated);
    expect(stepDay('publish')).toBe(t.published);
    expect(p.steps.find((s) => s.action === 'publish')).toMatchObject({ publicationIndex: 'szwfwhdsjglj/2024-00001' });
    expect(p.steps.find((s) => s.action === 'feedback')).toMatchObject({ rating: 'satisfied', by: 'chengangzheng' });
  });

  // No. 196's public record, kept in the repository as a fixture (test/fixtures/no196/README.md).
  const seedFile = fileURLToPath(new URL('../../../../test/fixtures/no196/no196-seed.txt', import.meta.url));
  it('copies the content and the reply verbatim from the seed file', () => {
    const seed = readFileSync(seedFile, 'utf8');
    const clean = (text: string): string =>
      text
        .split('\n')
        .map((line) => line.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, ''))
        .filter((line) => line !== '')
        .join('\n\n');
    const content = seed.split('提案内容\n')[1].split('\n承办单位\n')[0];
    const answer = '对市政协十届二次会议' + seed.split('答复内容\n')[1].split('对市政协十届二次会议')[1].split('联系单位及电话')[0];
    expect(p.content).toBe(clean(content));
    expect(record.reply.content).toBe(clean(answer));
    expect(seed).toContain(`联系单位及电话:${record.reply.contactUnit};${record.reply.contactPhone}`);
    expect(seed).toContain(`联系人:${record.reply.contactName}`);
    expect(seed).toContain(`抄送:${record.reply.cc}`);
    expect(seed).toContain(record.publication.indexNo);
    expect(seed).toContain(`发布日期:${record.publication.publishedOn}`);
    expect(seed).toContain(`主办:${unitByCode.get('xzsp')!.name}`);
    expect(seed).toContain(`${sessionByKey.get(p.sessionKey)!.name}第${p.number}号提案`);
  });
});
