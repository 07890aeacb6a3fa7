import type { UnitRole } from '#domain';
/**
 * Demo data for Duban (督办): the directory (sessions, units, proposers, users) and a set of
 * proposals with the lifecycle steps that brought each one to its state on the demo's "now".
 *
 * Pure data, no framework imports: the seeding script loads it through the application's use
 * cases, replaying every step in time order (see `demoReplayOrder`) with the clock set to the
 * step's `at`, as the step's `by` user.
 *
 * Proposal No. 196 of 市政协十届二次会议 is a real case, copied from
 * `seeds/000_dcac331517a667fb.txt` (its content and reply verbatim, its dates as published).
 * Everything else — every other proposal, every person's name, e-mail address and telephone
 * number except the contact '王' / 2580162 of the seed, and the facts and figures quoted in the
 * invented replies — is fictitious and only has to look plausible. E-mail addresses use the
 * `example` label so that no real mailbox is ever written to.
 */

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** A date, `YYYY-MM-DD` (Asia/Shanghai). */
export type DemoDate = string;
/** A moment, `YYYY-MM-DDTHH:mm:ss+08:00`. */
export type DemoTimestamp = string;

export type SessionBody = 'cppcc' | 'npc';

export interface DemoSession {
  /** Stable key the other records refer to. */
  key: string;
  name: string;
  body: SessionBody;
  term: number;
  meeting: number;
  year: number;
  openedOn: DemoDate;
}

export type UnitKind = 'department' | 'committee' | 'supervision';

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  email: string;
  headName: string;
  headEmail: string;
  contactName: string;
  contactPhone: string;
  /** 职能 (from the unit's 三定 description, abridged), which routing suggestions learn from. */
  duties?: string;
  /** 部门类型: a code of DEPARTMENT_TYPES (#domain). */
  departmentType?: string;
}

export type ProposerKind = 'member' | 'group';

export interface DemoProposer {
  key: string;
  name: string;
  kind: ProposerKind;
  /** An NPC deputy (人大代表) files 建议 to NPC sessions; everyone else is of the CPPCC (the default). */
  body?: 'cppcc' | 'npc';
  /** 界别 for a CPPCC member or group; 代表团 for an NPC deputy. */
  sector: string;
  email: string;
  phone: string;
}

export type UserRole = 'admin' | 'committee' | 'supervisor' | 'unit' | 'proposer';

export interface DemoUser {
  username: string;
  /** 姓名 and 职务: how the timeline and the mails name the user. */
  displayName: string;
  title: string;
  /** Demo passwords, printed in the README: never use them anywhere real. */
  password: string;
  role: UserRole;
  email: string;
  /** For role `unit`: the unit the user acts for. */
  unitCode?: string;
  /**
   * For role `unit`: the post (本单位岗位; default liaison). Officers and leaders join after the
   * recorded history (the units set up their internal flow when Duban gained it): the history's
   * replies were sent as before, the cases still open go through 分派 → 拟稿 → 审签.
   */
  unitRole?: UnitRole;
  /** For role `proposer`: the proposer the user is. */
  proposerKey?: string;
}

