import type { TestApi } from './api.js';
import { ADMIN } from './accounts.js';

export const PASSWORD = 'password-for-tests';

export interface Directory {
  adminToken: string;
  sessionId: string;
  units: Record<'committee' | 'supervision' | 'xzsp' | 'jiaoyu' | 'fagai', string>;
  proposerId: string;
  otherProposerId: string;
  tokens: Record<'committee' | 'supervisor' | 'xzsp' | 'jiaoyu' | 'proposer' | 'otherProposer', string>;
}

/** The people and units of the No. 196 case, created through the admin API. */
export async function createDirectory(api: TestApi): Promise<Directory> {
  const adminToken = await api.login(ADMIN.username, ADMIN.password);
  const admin = api.as(adminToken);
  const ok = async (res: Promise<{ status: number; body: any }> | any) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const session = await ok(admin.post('/api/v1/sessions', { name: '市政协十届二次会议', body: 'cppcc', term: 10, meeting: 2, year: 2024, openedOn: '2024-01-15' }));
  const unit = (code: string, name: string, kind = 'department') =>
    ok(admin.post('/api/v1/units', {
      code, name, kind, email: `${code}@pds.example.gov.cn`, headName: `${name}负责人`, headEmail: `${code}-head@pds.example.gov.cn`,
      contactName: '王', contactPhone: '2580162',
    }));
  const committee = await unit('tianwei', '市政协提案委员会', 'committee');
  const supervision = await unit('duchashi', '市政府督查室', 'supervision');
  const xzsp = await unit('xzsp', '市行政审批和政务信息管理局');
  const jiaoyu = await unit('jiaoyu', '市教育局');
  const fagai = await unit('fagai', '市发展和改革委员会');
  const proposer = await ok(admin.post('/api/v1/proposers', { name: '陈刚正', kind: 'member', sector: '经济界', email: 'chengangzheng@example.com' }));
  const other = await ok(admin.post('/api/v1/proposers', { name: '李明', kind: 'member', sector: '教育界', email: 'liming@example.com' }));
  const user = async (username: string, role: string, extra: object = {}) => {
    await ok(admin.post('/api/v1/users', { username, password: PASSWORD, role, email: `${username}@example.com`, ...extra }));
    return api.login(username, PASSWORD);
  };
  return {
    adminToken,
    sessionId: session.id,
    units: { committee: committee.id, supervision: supervision.id, xzsp: xzsp.id, jiaoyu: jiaoyu.id, fagai: fagai.id },
    proposerId: proposer.id,
    otherProposerId: other.id,
    tokens: {
      committee: await user('tianwei', 'committee'),
      supervisor: await user('duchashi', 'supervisor'),
      xzsp: await user('xzsp', 'unit', { unitId: xzsp.id }),
      jiaoyu: await user('jiaoyu', 'unit', { unitId: jiaoyu.id }),
      proposer: await user('chengangzheng', 'proposer', { proposerId: proposer.id }),
      otherProposer: await user('liming', 'proposer', { proposerId: other.id }),
    },
  };
}
