import { addressProposers, cleanCc, mergePerAddress, stageAddressees, unitsOfKind, type ContactUnit } from './recipients.js';

const unit = (code: string, kind: ContactUnit['kind'], extra: Partial<ContactUnit> = {}): ContactUnit => ({
  id: `id-${code}`,
  code,
  name: `单位${code}`,
  kind,
  email: `${code}@pds.example.gov.cn`,
  headName: `${code}负责人`,
  headEmail: `${code}.head@pds.example.gov.cn`,
  contactName: null,
  contactPhone: null,
  active: true,
  ...extra,
});

const xzsp = unit('xzsp', 'department');
const fagai = unit('fagai', 'department');
const units = [
  unit('tianwei', 'committee'),
  unit('duchashi', 'supervision'),
  unit('duchashi2', 'supervision', { headEmail: null }),
  unit('old', 'supervision', { active: false }),
  xzsp,
  fagai,
];
const base = {
  unit: fagai,
  assignmentId: 'a-co',
  lead: { assignmentId: 'a-lead', unit: xzsp },
  leadProposer: { id: 'p1', name: '陈刚正', kind: 'member' as const, email: 'chengangzheng@example.com' },
  units,
};

describe('stageAddressees', () => {
  it('finds the unit, its head and the lead unit of a deadline', () => {
    const found = stageAddressees({ ...base, notify: ['unit', 'unit_head', 'lead_unit'] });
    expect(found.map((a) => [a.key, a.email])).toEqual([
      ['unit:a-co', 'fagai@pds.example.gov.cn'],
      ['unit_head:id-fagai', 'fagai.head@pds.example.gov.cn'],
      ['lead_unit:a-lead', 'xzsp@pds.example.gov.cn'],
    ]);
  });

  it('finds every active supervision unit, and their heads for the supervision leader', () => {
    expect(stageAddressees({ ...base, notify: ['supervision'] }).map((a) => a.email)).toEqual(['duchashi@pds.example.gov.cn', 'duchashi2@pds.example.gov.cn']);
    const leaders = stageAddressees({ ...base, notify: ['supervision_leader'] });
    expect(leaders.map((a) => [a.key, a.email])).toEqual([
      ['supervision_leader:id-duchashi', 'duchashi.head@pds.example.gov.cn'],
      ['supervision_leader:id-duchashi2', null],
    ]);
  });

  it('finds the lead proposer and the committee', () => {
    expect(stageAddressees({ ...base, notify: ['proposer', 'committee'] }).map((a) => [a.key, a.email])).toEqual([
      ['proposer:p1', 'chengangzheng@example.com'],
      ['committee:id-tianwei', 'tianwei@pds.example.gov.cn'],
    ]);
  });

  it('returns an unreachable recipient with no email, so that it is logged', () => {
    const found = stageAddressees({ ...base, unit: null, assignmentId: null, lead: null, leadProposer: null, notify: ['unit', 'lead_unit', 'proposer'] });
    expect(found.map((a) => a.email)).toEqual([null, null, null]);
  });

  it('names each recipient once', () => {
    expect(stageAddressees({ ...base, notify: ['unit', 'unit'] })).toHaveLength(1);
  });
});

describe('helpers', () => {
  it('unitsOfKind keeps the active units of a kind in code order', () => {
    expect(unitsOfKind(units, 'supervision').map((u) => u.code)).toEqual(['duchashi', 'duchashi2']);
  });

  it('cleanCc drops blanks, duplicates and the recipient', () => {
    expect(cleanCc('a@x.cn', ['A@x.cn', 'b@x.cn', ' ', null, 'B@X.cn', 'c@x.cn'])).toEqual(['b@x.cn', 'c@x.cn']);
  });

  it('addresses proposers as the letters do', () => {
    expect(addressProposers([{ name: '陈刚正', kind: 'member' }], false)).toBe('陈刚正委员');
    expect(addressProposers([{ name: '孙志强', kind: 'member' }], true)).toBe('孙志强代表');
    expect(addressProposers([{ name: '民盟平顶山市委', kind: 'group' }, { name: '李明', kind: 'member' }], false)).toBe('民盟平顶山市委、李明委员');
  });
});

describe('mergePerAddress: one event reaches one address once', () => {
  const mail = (to: string, cc: string[], type: string, subject: string, text: string, key: string) => ({ key, to, cc, type, subject, text });
  const office = 'duchashi@pds.example.gov.cn';

  it("drops the office from the unit's cc when it has its own mail of the event (营商环境 超期预警)", () => {
    const merged = mergePerAddress([
      mail('xzsp@pds.example.gov.cn', [office], 'overdue_alert', '【超期预警】第11号', '致承办单位', 'unit:a1'),
      mail(office, [], 'overdue_alert', '【超期预警】第11号', '致督查室', 'supervision:s1'),
    ]);
    expect(merged.map((m) => [m.key, m.to, m.cc])).toEqual([['unit:a1', 'xzsp@pds.example.gov.cn', []], ['supervision:s1', office, []]]);
  });

  it('sends one of two identical mails to one address (any case), merging their cc', () => {
    const merged = mergePerAddress([
      mail(office, ['a@x.cn'], 'escalation', '【升级督办】', '同一封', 'supervision:s1'),
      mail('DuChaShi@pds.example.gov.cn', ['b@x.cn', 'a@x.cn'], 'escalation', '【升级督办】', '同一封', 'supervision_leader:s1'),
    ]);
    expect(merged.map((m) => [m.key, m.cc])).toEqual([['supervision:s1', ['a@x.cn', 'b@x.cn']]]);
  });

  it('keeps mails to one address that say different things (two units’ reply letters), and mails of other templates', () => {
    const merged = mergePerAddress([
      mail('chen@example.com', [], 'reply_notice', '【答复告知】', '甲局的答复', 'proposer:p:r1'),
      mail('chen@example.com', [], 'reply_notice', '【答复告知】', '乙局的答复', 'proposer:p:r2'),
      mail('chen@example.com', [], 'extension_granted', '【答复告知】', '甲局的答复', 'x'),
    ]);
    expect(merged.map((m) => m.key)).toEqual(['proposer:p:r1', 'proposer:p:r2', 'x']);
  });

  it('leaves an office that is only copied in cc on every mail (交办通知 to two units)', () => {
    const merged = mergePerAddress([
      mail('xzsp@pds.example.gov.cn', [office], 'assignment_notice', '【交办通知】', '主办', 'unit:a1'),
      mail('jiaoyu@pds.example.gov.cn', [office], 'assignment_notice', '【交办通知】', '协办', 'unit:a2'),
    ]);
    expect(merged.map((m) => m.cc)).toEqual([[office], [office]]);
  });
});