/** The proposal states of docs/design.md ("Lifecycle"), in lifecycle order. */
export const PROPOSAL_STATES = [
  'submitted', 'returned', 'not_filed', 'merged', 'converted', 'withdrawn',
  'filed', 'assigned', 'handling', 'replied', 'rehandling', 'closed',
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export type ReviewDecision = 'file' | 'not_file' | 'merge' | 'convert' | 'return';
export type ResultCategory = 'A' | 'B' | 'C' | 'D';
export type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export type CommunicationMethod = 'meeting' | 'phone' | 'visit' | 'letter' | 'online';

interface StepBase {
  /** When it happened; the loader sets the clock to this moment before replaying the step. */
  at: DemoTimestamp;
  /** Username of the user who does it (see `users`). */
  by: string;
}

/** 提交: creates the proposal from the proposal's own fields (session, number, title, content,
 * proposers, category). `title`/`content`, when given, are the first version that a later
 * `resubmit` revised. */
export interface SubmitStep extends StepBase {
  action: 'submit';
  title?: string;
  content?: string;
}

/** 修改后重新提交 a returned proposal; without `title`/`content` the proposal's own (final) ones. */
export interface ResubmitStep extends StepBase {
  action: 'resubmit';
  title?: string;
  content?: string;
}

/** 立案审查. `mergeIntoKey` names the proposal (same session) it is merged into. */
export interface ReviewStep extends StepBase {
  action: 'review';
  decision: ReviewDecision;
  reason?: string;
  mergeIntoKey?: string;
}

/** 撤回 (before filing). */
export interface WithdrawStep extends StepBase {
  action: 'withdraw';
  reason?: string;
}

/** 交办: one assignment per unit. */
export interface AssignStep extends StepBase {
  action: 'assign';
  leadUnitCode?: string;
  coUnitCodes?: string[];
  separateUnitCodes?: string[];
  /** 重点提案 */
  key?: boolean;
  /** The supervising leader of a key proposal. */
  leaderName?: string;
}

/** 签收: the unit `unitCode` accepts its assignment. */
export interface AcceptStep extends StepBase {
  action: 'accept';
  unitCode: string;
}

/** 沟通协商 recorded by the unit. */
export interface CommunicateStep extends StepBase {
  action: 'communicate';
  unitCode: string;
  method: CommunicationMethod;
  happenedOn: DemoDate;
  summary: string;
}

/** 协办意见 of a co-handling unit. */
export interface OpinionStep extends StepBase {
  action: 'opinion';
  unitCode: string;
  content: string;
}

/** 答复 of a lead or separate unit. */
export interface ReplyStep extends StepBase {
  action: 'reply';
  unitCode: string;
  content: string;
  resultCategory: ResultCategory;
  signedBy: string;
  contactName: string;
  contactPhone: string;
  public: boolean;
  /** 答复函: the signed letter, a PDF under config/demo/, attached as the reply's letter. */
  letter?: { file: string; filename: string };
}

/** 满意度测评 (回执), by the proposer or by committee staff recording it. */
export interface FeedbackStep extends StepBase {
  action: 'feedback';
  rating: Rating;
  comment?: string;
}

/** 公开. `publicationIndex` (索引号) when it is known; otherwise the application makes one. */
export interface PublishStep extends StepBase {
  action: 'publish';
  publicationIndex?: string;
}

/** 邀请联名: the lead proposer invites these members to co-sign (before filing). */
export interface InviteStep extends StepBase {
  action: 'invite';
  proposerKeys: string[];
}

/**
 * 确认联名 / 谢绝联名 by the invitee `proposerKey`: signed in (`by` is their user) or through the
 * invitation mail's signed link (`by: 'link'`, no account needed).
 */
export interface CoSignStep extends StepBase {
  action: 'co_sign';
  proposerKey: string;
  answer: 'confirm' | 'decline';
}

export type DemoStep =
  | SubmitStep
  | InviteStep
  | CoSignStep
  | ResubmitStep
  | ReviewStep
  | WithdrawStep
  | AssignStep
  | AcceptStep
  | CommunicateStep
  | OpinionStep
  | ReplyStep
  | FeedbackStep
  | PublishStep;
export type DemoAction = DemoStep['action'];

/** What the published page of a real case records, beyond what the steps replay. */
export interface DemoRecordedCase {
  /** Where it comes from (relative to the shared design folder). */
  source: string;
  /** 办理结果 as published. */
  handlingResult: string;
  reply: {
    date: DemoDate;
    content: string;
    signedBy: string;
    /** 联系单位 line of the reply. */
    contactUnit: string;
    contactName: string;
    contactPhone: string;
    /** 抄送 */
    cc: string;
    resultCategory: ResultCategory;
    public: boolean;
  };
  publication: { indexNo: string; publishedOn: DemoDate };
  feedback: { rating: Rating; comment?: string };
  /** The dates the lifecycle steps happened on. */
  timeline: {
    submitted: DemoDate;
    filed: DemoDate;
    assigned: DemoDate;
    accepted: DemoDate;
    communication: { method: CommunicationMethod; happenedOn: DemoDate; summary: string };
    replied: DemoDate;
    rated: DemoDate;
    closed: DemoDate;
    published: DemoDate;
  };
}

export interface DemoProposal {
  /** Stable key for cross-references (`mergeIntoKey`) and for the loader's bookkeeping. */
  key: string;
  sessionKey: string;
  /** 提案号, passed on submission; absent for proposals that were never filed. */
  number?: number;
  title: string;
  /** Paragraphs separated by a blank line. */
  content: string;
  category: string;
  leadProposerKey: string;
  coProposerKeys?: string[];
  /** The state the proposal is in once every step has been replayed. */
  targetState: ProposalState;
  /** In time order. */
  steps: DemoStep[];
  /** Only for the real case. */
  record?: DemoRecordedCase;
}

export interface DemoData {
  /** The demo's "now": the loader leaves the clock here. */
  now: DemoTimestamp;
  sessions: DemoSession[];
  units: DemoUnit[];
  proposers: DemoProposer[];
  users: DemoUser[];
  proposals: DemoProposal[];
}

// ---------------------------------------------------------------------------------------------
// Directory
// ---------------------------------------------------------------------------------------------

/** The demo's "now" (a Friday). Open items of 2025 are overdue by then; those of 2026 fall due soon. */
export const DEMO_NOW: DemoTimestamp = '2026-11-27T09:00:00+08:00';

/** 平顶山市 (Pingdingshan, Henan). Every `openedOn` is assumed: plausible January weekdays, not looked up. */
const sessions: DemoSession[] = [
  // Assumed opening date: the seed only says the proposal belongs to this meeting (2024).
  { key: 'cppcc-10-2', name: '市政协十届二次会议', body: 'cppcc', term: 10, meeting: 2, year: 2024, openedOn: '2024-01-15' },
  // Assumed opening date.
  { key: 'cppcc-10-3', name: '市政协十届三次会议', body: 'cppcc', term: 10, meeting: 3, year: 2025, openedOn: '2025-01-13' },
  // Assumed opening date (the day after the CPPCC meeting opened, as is usual).
  { key: 'npc-11-3', name: '市十一届人大三次会议', body: 'npc', term: 11, meeting: 3, year: 2025, openedOn: '2025-01-14' },
  // Assumed opening date. Its open proposals were handed in between meetings (闭会期间提案) in
  // summer 2026 and assigned in August–October, so their deadlines fall due around the demo's now.
  { key: 'cppcc-10-4', name: '市政协十届四次会议', body: 'cppcc', term: 10, meeting: 4, year: 2026, openedOn: '2026-01-12' },
];

const MAIL = 'pds.example.gov.cn';

/** A department's record: e-mail `<code>@…`, head `<code>.head@…`. Names and phones are invented. */
function department(code: string, name: string, headName: string, contactName: string, contactPhone: string): DemoUnit {
  return {
    code, name, kind: 'department', email: `${code}@${MAIL}`, headName, headEmail: `${code}.head@${MAIL}`, contactName, contactPhone,
    // The demo's unit codes are the department types' codes.
    departmentType: code, duties: DEMO_DUTIES[code],
  };
}

/**
 * Each demo department's own duties, in the manner of a 三定 方案 (abridged, written for the demo,
 * with the city's particulars: 尼龙新材料, 采煤沉陷区, 白龟湖, 尧山). The department type adds the
 * generic duties of its kind.
 */
const DEMO_DUTIES: Record<string, string> = {
  xzsp: '负责全市行政审批制度改革和政务服务体系建设，推进一网通办、一窗通办，管理市民之家政务服务大厅和12345政务服务便民热线，统筹政务数据共享和电子证照应用。',
  fagai: '拟订全市国民经济和社会发展规划，统筹重大项目建设和投资管理，负责价格管理、社会信用体系建设、能源和电力保障、新能源及储能产业发展，牵头优化营商环境。',
  jiaoyu: '统筹全市各级各类教育发展，负责学前教育、义务教育、高中阶段教育和职业教育管理，推进中小学校建设和学位供给、教师队伍建设、课后服务和双减工作。',
  gongan: '负责全市社会治安管理、打击违法犯罪和电信网络诈骗，管理道路交通安全、户籍和出入境，维护交通秩序和校园周边安全。',
  minzheng: '负责全市养老服务体系建设、社会救助和低保特困供养、儿童福利和未成年人保护、殡葬管理、社区治理和社会组织管理、婚姻登记、区划地名。',
  caizheng: '负责全市财政预算编制和执行、政府采购监督、政府债务和专项债管理、预算绩效管理、惠企资金拨付和行政事业单位国有资产管理。',
  renshe: '负责全市就业创业、职业技能培训、人才引进、社会保险、劳动关系和劳动保障监察、根治欠薪、事业单位人事管理。',
  ziranziyuan: '负责全市国土空间规划、土地利用和耕地保护、不动产登记、矿产资源管理、采煤沉陷区治理和矿山生态修复、地质灾害防治。',
  shengtai: '负责全市生态环境保护，大气、水、土壤污染防治，白龟湖等饮用水水源地保护，沙河、湛河流域水环境治理，环境监测和执法。',
  zhujian: '负责全市住房保障、房地产市场监管、物业管理、老旧小区改造和既有住宅加装电梯、城市更新、建筑施工安全、城市排水防涝和燃气管理。',
  chengguan: '负责全市市容环境卫生、生活垃圾分类和处理、公共厕所、占道经营治理、城市停车管理、园林绿化、城市照明和城管综合执法。',
  jiaotong: '负责全市公路建设养护、城乡公交和道路客运、出租车和网约车管理、道路货运和物流、农村公路建设。',
  shuili: '负责全市水资源管理和节约用水、农村供水、水库和河道管理、河长制、农田水利和防洪工程、昭平台和白龟山水库周边水利设施。',
  nongye: '负责全市乡村振兴和农业农村发展，粮食生产和高标准农田建设，畜牧、种植和特色农业，农村集体经济、农村人居环境整治。',
  shangwu: '负责全市商贸流通、消费促进和夜间经济、电子商务、外贸外资、县域商业体系和老字号保护。',
  wenlv: '负责全市文化和旅游发展，尧山、中原大佛等景区建设，非物质文化遗产保护，文物保护、公共文化服务和广播电视管理。',
  weijian: '负责全市医疗卫生服务体系建设，基层医疗和家庭医生签约，公共卫生和疾病预防控制，院前急救、中医药、托育服务和医养结合。',
  yingji: '负责全市应急管理和安全生产监管，煤矿和非煤矿山、危险化学品安全，防汛抗旱、森林防火和自然灾害防治，应急救援队伍和避难场所建设。',
  shichang: '负责全市市场主体登记和市场监管，食品药品安全、特种设备和电梯安全、产品质量、知识产权保护、价格监督和消费者权益保护。',
  yibao: '负责全市医疗保障，医保参保和待遇、异地就医结算、医保基金监管、药品耗材集中采购和长期护理保险。',
  gongxin: '负责全市工业和信息化发展，尼龙新材料等主导产业链建设，企业智能化改造和数字化转型，中小企业和专精特新企业培育，5G和信息通信基础设施。',
  keji: '负责全市科技创新，科技成果转化，高新技术企业和创新平台培育，研发投入支持和科技特派员工作。',
  tuiyi: '负责全市退役军人安置和就业创业，优抚对象抚恤优待，烈士褒扬和纪念设施保护，双拥工作和退役军人服务保障。',
};

const units: DemoUnit[] = [
  {
    code: 'tianwei',
    name: '市政协提案委员会',
    kind: 'committee',
    email: `tianwei@${MAIL}`,
    headName: '宋立新',
    headEmail: `tianwei.head@${MAIL}`,
    contactName: '许静',
    contactPhone: '0375-3391026',
  },
  {
    code: 'duchashi',
    name: '市政府督查室',
    kind: 'supervision',
    email: `duchashi@${MAIL}`,
    // The head of the supervision office is "the supervision leader" who receives escalations.
    headName: '郑国强',
    headEmail: `duchashi.head@${MAIL}`,
    contactName: '马晓东',
    contactPhone: '0375-2662310',
  },
  // The lead unit of No. 196. Contact '王' and '2580162' exactly as the seed's reply gives them.
  department('xzsp', '市行政审批和政务信息管理局', '高志明', '王', '2580162'),
  department('fagai', '市发展和改革委员会', '周德华', '李娜', '0375-2662735'),
  department('jiaoyu', '市教育局', '韩淑芳', '杜鹏', '0375-2942216'),
  department('gongan', '市公安局', '曹振宇', '孙浩', '0375-2625108'),
  department('minzheng', '市民政局', '范丽君', '赵雪', '0375-2622947'),
  department('caizheng', '市财政局', '贾国伟', '钱磊', '0375-2663318'),
  department('renshe', '市人力资源和社会保障局', '邓红霞', '胡亮', '0375-2190627'),
  department('ziranziyuan', '市自然资源和规划局', '袁建平', '郭婷', '0375-2937460'),
  department('shengtai', '市生态环境局', '潘文涛', '吕佳', '0375-2811253'),
  department('zhujian', '市住房和城乡建设局', '魏成林', '朱琳', '0375-2725319'),
  department('chengguan', '市城市管理局', '田永刚', '秦雯', '0375-3396602'),
  department('jiaotong', '市交通运输局', '石建军', '冯凯', '0375-2621584'),
  department('shuili', '市水利局', '彭立群', '蒋欣', '0375-4932170'),
  department('nongye', '市农业农村局', '程保国', '丁雅', '0375-3380935'),
  department('shangwu', '市商务局', '白海燕', '谢峰', '0375-2670843'),
  department('wenlv', '市文化广电和旅游局', '崔晓阳', '姚瑶', '0375-4951726'),
  department('weijian', '市卫生健康委员会', '任保华', '沈洁', '0375-2621369'),
  department('yingji', '市应急管理局', '陆建华', '江涛', '0375-2809512'),
  department('shichang', '市市场监督管理局', '薛志刚', '孔丽', '0375-2669204'),
  department('yibao', '市医疗保障局', '段玉梅', '汪磊', '0375-2836475'),
  department('gongxin', '市工业和信息化局', '武学军', '罗敏', '0375-2662198'),
  department('keji', '市科学技术局', '金晓光', '唐悦', '0375-2933681'),
  department('tuiyi', '市退役军人事务局', '雷振国', '宋阳', '0375-2197320'),
];

const CPPCC_MAIL = `cppcc.${MAIL}`;
const NPC_MAIL = `npc.${MAIL}`;

const proposers: DemoProposer[] = [
  // The proposer of No. 196 (real name, from the seed). His 界别 is not in the seed: '经济界' is assumed;
  // his e-mail and phone are invented.
  { key: 'chengangzheng', name: '陈刚正', kind: 'member', sector: '经济界', email: `chengangzheng@${CPPCC_MAIL}`, phone: '0375-3390196' },
  // Everyone below is invented.
  { key: 'lixiulan', name: '李秀兰', kind: 'member', sector: '教育界', email: `lixiulan@${CPPCC_MAIL}`, phone: '0375-3390211' },
  { key: 'wanglina', name: '王丽娜', kind: 'member', sector: '社会福利和社会保障界', email: `wanglina@${CPPCC_MAIL}`, phone: '0375-3390224' },
  { key: 'liujianguo', name: '刘建国', kind: 'member', sector: '农业和农村界', email: `liujianguo@${CPPCC_MAIL}`, phone: '0375-3390237' },
  { key: 'zhaomin', name: '赵敏', kind: 'member', sector: '科学技术界', email: `zhaomin@${CPPCC_MAIL}`, phone: '0375-3390248' },
  { key: 'zhangweidong', name: '张卫东', kind: 'member', sector: '医药卫生界', email: `zhangweidong@${CPPCC_MAIL}`, phone: '0375-3390253' },
  { key: 'minmeng', name: '民盟平顶山市委', kind: 'group', sector: '中国民主同盟', email: `minmeng@${CPPCC_MAIL}`, phone: '0375-3392101' },
  { key: 'minjian', name: '民建平顶山市委', kind: 'group', sector: '中国民主建国会', email: `minjian@${CPPCC_MAIL}`, phone: '0375-3392102' },
  { key: 'minjin', name: '民进平顶山市委', kind: 'group', sector: '中国民主促进会', email: `minjin@${CPPCC_MAIL}`, phone: '0375-3392103' },
  { key: 'jiusan', name: '九三学社平顶山市委', kind: 'group', sector: '九三学社', email: `jiusan@${CPPCC_MAIL}`, phone: '0375-3392104' },
  { key: 'gongshanglian', name: '市工商联', kind: 'group', sector: '中华全国工商业联合会', email: `gongshanglian@${CPPCC_MAIL}`, phone: '0375-3392105' },
  // NPC deputies (人大代表): their "sector" is their delegation (代表团).
  { key: 'sunzhiqiang', name: '孙志强', kind: 'member', body: 'npc', sector: '鲁山县代表团', email: `sunzhiqiang@${NPC_MAIL}`, phone: '0375-5061138' },
  { key: 'zhouhongmei', name: '周红梅', kind: 'member', body: 'npc', sector: '新华区代表团', email: `zhouhongmei@${NPC_MAIL}`, phone: '0375-2630452' },
];

/** One user per role, plus a second unit user. Passwords are demo passwords (≥ 10 characters). */
const users: DemoUser[] = [
  { username: 'admin', displayName: '刘建国', title: '信息中心工程师', password: 'demo-guanliyuan-2024', role: 'admin', email: `admin@${MAIL}` },
  { username: 'tianwei', displayName: '许静', title: '提案科科长', password: 'demo-tiweihui-2024', role: 'committee', email: `tianwei.staff@${MAIL}` },
  { username: 'duchashi', displayName: '马晓东', title: '督查科科长', password: 'demo-duchaban-2024', role: 'supervisor', email: `duchashi.staff@${MAIL}` },
  { username: 'xzsp', displayName: '王丽萍', title: '综合科科长', password: 'demo-shenpiju-2024', role: 'unit', email: `xzsp.staff@${MAIL}`, unitCode: 'xzsp' },
  { username: 'jiaoyu', displayName: '杜鹏', title: '办公室副主任', password: 'demo-xuexiao-2024', role: 'unit', email: `jiaoyu.staff@${MAIL}`, unitCode: 'jiaoyu' },
  // 市教育局's internal flow: 杜鹏 (联络员) signs for the work and gives it out, 赵磊 drafts, 韩淑芳 (its head) signs.
  { username: 'jiaoyu.jingban', displayName: '赵磊', title: '基础教育科科员', password: 'demo-jingban-2024', role: 'unit', email: `jiaoyu.jingban@${MAIL}`, unitCode: 'jiaoyu', unitRole: 'officer' },
  { username: 'jiaoyu.lingdao', displayName: '韩淑芳', title: '副局长', password: 'demo-lingdao-2024', role: 'unit', email: `jiaoyu.lingdao@${MAIL}`, unitCode: 'jiaoyu', unitRole: 'leader' },
  // 市行政审批和政务信息管理局 has an officer but no leader in Duban: its 签发人 is typed as before (No. 196's was).
  { username: 'xzsp.jingban', displayName: '孙浩', title: '政务信息科科员', password: 'demo-jingbanyuan-2024', role: 'unit', email: `xzsp.jingban@${MAIL}`, unitCode: 'xzsp', unitRole: 'officer' },
  { username: 'chengangzheng', displayName: '陈刚正', title: '市政协委员', password: 'demo-weiyuan-2024', role: 'proposer', email: `chengangzheng@${CPPCC_MAIL}`, proposerKey: 'chengangzheng' },
  // A second member, who co-signs (联名) 陈刚正's proposal on 乡村旅游 in the app.
  { username: 'lixiulan', displayName: '李秀兰', title: '市政协委员', password: 'demo-lianming-2024', role: 'proposer', email: `lixiulan@${CPPCC_MAIL}`, proposerKey: 'lixiulan' },
];

// ---------------------------------------------------------------------------------------------
// Helpers that keep the proposals consistent with the directory
// ---------------------------------------------------------------------------------------------

function unitByCode(code: string): DemoUnit {
  const unit = units.find((u) => u.code === code);
  if (!unit) throw new Error(`demo data: no unit ${code}`);
  return unit;
}

/** The (only) demo user who acts for a unit. */
function userOfUnit(code: string): string {
  const user = users.find((u) => u.role === 'unit' && u.unitCode === code);
  if (!user) throw new Error(`demo data: no user for unit ${code}`);
  return user.username;
}

/** '2025-05-28…' → '2025年5月28日', the date line that ends a reply. */
export function chineseDate(at: DemoDate | DemoTimestamp): string {
  const [y, m, d] = at.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

interface ReplyHeading {
  sessionKey: string;
  number: number;
  /** Addressee, e.g. '陈刚正委员' or '民盟平顶山市委'. */
  to: string;
}

/**
 * A reply written as the seed's is: '对<会议>' / '第N号提案(建议)的答复' / addressee / body / date,
 * signed by the unit with its own contact person, by the unit's own user.
 */
function reply(
  heading: ReplyHeading,
  unitCode: string,
  at: DemoTimestamp,
  resultCategory: ResultCategory,
  isPublic: boolean,
  body: string[],
): ReplyStep {
  const session = sessions.find((s) => s.key === heading.sessionKey);
  if (!session) throw new Error(`demo data: no session ${heading.sessionKey}`);
  const kind = session.body === 'npc' ? '建议' : '提案';
  const unit = unitByCode(unitCode);
  return {
    at,
    by: userOfUnit(unitCode),
    action: 'reply',
    unitCode,
    content: [`对${session.name}`, `第${heading.number}号${kind}的答复`, `${heading.to}：`, ...body, chineseDate(at)].join('\n\n'),
    resultCategory,
    signedBy: unit.name,
    contactName: unit.contactName,
    contactPhone: unit.contactPhone,
    public: isPublic,
  };
}

function accept(unitCode: string, at: DemoTimestamp): AcceptStep {
  return { at, by: userOfUnit(unitCode), action: 'accept', unitCode };
}

function communicate(unitCode: string, at: DemoTimestamp, method: CommunicationMethod, summary: string, happenedOn: DemoDate = at.slice(0, 10)): CommunicateStep {
  return { at, by: userOfUnit(unitCode), action: 'communicate', unitCode, method, happenedOn, summary };
}

const paragraphs = (...ps: string[]): string => ps.join('\n\n');

// ---------------------------------------------------------------------------------------------
// The real case: 市政协十届二次会议第196号提案 (seeds/000_dcac331517a667fb.txt)
// ---------------------------------------------------------------------------------------------

/** 提案内容, verbatim from the seed (paragraph indentation trimmed, paragraphs separated by a blank line). */
const P196_CONTENT = [
  '运用数字技术驱动政府服务创新,提高城市政务服务的数字化、智能化、精细化水平,是顺应全球数字技术变革大势、助推经济社会高质量发展的时代之需。在市委、市政府的正确领导下,近年来我市在信息化、数字化转型建设上取得了很好成绩,但是总体来看我市的数字政府建设才刚刚起步,个别政府部门的信息化、数字化成度偏低,无法提供有效的政务数据,很多政府部门的信息化管理是各自为政、互不连通,信息孤岛现象普遍存在,已经归集到大数据局的数据,由于缺乏统一标准、统一平台支撑,整合度低、利用率很低,严重影响我市的政府数字化建设。为此提出以下几点建议供政府有关部门参考。',
  '一、成立高规格的数字化政府领导小组',
  '当前我国还处在数字化转型的探索期、发展期,影响政府数字化建设的障碍不但有数字化水平低、部门协调难、数据缺乏统一标准等问题,更存在很多深层次的管理矛盾、甚至是法律方面的障碍,这些都需要党委政府的统一指挥、统一决策和坚强领导。因此建议我市尽快成立高规格的数字化转型发展领导小组,由市委主要领导担任组长,按照数字政府的整体要求,制定切实可行的发展规划,强力推进数据归集,实时调整政府管理结构,确保数字化建设的顺利实施。',
  '二、借鉴外地成功经验,尽快启动我市统一的政务服务和管理数字化平台建设',
  '数字政府建设的基础是数据,这些数据存在于政府各部门和社会各行业,受制于当前发展水平,这些数据既没有一个统一的标准,也没有一个统一的平台,因此要实现政府数字化、智能化运行,首先需要建设一个统一的应用平台,通过应用平台整合,来实现标准化归集、共享化应用。南通作为市全国首批市域社会治理现代化试点城市,就是通过建设综合治理市域指挥中心平台,整合了网格化、12345、数字城管等职责,与市大数据管理局“一体化运行”,实现“大数据+指挥中心+综合行政执法”新模式,创造了全国市域社会治理“南通样板”,取得了很好的社会效益。建议政府相关部门借鉴外地成功经验,选取有经验、有实力的软件公司,尽快启动我市统一政务服务和管理数字化平台建设。',
  '三、同步培育相关人才,掌握相关核心技术,为数字政务、智慧政务的健康运维、持续提高奠定坚实基础',
  '经济社会和科学技术的持续发展,决定了政务服管理数字化平台、智慧管理平台以及数字政府建设都是一个逐步完善、不断改进的长期过程。因此在建设全市统一数字政府平台的同时,我们一定要同步培育自己的相关人才、掌握或了解相关核心技术,这样一是可以让软件设计、改进完善能够更好低体现地方特色和市委、市政府的管理意图,二是在后期运维中不必完全依赖第三方公司,从而提高平台的生命周期、确保运行的实际效果、降低后期的运维成本,三是把核心数据掌握在自己手中,为今后推进智慧政务、智慧政府建设等二次开发奠定坚实的数据、人才基础。',
  '四、以政务服务、执法监管为重点,持续推进政府数字化、标准化和网络化建设',
  '数字政府平台高效运作依靠的是来自于各个部门的行政运作、政务服务、执法监管、监督问责等实时数据、真实数据,因此建设统一的数字政务平台,是数字化政府建设的起点而不是终点,我们必须以政务服务、执法监管为重点,按照平台设计框架、运行要求,持续推进政府各部门的数字化、标准化、网络化建设,确保平台数据归集全覆盖,确保归集数据的真实性、及时性、准确性,确保平台发出的行政指令能够得到认真落实,这样我们的数字化平台才能真正发挥应有的作用。',
  '五、以营商环境为主线,通过智慧政务功能全面提升我市社会治理现代化水平',
  '营商环境不优一直是影响我市经济社会发展的一项重要因素,因此建议我市的数字政务平台在建设之初,要首先以营商环境为主线和抓手,全方位归集所有涉及营商环境的各种行政审批、政府服务、执法检查、监管处罚等数字化信息,利用大数据、人工智能技术,持续优化政府各项管理流程,通过智慧系统,及时发现影响营商环境的各种问题线索,自动推送给相关领导和监督部门,用科技手段提高营商环境的监督时效和监督刚性,尽快让我市的营商环境进入到全国第一方阵,最大限度吸引全国、乃至全世界的投资客商、消费主体来平顶山投资建设,为全面推进我市经济社会发展提供坚实支撑。',
].join('\n\n');

/** 答复内容, verbatim from the seed: from the heading through the five sections to the date line. */
const P196_REPLY = [
  '对市政协十届二次会议',
  '第196号提案的答复',
  '陈刚正委员:',
  '您提出的关于“以营商环境为主线强力推进我市数字政府建设”的提案收悉。现答复如下:',
  '一、关于您提出的“成立高规格的数字化政府领导小组”的建议',
  '为加强数字政府建设,提升政府治理体系和治理能力现代化水平,按照《河南省数字政府建设总体规划(2020-2022年)》(豫政〔2020〕35号)有关要求,2021年7月我市成立了高规格的“平顶山市数字政府建设工作领导小组”,市长任组长,常务副市长任副组长,各单位一把手任组员,领导小组下设办公室,办公室设在市政务服务和大数据管理局。领导小组统筹推进全市数字政府建设及政务服务和大数据管理工作,协调解决重点难点问题,指导督促各县(市、区)、各部门落实“数字政府”建设和“互联网+政务服务”等工作任务。',
  '二、关于您提出的“借鉴外地成功经验,尽快启动我市统一的政务服务和管理数字化平台建设”的建议。',
  '为贯彻落实国家、省、市领导对于社会治理的重要指示, 2022年12月平顶山市社会治理现代化指挥中心正式启动使用,并于23年6月组建工作专班。场馆按照“平战结合”进行布局,已入驻城管、12345民生服务热线、公安、应急等16部门280余人,实行专班负责、集中办公、统一管理,涵盖指挥调度、城市管理、民生服务、综合值班、新闻发布、数字化发展展示、科创协同等功能,成为市委、市政府指挥调度的总平台和鹰城新地标。',
  '目前,中心已建设形成“一网、两云、一中枢、三中心、N应用、一入口”新型智慧城市建设框架。搭建城市级数据中台,建成新型智慧城市生长发展的“总基座”,目前已经接入国家、省、市相关单位百余个业务系统,汇聚8亿条数据,数据交换量突破54亿次,呈爆发式增长,打破“数据烟囱”、“信息孤岛”,成效初显。搭建综合指挥调度平台、视频汇聚共享平台、融合通信平台、视频AI解析平台、“掌上鹰城”APP,建立平战结合、层级分明、责权明晰、高效协同的指挥调度体系。已汇聚视频资源4.7万路,部署AI算法63个,接通党政、应急、公安等7部门专线,接入调度指挥相关系统30余个,建成涵盖1000余项指标的城市运行监测体系。',
  '三、关于您提出的“同步培育相关人才,掌握相关核心技术,为数字政务、智慧政务的健康运维、持续提高奠定坚实基础”的建议。',
  '2023年3月,平顶山市行政审批和政务信息管理局与河南城建学院联合成立平顶山市大数据政务应用工程技术研究中心(以下简称“研究中心”)。研究中心为“政校合作”的承载平台,采用“N+1+N”运作模式,以开展平顶山市行政审批和政务信息管理局一局两中心一公司的N个任务为课题研究驱动,以1个研究中心为平台,以河南城建学院N个相关院系参与研究转化成果驱动,在优化营商环境、智慧政务建设、公共数据创新应用、城市安全运营管理、智慧城市建设与管理等多方面发布课题任务并进行合作研究,为新时期大数据行业发展引领下的政府部门政策制定与优化、行业决策、民生聚焦问题化解以及学术研究提供技术支持。',
  '研究中心出台《平顶山市大数据政务应用工程技术研究中心组织架构及运行机制》,成立领导小组,实行政校双领导模式,下设领导小组、管理委员会、学术委员会、管理部门与研究中心;制定研究中心运行机制,建立科研项目从征集到成果运用与转化的7个环节运行机制,确保政校合作项目科学立项、规范运行、发挥实效。加强城市体检工作沟通合作,为城建学院提供政务数据共享和GIS地图服务,城建学院反馈城市体检数据和3D建模图像,现正在研究技术对接问题。',
  '四、关于您提出的“以政务服务、执法监管为重点,持续推进政府数字化、标准化和网络化建设”的建议。',
  '为贯彻落实《河南省人民政府推进政府职能转变和“放管服“改革协调小组办公室关于开展”互联网+监管“市级试点工作的通知》(豫“放管服”组办〔2020〕4号)精神,平顶山市行政审批和政务信息管理局牵头建设“互联网+监管平台”,对全市31个部门共计780个执法事项的行政执法过程进行全流程监督,有助于各相关政府部门规范执法,提高执法质量和效率,推动实现规范监管、精准监管、联合监管、信用监管、审管联动,为持续打造公开透明、竞争有序的营商环境提供强有力的监管数据支撑。',
  '五、关于您提出的“以营商环境为主线,通过智慧政务功能全面提升我市社会治理现代化水平”的建议。',
  '(一)实现电子证照“应制尽制”、“应发尽发”和“应用尽用”。电子证照系统通过数据共享交换平台与政务系统对接,可调取电子证照全量数据,我市政务服务系统通过共享电子证照使用实现528项政务服务事项“免证办”。',
  '(二)推动政务服务事项“一窗受理、一网通办”。结合我市实际情况,我局整合汇聚各服务渠道和能力,打破数据孤岛,进一步提升“综合窗口受理、后台分类审批、统一窗口出件”的服务能力。',
  '(三)优化办事流程,推动“一件事一次办”。建立多部门联办机制,通过流程再造和信息共享,整合部门资源、优化办事流程、减少办事环节、整合办事材料、缩短办事时限、减免办事费用,构建“一件事一次办”跨部门办理模式;为群众一次告知、一次表单、一次受理、一次联办、一次送达,实现“一件事一次办”,方便办事群众和办事企业,提高群众满意度和政府服务效能。',
  '(四)加快推动新技术场景应用,推广“四电”应用。以公众和企业办事需求为导向,通过推广“四电”应用,优化政务服务流程,删繁化简,去重除冗,减条件、减材料、减环节,实现政务服务精准供给,让数据“多跑路”,让群众“少跑路”,大幅提高政务服务的在线化、个性化、智能化水平。',
  '(五)推动豫事办可办件上线量。以平顶山市交换平台数据接口为基础,统计制定以现有接口数据可上架应用清单。做到应用能上尽上,尽可能的方便办事群众。围绕数据多跑路,群众少跑路的宗旨,提升查询或办理应用上架数量以及应用的上架率。',
  '2024年6月26日',
].join('\n\n');

const P196_SIGNED_BY = '市行政审批和政务信息管理局'; // The seed names no signer: the lead unit's name is used.

const P196: DemoRecordedCase = {
  source: 'seeds/000_dcac331517a667fb.txt',
  handlingResult: '已办结',
  reply: {
    date: '2024-06-26',
    content: P196_REPLY,
    signedBy: P196_SIGNED_BY,
    contactUnit: '平顶山市行政审批和政务信息管理局(原平顶山市政务服务和大数据管理局)',
    contactName: '王',
    contactPhone: '2580162',
    cc: '市政府督查室(1份)',
    // 办理结果 已办结: the problem was solved (A 所提问题已经解决或基本解决).
    resultCategory: 'A',
    public: true,
  },
  publication: { indexNo: 'szwfwhdsjglj/2024-00001', publishedOn: '2024-07-19' },
  // Assumed: the seed does not record the proposer's rating.
  feedback: { rating: 'satisfied' },
  timeline: {
    submitted: '2024-01-16', // assumed: during the meeting
    filed: '2024-01-26', // assumed: filing review shortly after the meeting
    // Chosen so that the 3-month reply deadline (Civil Code counting) is 2024-06-26, the reply's date.
    assigned: '2024-03-26',
    accepted: '2024-03-28', // assumed
    communication: {
      // assumed: method, date and summary
      method: 'phone',
      happenedOn: '2024-05-15',
      summary:
        '承办单位电话联系陈刚正委员，介绍我市数字政府建设工作领导小组、社会治理现代化指挥中心和“互联网+监管”平台的建设情况，听取委员关于以营商环境为主线建设统一政务服务平台的意见建议。',
    },
    replied: '2024-06-26', // from the seed (the reply's date line)
    rated: '2024-07-05', // assumed: within the 20 working days for feedback
    closed: '2024-07-05', // a satisfied rating closes the proposal
    published: '2024-07-19', // from the seed (发布日期)
  },
};

const p196: DemoProposal = {
  key: 'cppcc-10-2-196',
  sessionKey: 'cppcc-10-2',
  number: 196,
  title: '以营商环境为主线强力推进我市数字政府建设',
  content: P196_CONTENT,
  category: '经济建设', // the seed gives no category: assumed from the subject
  leadProposerKey: 'chengangzheng',
  targetState: 'closed',
  record: P196,
  // The times of day are assumed throughout.
  steps: [
    { at: `${P196.timeline.submitted}T10:30:00+08:00`, by: 'chengangzheng', action: 'submit' },
    { at: `${P196.timeline.filed}T15:00:00+08:00`, by: 'tianwei', action: 'review', decision: 'file' },
    { at: `${P196.timeline.assigned}T10:00:00+08:00`, by: 'duchashi', action: 'assign', leadUnitCode: 'xzsp' },
    accept('xzsp', `${P196.timeline.accepted}T09:30:00+08:00`),
    communicate('xzsp', `${P196.timeline.communication.happenedOn}T16:00:00+08:00`, P196.timeline.communication.method, P196.timeline.communication.summary),
    {
      at: `${P196.reply.date}T16:00:00+08:00`,
      by: 'xzsp',
      action: 'reply',
      unitCode: 'xzsp',
      content: P196.reply.content,
      resultCategory: P196.reply.resultCategory,
      signedBy: P196.reply.signedBy,
      contactName: P196.reply.contactName,
      contactPhone: P196.reply.contactPhone,
      public: P196.reply.public,
      // The letter as the unit scanned it once signed and stamped (here: the letter Duban prints, scripts/make-demo-letter.mjs).
      letter: { file: 'no196-reply-letter.pdf', filename: '关于市政协十届二次会议第196号提案的答复.pdf' },
    },
    { at: `${P196.timeline.rated}T10:00:00+08:00`, by: 'chengangzheng', action: 'feedback', rating: P196.feedback.rating },
    { at: `${P196.publication.publishedOn}T09:00:00+08:00`, by: 'tianwei', action: 'publish', publicationIndex: P196.publication.indexNo },
  ],
};

// ---------------------------------------------------------------------------------------------
// 市政协十届三次会议 (2025): mostly finished; what is still open is long overdue on the demo's now
// ---------------------------------------------------------------------------------------------

/** assigned: a lead and two co-handlers; the lead unit never accepted, so it is overdue since 2025-06-18. */
const laojiuGaizao: DemoProposal = {
  key: 'cppcc-10-3-laojiu-gaizao',
  sessionKey: 'cppcc-10-3',
  number: 23,
  title: '关于加快推进老旧小区改造提质增效的提案',
  content: paragraphs(
    '老旧小区改造是重大民生工程和发展工程。近年来，我市持续推进城镇老旧小区改造，一大批小区的居住条件明显改善。但调研发现，部分改造项目仍存在“重面子、轻里子”的现象，改造内容与居民需求不够匹配，雨污管网、供水供气等地下设施改造不彻底，改造完成后长效管理缺位，一些小区不久又出现管网堵塞、停车无序、绿地被占等问题。',
    '为此建议：一是坚持“先里子、后面子”，把雨污分流、供水供气管网更新、消防通道打通等作为必改内容，改造方案须经居民议事会充分讨论、公示后实施；二是推行片区化改造，将相邻小区打捆实施，统筹配建停车位、充电桩和养老托育等社区服务设施；三是拓宽资金来源，在用好中央和省级补助资金的同时，探索社会资本参与、管线专营单位出资和居民合理分担的多元投入机制。',
    '四是建立“改造+物业”长效管理机制，改造后的小区同步引入专业化物业服务，暂不具备条件的由街道、社区兜底托管，做到“改造一个、管好一个”，防止“一年新、两年旧、三年回到原样”。',
  ),
  category: '城乡建设',
  leadProposerKey: 'minjian',
  coProposerKeys: ['wanglina'],
  targetState: 'assigned',
  steps: [
    { at: '2025-01-13T15:00:00+08:00', by: 'tianwei', action: 'submit' },
    { at: '2025-02-20T10:00:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    { at: '2025-03-18T10:00:00+08:00', by: 'duchashi', action: 'assign', leadUnitCode: 'zhujian', coUnitCodes: ['caizheng', 'chengguan'] },
  ],
};

/** merged into No. 23 (并案). */
const dianti: DemoProposal = {
  key: 'cppcc-10-3-dianti',
  sessionKey: 'cppcc-10-3',
  title: '关于在老旧小区改造中统筹推进既有住宅加装电梯的提案',
  content: paragraphs(
    '我市上世纪八九十年代建成的多层住宅普遍没有电梯，随着人口老龄化加快，居住在其中的老年人“上下楼难”问题日益突出，一些行动不便的老人常年“悬空”在家。目前我市既有住宅加装电梯工作推进较慢，主要难点在于低层住户意见不一、资金筹措困难、审批环节较多以及后期维保责任不清。',
    '建议：一是将加装电梯纳入老旧小区改造内容统筹推进，对具备条件的楼栋同步设计、同步施工；二是简化审批流程，推行加装电梯“一窗受理、联合审查”；三是完善财政补贴政策，支持居民提取住房公积金用于加装电梯；四是引导电梯企业提供“建设+维保”一体化服务，明确后期运行维护责任。',
  ),
  category: '城乡建设',
  leadProposerKey: 'wanglina',
  targetState: 'merged',
  steps: [
    { at: '2025-01-14T10:00:00+08:00', by: 'tianwei', action: 'submit' },
    {
      at: '2025-02-20T10:30:00+08:00',
      by: 'tianwei',
      action: 'review',
      decision: 'merge',
      mergeIntoKey: 'cppcc-10-3-laojiu-gaizao',
      reason: '与第23号提案（关于加快推进老旧小区改造提质增效的提案）所提问题相近，并案办理。',
    },
  ],
};

/** not_filed: a pending court case is outside what a proposal may ask for. */
const sifaGean: DemoProposal = {
  key: 'cppcc-10-3-sifa-gean',
  sessionKey: 'cppcc-10-3',
  title: '关于督促尽快审结某建材企业买卖合同纠纷案件的提案',
  content: paragraphs(
    '我市某建材企业与外地一家客户之间的买卖合同纠纷案件起诉已一年有余，至今尚未审结。企业货款长期无法收回，资金周转困难，已影响到正常生产经营和职工工资发放。',
    '建议有关部门督促加快该案件审理进度，尽快依法作出判决，切实维护本地企业的合法权益。',
  ),
  category: '法治建设',
  leadProposerKey: 'liujianguo',
  targetState: 'not_filed',
  steps: [
    { at: '2025-01-14T11:00:00+08:00', by: 'tianwei', action: 'submit' },
    {
      at: '2025-02-20T11:00:00+08:00',
      by: 'tianwei',
      action: 'review',
      decision: 'not_file',
      reason: '所提事项属于人民法院正在审理的具体诉讼案件，按照提案工作的有关规定，涉及司法机关正在处理的具体案件不予立案。已与提案者沟通，建议企业通过法定程序反映诉求。',
    },
  ],
};

/** converted into a member's opinion (转为意见建议) for the department to deal with directly. */
const yingjiBiaozhi: DemoProposal = {
  key: 'cppcc-10-3-yingji-biaozhi',
  sessionKey: 'cppcc-10-3',
  title: '关于在卫东区某社区增设应急避难场所指示标识的提案',
  content: paragraphs(
    '卫东区某社区的中心广场已被确定为应急避难场所，但广场周边道路和小区出入口缺少指示标识，社区居民大多不知道发生地震、火灾等突发事件时应往哪里疏散。',
    '建议在社区出入口和主要路口增设应急避难场所指示牌，在各小区公告栏张贴疏散路线图，并结合防灾减灾日组织居民开展疏散演练。',
  ),
  category: '社会治理',
  leadProposerKey: 'zhaomin',
  targetState: 'converted',
  steps: [
    { at: '2025-01-14T15:00:00+08:00', by: 'tianwei', action: 'submit' },
    {
      at: '2025-02-21T09:30:00+08:00',
      by: 'tianwei',
      action: 'review',
      decision: 'convert',
      reason: '所提事项具体、单一，可由职能部门直接研究办理，转为委员意见建议，送市应急管理局研处。',
    },
  ],
};

/** withdrawn by its proposer before filing. */
const gongjiaoZhuanxian: DemoProposal = {
  key: 'cppcc-10-3-gongjiao-zhuanxian',
  sessionKey: 'cppcc-10-3',
  title: '关于开通平顶山西站至新城区公交专线的提案',
  content: paragraphs(
    '平顶山西站是我市对外交通的重要门户，但站点与新城区、高新区之间的公交线路少、发车间隔长，晚间到站的旅客换乘困难，只能选择出租车或网约车，既增加了出行成本，也影响了我市的城市形象。',
    '建议开通平顶山西站至新城区的公交专线，发车时刻与高铁到站时刻相衔接，延长末班车运营时间，并在站前广场设置清晰的公交换乘指引。',
  ),
  category: '城乡建设',
  leadProposerKey: 'liujianguo',
  targetState: 'withdrawn',
  steps: [
    { at: '2025-01-14T16:00:00+08:00', by: 'tianwei', action: 'submit' },
    {
      at: '2025-02-18T10:00:00+08:00',
      by: 'tianwei',
      action: 'withdraw',
      reason: '提案者来函申请撤回：相关公交线路已于春运期间优化调整，末班车时间已延长，所提问题已基本解决。',
    },
  ],
};

/** handling: accepted and discussed with the proposer, but never answered: overdue since 2025-06-18. */
const kehouFuwu: DemoProposal = {
  key: 'cppcc-10-3-kehou-fuwu',
  sessionKey: 'cppcc-10-3',
  number: 41,
  title: '关于进一步提升中小学课后服务质量的提案',
  content: paragraphs(
    '课后服务是减轻学生过重学业负担、解决家长“接孩子难”问题的重要举措。目前我市义务教育学校已实现课后服务全覆盖，但仍存在服务内容以作业辅导为主、特色课程不足，城乡学校之间差距明显，教师工作时间延长、补助标准偏低等问题，影响了课后服务的质量和吸引力。',
    '为此建议：一是丰富课后服务内容，在完成作业辅导的基础上开设体育、艺术、科普、劳动等兴趣课程，引入青少年宫、科技馆、体育场馆和非遗传承人等社会资源；二是建立城乡学校结对帮扶机制，通过“同步课堂”等方式把优质课后服务资源输送到农村学校。',
    '三是完善教师参与课后服务的补助和激励机制，将课后服务工作量纳入绩效考核和职称评聘，推行教师弹性上下班制度，切实减轻教师负担。',
  ),
  category: '教育科技',
  leadProposerKey: 'lixiulan',
  targetState: 'handling',
  steps: [
    { at: '2025-01-13T16:00:00+08:00', by: 'tianwei', action: 'submit' },
    { at: '2025-02-20T14:00:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    { at: '2025-03-18T10:30:00+08:00', by: 'duchashi', action: 'assign', leadUnitCode: 'jiaoyu' },
    accept('jiaoyu', '2025-03-20T09:30:00+08:00'),
    communicate(
      'jiaoyu',
      '2025-04-22T17:00:00+08:00',
      'meeting',
      '市教育局召开课后服务工作座谈会，邀请李秀兰委员和部分学校校长、家长代表参加，通报全市课后服务开展情况，就引入社会资源开设兴趣课程、提高教师补助标准听取意见。',
    ),
  ],
};

const yijianshiHeading: ReplyHeading = { sessionKey: 'cppcc-10-3', number: 58, to: '民盟平顶山市委' };

/** closed: lead unit with a co-handler that gave its opinion; satisfied; published. */
const yijianshi: DemoProposal = {
  key: 'cppcc-10-3-yijianshi',
  sessionKey: 'cppcc-10-3',
  number: 58,
  title: '关于深化“一件事一次办”改革持续优化营商环境的提案',
  content: paragraphs(
    '“一件事一次办”是优化营商环境、提升政务服务效能的重要抓手。我市已推出企业开办、不动产登记等一批“一件事”套餐服务，但在实际办理中，部分事项仍存在部门业务系统不互通、申请材料重复提交、线上线下办理标准不一致等问题，企业和群众“跑多次”“填多表”的情况仍有发生。',
    '为此建议：一是梳理企业和个人全生命周期高频事项，对照国家公布的重点事项清单，扩大“一件事”覆盖面；二是打通部门业务系统，推动电子证照和共享数据在“一件事”办理中直接调用，做到“一表申请、一次提交”；三是完善“一件事”线上专区和线下专窗，统一办理标准和时限；四是健全政务服务“好差评”结果运用机制，对群众反映集中的问题限期整改。',
  ),
  category: '经济建设',
  leadProposerKey: 'minmeng',
  targetState: 'closed',
  steps: [
    { at: '2025-01-13T17:00:00+08:00', by: 'tianwei', action: 'submit' },
    { at: '2025-02-20T15:00:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    { at: '2025-03-18T11:00:00+08:00', by: 'duchashi', action: 'assign', leadUnitCode: 'xzsp', coUnitCodes: ['jiaoyu'] },
    accept('xzsp', '2025-03-19T09:00:00+08:00'),
    accept('jiaoyu', '2025-03-19T10:00:00+08:00'),
    {
      at: '2025-04-10T15:00:00+08:00',
      by: 'jiaoyu',
      action: 'opinion',
      unitCode: 'jiaoyu',
      content:
        '关于“教育入学一件事”：我局已会同市公安局、市自然资源和规划局、市行政审批和政务信息管理局梳理义务教育入学所需的户籍、不动产登记等信息，2025年秋季招生将实现户籍和房产信息在线核验，家长无需再提交纸质证明。建议将“教育入学一件事”纳入我市“一件事一次办”重点事项清单统筹推进。',
    },
    communicate(
      'xzsp',
      '2025-04-24T16:30:00+08:00',
      'meeting',
      '召开提案办理座谈会，民盟平顶山市委相关负责同志和部分企业代表参加，逐项通报“一件事”事项梳理和系统对接进展，听取关于扩大“一件事”覆盖面的意见。',
    ),
    reply(yijianshiHeading, 'xzsp', '2025-05-28T15:00:00+08:00', 'A', true, [
      '贵委提出的关于“深化‘一件事一次办’改革持续优化营商环境”的提案收悉。经会同市教育局研究，现答复如下：',
      '一、扩大“一件事”覆盖面。对照国家和省“高效办成一件事”重点事项清单，我局梳理形成我市2025年度“一件事”事项清单，涵盖企业信息变更、开办餐饮店、新生儿出生、教育入学等13个事项，已全部上线运行。',
      '二、推动数据共享和电子证照应用。依托市数据共享交换平台，“一件事”办理中涉及的营业执照、身份证、户口簿、不动产权证书等电子证照可直接调用，申请表由平均5张减少为1张。',
      '三、统一线上线下办理标准。在市民之家设立“高效办成一件事”综合窗口，在“豫事办”平顶山分厅设立线上专区，线上线下执行同一办事指南、同一受理标准、同一办理时限。',
      '四、强化“好差评”结果运用。对差评事项实行“一事一督办”，限期整改并回访，2025年以来差评整改率达到100%。',
      '下一步，我局将持续扩大“一件事”覆盖范围，欢迎贵委继续关心支持我市营商环境建设。',
    ]),
    { at: '2025-06-10T10:00:00+08:00', by: 'tianwei', action: 'feedback', rating: 'satisfied', comment: '回执：对答复和办理情况满意。' },
    { at: '2025-06-20T09:30:00+08:00', by: 'tianwei', action: 'publish' },
  ],
};

const shezhiHeading: ReplyHeading = { sessionKey: 'cppcc-10-3', number: 87, to: '陈刚正委员' };

/** closed after re-handling: unsatisfied with the first reply, basically satisfied with the second. */
const shezhiJiancha: DemoProposal = {
  key: 'cppcc-10-3-shezhi-jiancha',
  sessionKey: 'cppcc-10-3',
  number: 87,
  title: '关于依托“互联网+监管”平台规范涉企行政检查的提案',
  content: paragraphs(
    '涉企行政检查是维护市场秩序的必要手段，但一些企业反映，部分执法部门检查频次偏高，多头检查、重复检查的现象仍然存在，有的检查事前不告知、事后不反馈，企业疲于应付，影响了正常的生产经营，也影响了我市营商环境的整体评价。',
    '为此建议：一是依托“互联网+监管”平台建立全市统一的涉企检查备案和“扫码入企”制度，检查人员入企前须在平台登记检查事项和依据；二是推行“综合查一次”，对同一企业的多项检查由牵头部门统一组织联合检查；三是公开检查结果，对检查无问题的企业在一定期限内原则上不再重复检查；四是把涉企检查数据纳入营商环境监测，对检查频次明显偏高的部门进行提醒约谈。',
  ),
  category: '经济建设',
  leadProposerKey: 'chengangzheng',
  targetState: 'closed',
  steps: [
    { at: '2025-01-14T09:30:00+08:00', by: 'chengangzheng', action: 'submit' },
    { at: '2025-02-21T10:30:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    { at: '2025-03-18T14:00:00+08:00', by: 'duchashi', action: 'assign', leadUnitCode: 'xzsp' },
    accept('xzsp', '2025-03-19T14:00:00+08:00'),
    communicate(
      'xzsp',
      '2025-04-15T11:00:00+08:00',
      'phone',
      '电话联系陈刚正委员，了解企业反映的多头检查、重复检查具体情况，介绍“互联网+监管”平台的现有功能。',
    ),
    reply(shezhiHeading, 'xzsp', '2025-05-20T16:00:00+08:00', 'C', false, [
      '您提出的关于“依托‘互联网+监管’平台规范涉企行政检查”的提案收悉。现答复如下：',
      '我局牵头建设的“互联网+监管”平台已对全市31个部门共计780个执法事项的行政执法过程进行全流程监督，平台具备检查事项目录管理、检查结果录入等功能。',
      '关于建立“扫码入企”制度和“综合查一次”机制，涉及多个执法部门的职责分工和业务系统改造，需在省级平台统一部署后逐步推进，目前尚不具备全面实施的条件。我局将继续关注涉企行政检查规范化工作，适时向市政府提出工作建议。',
    ]),
    {
      at: '2025-06-03T09:00:00+08:00',
      by: 'chengangzheng',
      action: 'feedback',
      rating: 'unsatisfied',
      comment: '答复只介绍了平台现有功能，没有回应多头检查、重复检查的具体问题，也没有提出推进“扫码入企”的时间安排。',
    },
    communicate(
      'xzsp',
      '2025-06-12T17:00:00+08:00',
      'visit',
      '局主要负责同志带队走访陈刚正委员及其联系的3家企业，逐条听取对涉企检查问题的意见，商定由我局会同市司法局、市市场监督管理局制定“扫码入企”工作方案。',
    ),
    reply(shezhiHeading, 'xzsp', '2025-06-30T15:30:00+08:00', 'B', true, [
      '您提出的关于“依托‘互联网+监管’平台规范涉企行政检查”的提案收悉。根据您的反馈意见，我局重新研究办理，现答复如下：',
      '一、建立“扫码入企”制度。我局已会同市司法局、市市场监督管理局制定《平顶山市涉企行政检查“扫码入企”工作方案（试行）》，自2025年7月起在市场监管、生态环境、应急管理等领域先行试点，检查人员入企前须通过“互联网+监管”平台生成检查码，企业扫码即可查看检查事项、依据和人员信息。',
      '二、推行“综合查一次”。对同一企业在同一时期需要开展的多项检查，由牵头部门统一组织联合检查，2025年下半年联合检查事项清单将在平台公布。',
      '三、公开检查结果。检查结果通过平台向企业反馈，对检查无问题的企业，原则上半年内不再就同一事项重复检查。',
      '四、纳入营商环境监测。检查频次、重复检查率等数据纳入我市营商环境监测指标，对异常情况及时提醒相关部门。',
      '上述工作正在推进中，我局将定期向您通报进展情况。',
    ]),
    { at: '2025-07-08T10:00:00+08:00', by: 'chengangzheng', action: 'feedback', rating: 'basically_satisfied', comment: '重新办理有实质进展，希望试点尽快推广到全市。' },
    { at: '2025-07-18T09:30:00+08:00', by: 'tianwei', action: 'publish' },
  ],
};

const ruxueHeading: ReplyHeading = { sessionKey: 'cppcc-10-3', number: 112, to: '民进平顶山市委' };

/** closed: a lead unit and a separate unit (分办) both answered; basically satisfied; published. */
const ruxueYiwang: DemoProposal = {
  key: 'cppcc-10-3-ruxue-yiwang',
  sessionKey: 'cppcc-10-3',
  number: 112,
  title: '关于推行义务教育入学报名“一网通办”的提案',
  content: paragraphs(
    '每年招生季，家长需要准备户口簿、不动产权证书、居住证等多种材料到学校现场审核，部分热点学校排队时间长达数小时。虽然我市已开通网上报名，但户籍、房产等信息仍需人工核验，“网上报名、现场审核”的模式没有真正减轻家长负担。',
    '为此建议：一是打通公安户籍、不动产登记、社会保险等数据，实现入学资格在线自动核验；二是将入学报名纳入“豫事办”平顶山分厅，实现“掌上报、零跑腿”；三是及时公开各校学区划分和招生计划，报名审核结果通过短信和平台推送告知家长。',
  ),
  category: '教育科技',
  leadProposerKey: 'minjin',
  targetState: 'closed',
  steps: [
    { at: '2025-01-15T10:00:00+08:00', by: 'tianwei', action: 'submit' },
    { at: '2025-02-21T11:00:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    { at: '2025-03-19T10:00:00+08:00', by: 'duchashi', action: 'assign', leadUnitCode: 'jiaoyu', separateUnitCodes: ['xzsp'] },
    accept('jiaoyu', '2025-03-21T09:00:00+08:00'),
    accept('xzsp', '2025-03-21T10:00:00+08:00'),
    communicate(
      'jiaoyu',
      '2025-04-16T15:00:00+08:00',
      'phone',
      '电话联系民进平顶山市委提案联系人，介绍2025年招生报名系统升级方案，听取关于数据核验范围和报名结果告知方式的意见。',
    ),
    reply(ruxueHeading, 'xzsp', '2025-05-16T16:00:00+08:00', 'B', true, [
      '贵委提出的关于“推行义务教育入学报名‘一网通办’”的提案收悉。现就我局承办的数据共享和平台建设部分答复如下：',
      '一、数据共享。我局已依托市数据共享交换平台为市教育局开通户籍、不动产登记、社会保险参保等数据接口，支持入学报名时在线核验，相关接口已完成联调测试。',
      '二、平台入口。义务教育入学报名服务已列入“豫事办”平顶山分厅上线计划，将在2025年秋季招生前上线。',
      '下一步，我局将配合市教育局做好系统运行保障和数据安全工作。',
    ]),
    reply(ruxueHeading, 'jiaoyu', '2025-06-06T11:00:00+08:00', 'A', true, [
      '贵委提出的关于“推行义务教育入学报名‘一网通办’”的提案收悉。现答复如下：',
      '一、实现入学资格在线核验。在市行政审批和政务信息管理局支持下，我局升级义务教育招生报名系统，接入户籍、不动产登记、社会保险等数据，2025年秋季招生起，市区适龄儿童入学资格可在线自动核验，家长无需到校提交纸质材料。',
      '二、实现“掌上报、零跑腿”。招生报名入口同步上线“豫事办”平顶山分厅和市教育局微信公众号，家长可通过手机完成报名、查询审核进度和录取结果。',
      '三、及时公开招生信息。各学校学区划分、招生计划和报名流程于每年6月中旬前在市教育局网站统一公布，审核和录取结果通过短信推送告知家长。',
      '感谢贵委对我市教育工作的关心和支持。',
    ]),
    { at: '2025-06-18T10:30:00+08:00', by: 'tianwei', action: 'feedback', rating: 'basically_satisfied', comment: '回执：基本满意，希望县（市）学校同步推行。' },
    { at: '2025-06-27T09:30:00+08:00', by: 'tianwei', action: 'publish' },
  ],
};

// ---------------------------------------------------------------------------------------------
// 市十一届人大三次会议 (2025): NPC deputies' suggestions (人大代表建议), entered by committee staff
// ---------------------------------------------------------------------------------------------

/** assigned: a lead unit and a separate unit (分办); nobody accepted: overdue since 2025-06-20. */
const nongcunGongshui: DemoProposal = {
  key: 'npc-11-3-nongcun-gongshui',
  sessionKey: 'npc-11-3',
  number: 15,
  title: '关于提升农村供水保障水平的建议',
  content: paragraphs(
    '我市山区和丘陵地区的农村供水工程建设年代较早，部分工程规模小、管网老化，夏季用水高峰和干旱季节时常出现供水不足、水压偏低等问题；一些村级供水站缺少净化消毒设施和专业管护人员，水质安全存在隐患。',
    '为此建议：一是推进城乡供水一体化和规模化供水工程建设，逐步以规模化供水工程替代分散的小型供水工程；二是加大老旧管网改造投入，优先解决鲁山、叶县等山区乡镇季节性缺水问题；三是落实县级农村供水工程管护主体责任，建立专业化运维队伍和水质定期检测制度，确保农村群众喝上放心水。',
  ),
  category: '农业农村',
  leadProposerKey: 'sunzhiqiang',
  targetState: 'assigned',
  steps: [
    { at: '2025-01-15T11:00:00+08:00', by: 'tianwei', action: 'submit' },
    { at: '2025-02-24T10:00:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    { at: '2025-03-20T10:00:00+08:00', by: 'duchashi', action: 'assign', leadUnitCode: 'shuili', separateUnitCodes: ['nongye'] },
  ],
};

const qiyeKaibanHeading: ReplyHeading = { sessionKey: 'npc-11-3', number: 32, to: '周红梅代表' };

/** closed: satisfied; published. */
const qiyeKaiban: DemoProposal = {
  key: 'npc-11-3-qiye-kaiban',
  sessionKey: 'npc-11-3',
  number: 32,
  title: '关于进一步压缩企业开办时间的建议',
  content: paragraphs(
    '企业开办是市场主体进入市场的第一道门槛，是营商环境评价的重要指标。我市企业开办已实现“一网通办”，但调研中发现，部分申请人对线上系统不熟悉，遇到问题缺少指导；刻制印章、申领发票、社保登记等环节仍需分别操作，全流程时间与先进地区相比仍有差距。',
    '为此建议：一是在政务服务大厅设立企业开办帮办代办专区，为申请人提供免费帮办服务；二是推进营业执照、印章刻制、发票申领、社保登记等“一表填报、一次办结”；三是对新开办企业免费刻制首套印章，进一步降低企业开办成本。',
  ),
  category: '经济建设',
  leadProposerKey: 'zhouhongmei',
  targetState: 'closed',
  steps: [
    { at: '2025-01-15T14:00:00+08:00', by: 'tianwei', action: 'submit' },
    { at: '2025-02-24T10:30:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    { at: '2025-03-20T10:30:00+08:00', by: 'duchashi', action: 'assign', leadUnitCode: 'xzsp' },
    accept('xzsp', '2025-03-21T11:00:00+08:00'),
    communicate(
      'xzsp',
      '2025-04-08T10:00:00+08:00',
      'online',
      '通过视频连线与周红梅代表沟通，演示企业开办“一网通办”平台的全流程办理，听取代表关于帮办代办和免费刻章的意见。',
    ),
    reply(qiyeKaibanHeading, 'xzsp', '2025-05-09T15:00:00+08:00', 'A', true, [
      '您提出的关于“进一步压缩企业开办时间”的建议收悉。现答复如下：',
      '一、设立帮办代办专区。市民之家企业开办专区已配备专职帮办代办人员，为申请人提供全程免费指导，并开通线上“云帮办”服务。',
      '二、推进“一表填报、一次办结”。企业开办平台已整合设立登记、印章刻制、发票申领、社保登记、住房公积金缴存登记等环节，申请人一次填报、一次提交，全流程办理时间压缩至1个工作日以内。',
      '三、降低开办成本。自2025年起，我市对新开办企业免费刻制首套印章，所需费用由财政统一承担。',
      '感谢您对我市营商环境建设的关心和支持。',
    ]),
    { at: '2025-05-20T11:00:00+08:00', by: 'tianwei', action: 'feedback', rating: 'satisfied' },
    { at: '2025-05-30T09:30:00+08:00', by: 'tianwei', action: 'publish' },
  ],
};

// ---------------------------------------------------------------------------------------------
// 市政协十届四次会议 (2026): what is still moving on the demo's now (2026-11-27)
// The assigned/handling/replied/rehandling ones were handed in between meetings (闭会期间提案)
// in summer 2026, so their deadlines fall due in December 2026 and January 2027.
// ---------------------------------------------------------------------------------------------

/** submitted: waiting for the committee's filing review. */
const yanglao: DemoProposal = {
  key: 'cppcc-10-4-yanglao',
  sessionKey: 'cppcc-10-4',
  title: '关于发展社区嵌入式养老服务的提案',
  content: paragraphs(
    '我市60岁以上老年人口占比持续上升，绝大多数老年人选择居家养老，但社区养老服务设施数量不足、功能单一，助餐、助浴、助医等服务难以满足需求，部分已建成的日间照料中心因运营资金不足而闲置。',
    '为此建议：一是将社区嵌入式养老服务设施纳入城市更新和老旧小区改造规划，新建住宅小区按标准配建养老服务用房；二是推行“公建民营”，引入专业养老机构连锁化运营社区养老服务站点；三是发展老年助餐服务，对高龄、失能和困难老人给予用餐补贴。',
    '四是推动医养结合，由社区卫生服务中心与养老服务站点签约，为居家老年人提供健康管理和上门医疗服务。',
  ),
  category: '社会民生',
  leadProposerKey: 'wanglina',
  targetState: 'submitted',
  steps: [{ at: '2026-11-24T10:00:00+08:00', by: 'tianwei', action: 'submit' }],
};

/**
 * submitted, a joint proposal (联名提案): 陈刚正 invited four members; 李秀兰 confirmed in the app,
 * 赵敏 through the mail's link, 张卫东 declined, 刘建国 has not answered yet.
 */
const xiangcunLvyou: DemoProposal = {
  key: 'cppcc-10-4-xiangcun-lvyou',
  sessionKey: 'cppcc-10-4',
  title: '关于推动乡村旅游提质升级的提案',
  content: paragraphs(
    '我市山水资源丰富，尧山、石人山和汝州、郏县一带的古村落各具特色，乡村旅游已成为带动农民增收的重要产业。但目前乡村旅游项目同质化明显，多以农家乐、采摘为主，配套设施和服务水平不高，节假日“一房难求”、平时游客稀少的现象较为突出。',
    '为此建议：一是编制全市乡村旅游发展规划，依托传统村落、非遗资源打造一批特色旅游村；二是完善旅游公路、停车场和公共厕所等配套设施；三是培育乡村民宿和文创业态，加强从业人员培训；四是建立线上营销平台，推出四季旅游线路。',
  ),
  category: '经济建设',
  leadProposerKey: 'chengangzheng',
  targetState: 'submitted',
  steps: [
    { at: '2026-11-20T20:30:00+08:00', by: 'chengangzheng', action: 'submit' },
    { at: '2026-11-20T20:40:00+08:00', by: 'chengangzheng', action: 'invite', proposerKeys: ['lixiulan', 'zhaomin', 'zhangweidong', 'liujianguo'] },
    { at: '2026-11-23T09:15:00+08:00', by: 'link', action: 'co_sign', proposerKey: 'zhaomin', answer: 'confirm' },
    { at: '2026-11-23T21:05:00+08:00', by: 'lixiulan', action: 'co_sign', proposerKey: 'lixiulan', answer: 'confirm' },
    { at: '2026-11-24T10:20:00+08:00', by: 'link', action: 'co_sign', proposerKey: 'zhangweidong', answer: 'decline' },
  ],
};

/** returned for revision (一事一案): not yet resubmitted. */
const yibao: DemoProposal = {
  key: 'cppcc-10-4-yibao',
  sessionKey: 'cppcc-10-4',
  title: '关于进一步优化医保服务的提案',
  content: paragraphs(
    '近年来我市医疗保障服务水平不断提升，但群众在异地就医直接结算、门诊慢特病认定、集采药品供应、医保基金监管等方面仍有不少意见。',
    '建议：一是扩大异地就医直接结算定点医疗机构范围；二是简化门诊慢特病认定流程；三是保障集采药品在基层医疗机构的供应；四是加强医保基金监管。',
  ),
  category: '医疗卫生',
  leadProposerKey: 'zhangweidong',
  targetState: 'returned',
  steps: [
    { at: '2026-11-16T10:00:00+08:00', by: 'tianwei', action: 'submit' },
    {
      at: '2026-11-20T15:00:00+08:00',
      by: 'tianwei',
      action: 'review',
      decision: 'return',
      reason: '根据“一事一案”的要求，本提案涉及异地就医结算、门诊慢特病认定、集采药品供应、基金监管等多个方面，且缺少我市具体情况和可操作的建议。请聚焦一个主题、补充调研情况后重新提交。',
    },
  ],
};

/** filed after a return and a revision; waiting to be assigned. */
const yejianJingji: DemoProposal = {
  key: 'cppcc-10-4-yejian-jingji',
  sessionKey: 'cppcc-10-4',
  number: 316,
  title: '关于激发夜间经济活力打造鹰城特色消费场景的提案',
  content: paragraphs(
    '夜间经济是扩内需、促消费、稳就业的重要抓手。我市已形成部分夜间消费集聚区，但总体上存在业态同质化、以餐饮为主，文旅、体育类夜间消费场景不足，夜间公共交通、停车和公共厕所等配套设施不完善，外摆经营管理标准不统一等问题。',
    '为此建议：一是编制全市夜间经济发展规划，在中心城区选择2至3个街区打造特色夜间消费集聚区，融合美食、文创、演艺、夜游等业态；二是用好白龟湖、湛河等生态资源，开发夜游、夜跑和灯光秀等文旅项目。',
    '三是完善配套服务，在集聚区周边延长公交运营时间，错时开放机关事业单位停车场，增设临时停车位和公共厕所；四是实行包容审慎监管，对集聚区内的外摆经营制定统一规范，划定经营时段和区域。',
  ),
  category: '经济建设',
  leadProposerKey: 'gongshanglian',
  targetState: 'filed',
  steps: [
    {
      at: '2026-11-09T10:00:00+08:00',
      by: 'tianwei',
      action: 'submit',
      // The first version, before the committee returned it.
      content: '夜间经济是扩内需、促消费的重要抓手。建议我市大力发展夜间经济，打造一批夜间消费街区，繁荣城市消费。',
    },
    {
      at: '2026-11-12T10:00:00+08:00',
      by: 'tianwei',
      action: 'review',
      decision: 'return',
      reason: '建议部分较为笼统，请结合我市夜间消费现状补充具体措施后重新提交。',
    },
    { at: '2026-11-18T16:00:00+08:00', by: 'tianwei', action: 'resubmit' },
    { at: '2026-11-25T10:00:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
  ],
};

/** assigned: a key proposal (重点提案) with a supervising leader, a lead and two co-handlers; due 2027-01-18. */
const shaheShengtai: DemoProposal = {
  key: 'cppcc-10-4-shahe-shengtai',
  sessionKey: 'cppcc-10-4',
  number: 308,
  title: '关于加强沙河流域生态保护与综合治理的提案',
  content: paragraphs(
    '沙河是淮河流域的重要河流，流经我市多个县（市、区），白龟山水库是市区重要的饮用水水源地。近年来我市持续推进沙河、湛河综合治理，水质总体稳定向好，但流域内仍存在部分支流雨污混流、农业面源污染、河道非法采砂和岸线侵占等问题，上下游、左右岸协同治理机制有待健全。',
    '为此建议：一是编制沙河流域（平顶山段）生态保护和综合治理规划，统筹水资源、水环境、水生态治理；二是加快沿河乡镇污水收集管网和处理设施建设，推进畜禽养殖污染治理和化肥农药减量增效。',
    '三是严格河道采砂管理，开展岸线侵占专项整治，建设沿河生态缓冲带；四是健全跨县（市、区）横向生态补偿和河长制协同机制，把流域水质考核结果与生态补偿资金挂钩。',
  ),
  category: '生态文明',
  leadProposerKey: 'jiusan',
  coProposerKeys: ['zhaomin'],
  targetState: 'assigned',
  steps: [
    { at: '2026-08-20T10:00:00+08:00', by: 'tianwei', action: 'submit' },
    { at: '2026-09-10T10:00:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    {
      at: '2026-10-16T10:00:00+08:00',
      by: 'duchashi',
      action: 'assign',
      leadUnitCode: 'shengtai',
      coUnitCodes: ['shuili', 'ziranziyuan'],
      key: true,
      leaderName: '李志远', // invented supervising vice-mayor
    },
  ],
};

/** handling: accepted and discussed; the reply is due 2026-12-15. */
const zhengwuZizhu: DemoProposal = {
  key: 'cppcc-10-4-zhengwu-zizhu',
  sessionKey: 'cppcc-10-4',
  number: 305,
  title: '关于推动政务服务“就近办、自助办”的提案',
  content: paragraphs(
    '随着“放管服”改革深入推进，我市政务服务事项网上可办率大幅提升，但老年人、农村群众等群体对线上办理不熟悉，仍习惯到大厅办理；县乡两级政务服务中心可办事项偏少，群众办一些事仍需进城到市民之家，企业和群众办事的便利度有待提高。',
    '为此建议：一是推动高频政务服务事项向乡镇（街道）、村（社区）延伸，实现“就近办”；二是在银行网点、邮政网点和大型社区布设政务服务自助终端，实现社保、公积金、不动产等查询打印类事项“自助办”；三是为老年人等群体保留线下办理渠道，提供帮办代办服务，让营商环境和政务服务的改革成果惠及所有群体。',
  ),
  category: '经济建设',
  leadProposerKey: 'zhaomin',
  targetState: 'handling',
  steps: [
    { at: '2026-08-25T10:00:00+08:00', by: 'tianwei', action: 'submit' },
    { at: '2026-09-10T10:30:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    { at: '2026-09-15T10:00:00+08:00', by: 'duchashi', action: 'assign', leadUnitCode: 'xzsp' },
    accept('xzsp', '2026-09-16T09:30:00+08:00'),
    communicate(
      'xzsp',
      '2026-10-20T17:00:00+08:00',
      'visit',
      '邀请赵敏委员实地查看市民之家24小时自助服务区和新华区一处街道便民服务中心，介绍政务服务自助终端布设计划，听取关于扩大自助终端可办事项的意见。',
    ),
  ],
};

const huiqiHeading: ReplyHeading = { sessionKey: 'cppcc-10-4', number: 301, to: '陈刚正委员' };

/** replied: waiting for 陈刚正's rating (due mid-December 2026) and for publication. */
const huiqiZhengce: DemoProposal = {
  key: 'cppcc-10-4-huiqi-zhengce',
  sessionKey: 'cppcc-10-4',
  number: 301,
  title: '关于建设“免申即享”惠企政策兑现平台的提案',
  content: paragraphs(
    '惠企政策是稳预期、强信心、优化营商环境的重要手段。但企业普遍反映，惠企政策分散在不同部门，企业“不知道、不会报、兑现慢”的问题较为突出，一些符合条件的中小企业因申报材料繁琐而放弃申请，政策效果打了折扣。',
    '为此建议：一是建设全市统一的惠企政策兑现平台，集中发布各部门惠企政策，实现政策“一站查询”；二是利用政务数据共享，为企业精准画像，主动推送可享受的政策；三是对条件明确、数据可核验的政策推行“免申即享”，由系统自动比对、直接兑现，做到“政策找企业”；四是公开政策兑现进度，把兑现时效纳入部门营商环境考核。',
  ),
  category: '经济建设',
  leadProposerKey: 'chengangzheng',
  targetState: 'replied',
  steps: [
    { at: '2026-07-20T21:15:00+08:00', by: 'chengangzheng', action: 'submit' },
    { at: '2026-08-06T10:00:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    { at: '2026-08-18T10:00:00+08:00', by: 'duchashi', action: 'assign', leadUnitCode: 'xzsp' },
    accept('xzsp', '2026-08-19T09:30:00+08:00'),
    communicate(
      'xzsp',
      '2026-09-22T15:30:00+08:00',
      'phone',
      '电话联系陈刚正委员，介绍惠企政策兑现平台的建设方案和首批政策梳理情况，听取关于“免申即享”政策范围的意见。',
    ),
    reply(huiqiHeading, 'xzsp', '2026-11-16T16:00:00+08:00', 'B', true, [
      '您提出的关于“建设‘免申即享’惠企政策兑现平台”的提案收悉。现答复如下：',
      '一、建设统一的惠企政策平台。我局已会同市发展和改革委员会、市工业和信息化局、市财政局启动全市惠企政策兑现平台建设，首批归集市级惠企政策156条，计划于2026年12月底前上线试运行，实现政策“一站查询、一网申报”。',
      '二、开展政策精准推送。平台依托市数据共享交换平台，对接市场主体登记、纳税、社保参保等数据，按行业、规模、区域等标签为企业精准画像，主动推送可享受的政策。',
      '三、推行“免申即享”。对条件明确、数据可核验的政策，逐步推行系统自动比对、资金直达，2027年首批梳理不少于20项“免申即享”政策事项。',
      '四、公开兑现进度。平台将实时公开政策申报和兑现进度，兑现时效纳入全市营商环境监测指标。',
      '该项工作正在推进中，我局将定期向您通报平台建设进展。',
    ]),
  ],
};

const zhiyeHeading: ReplyHeading = { sessionKey: 'cppcc-10-4', number: 302, to: '民进平顶山市委' };

/** rehandling: rated unsatisfied on 2026-11-10; the new reply is due 2026-12-10. */
const zhiyeJiaoyu: DemoProposal = {
  key: 'cppcc-10-4-zhiye-jiaoyu',
  sessionKey: 'cppcc-10-4',
  number: 302,
  title: '关于深化产教融合推动职业教育高质量发展的提案',
  content: paragraphs(
    '职业教育是与经济社会发展联系最紧密的教育类型。我市是老工业基地，尼龙新材料、装备制造、能源化工等产业对技术技能人才需求旺盛，但职业院校专业设置与产业需求的匹配度不高，企业参与办学的积极性不足，校企合作多停留在签协议、挂牌子层面，学生实习实训岗位不足。',
    '为此建议：一是建立专业设置与产业需求动态调整机制，围绕尼龙新材料等主导产业新增和调整一批专业；二是遴选一批产教融合型企业，落实税费优惠等激励政策，推动企业深度参与人才培养。',
    '三是建设市域产教联合体和公共实训基地，实现院校和企业资源共享；四是推进中职、高职贯通培养，拓宽学生成长成才通道。',
  ),
  category: '教育科技',
  leadProposerKey: 'minjin',
  targetState: 'rehandling',
  steps: [
    { at: '2026-07-28T10:00:00+08:00', by: 'tianwei', action: 'submit' },
    { at: '2026-08-06T10:30:00+08:00', by: 'tianwei', action: 'review', decision: 'file' },
    { at: '2026-08-18T10:30:00+08:00', by: 'duchashi', action: 'assign', leadUnitCode: 'jiaoyu' },
    accept('jiaoyu', '2026-08-20T09:00:00+08:00'),
    communicate(
      'jiaoyu',
      '2026-09-17T17:00:00+08:00',
      'meeting',
      '市教育局召开职业教育产教融合座谈会，邀请民进平顶山市委相关负责同志和部分职业院校、企业代表参加，通报全市职业院校专业设置情况，听取关于产教融合型企业认定和实训基地建设的意见。',
    ),
    reply(zhiyeHeading, 'jiaoyu', '2026-10-28T16:00:00+08:00', 'C', false, [
      '贵委提出的关于“深化产教融合推动职业教育高质量发展”的提案收悉。现答复如下：',
      '近年来，我市职业院校围绕主导产业开设相关专业，与一批企业签订了校企合作协议，职业教育服务地方经济的能力不断增强。',
      '关于产教融合型企业认定和激励政策，涉及发展改革、财政、税务等多个部门，需在省级政策框架内统筹研究；关于建设市域产教联合体和公共实训基地，受财力条件限制，需以后逐步解决。我局将继续推进职业教育改革，不断提升人才培养质量。',
    ]),
    {
      at: '2026-11-10T10:00:00+08:00',
      by: 'tianwei',
      action: 'feedback',
      rating: 'unsatisfied',
      comment: '回执：不满意。答复对专业设置动态调整、中高职贯通培养等建议没有回应，产教联合体和实训基地建设也没有提出具体举措和时间安排。',
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// The data
// ---------------------------------------------------------------------------------------------

export const demoData: DemoData = {
  now: DEMO_NOW,
  sessions,
  units,
  proposers,
  users,
  proposals: [
    p196,
    laojiuGaizao,
    dianti,
    sifaGean,
    yingjiBiaozhi,
    gongjiaoZhuanxian,
    kehouFuwu,
    yijianshi,
    shezhiJiancha,
    ruxueYiwang,
    nongcunGongshui,
    qiyeKaiban,
    yanglao,
    xiangcunLvyou,
    yibao,
    yejianJingji,
    shaheShengtai,
    zhengwuZizhu,
    huiqiZhengce,
    zhiyeJiaoyu,
  ],
};

/** One step of the replay, with the proposal it belongs to. */
export interface DemoReplayStep {
  proposalKey: string;
  step: DemoStep;
}

/**
 * Every step of every proposal in the order a loader must replay them: by time, and in data order
 * for equal times. (A merge needs its target to exist, and the clock only moves forward.)
 */
export function demoReplayOrder(data: DemoData = demoData): DemoReplayStep[] {
  const all = data.proposals.flatMap((p) => p.steps.map((step, i) => ({ proposalKey: p.key, step, t: Date.parse(step.at), i })));
  const order = new Map(data.proposals.map((p, i) => [p.key, i]));
  all.sort((a, b) => a.t - b.t || order.get(a.proposalKey)! - order.get(b.proposalKey)! || a.i - b.i);
  return all.map(({ proposalKey, step }) => ({ proposalKey, step }));
}
