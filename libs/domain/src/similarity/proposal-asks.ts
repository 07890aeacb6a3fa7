import { ConceptMatcher, parseConceptLines, type SubjectConcept } from './subject-concepts.js';

/**
 * 诉求词典: what a proposal asks for, whatever its subject — build or add (建设、增设), renovate
 * (改造、维修), regulate (规范、整治), inspect (排查、巡查), fund (补贴、资金), price or fee (收费),
 * staff (编制、人员), a simpler procedure (简化、手续), publicity (宣传), a rule or mechanism (制度、
 * 机制), a platform (平台、信息化) — and where it asks it (农村 or 城区). Two proposals on one
 * subject concept that ask different things (规范政府采购 vs 提高采购份额; 老旧小区物业管理 vs 老旧小区
 * 改造) are two requests, not one to merge; the merge classifier reads the pair's asks (agree,
 * conflict) beside its subjects.
 *
 * Written from the ordinary verbs of proposals and official replies, not from the evaluation items.
 * Same format as the subject concepts (`id: term term …`, the id a term too; matched as substrings,
 * the longer match winning where two overlap, so 规划建设 is 建设 and not 机制). `#` lines are comments.
 */
const ASKS = `
# 建设、增设: more of a facility
建设: 新建 增建 扩建 增设 加装 配建 修建 兴建 建成 布设 铺设 安装 设立 布点 新增 补齐 配套建设 规划建设 建一批 增配 配置 开通 新开 延伸 加密 建设一批 打造
# 改造、维修: a facility that exists, better
改造: 改建 维修 修缮 翻新 翻修 更新改造 修复 加固 除险 整修 修补 维护 养护 升级 提档 提质 疏浚 清淤 硬化 拓宽 提升改造
# 规范、整治: order, enforcement
规范: 管理 整治 治理 监管 执法 查处 打击 管控 取缔 清理 严查 处罚 整顿 严管 约束 禁止 严禁 惩戒 追责 规范管理 加强管理 监督管理 专项行动 专项整治 劝导
# 排查、巡查: looking for a problem
排查: 巡查 巡逻 检查 检测 监测 预警 摸排 普查 抽检 监控 隐患排查 评估
# 资金、补贴: money
资金: 补贴 补助 奖补 经费 扶持 投入 贴息 减免 贷款 融资 奖励 资助 津贴 补偿 拨付 兑付 专项债 财政支持 资金支持 基金 保险
# 收费、价格: what people pay
收费: 价格 费用 票价 定价 降价 涨价 免费 减费 降费 乱收费 费率 缴费 收费标准 报销 自付 负担重
# 比例、标准: a share, a quota, a level raised
比例: 份额 比重 上限 额度 覆盖率 标准 门槛 待遇标准 起付线 指标
# 人员、编制: people to do it
人员: 编制 队伍 人才 招聘 待遇 岗位 师资 配备 专职 社工 网格员 力量 培养 薪酬 工作人员 专业人员 人手 缺员
# 流程、手续: a procedure made simpler
流程: 简化 手续 审批 办理 一网通办 材料 时限 便利 跑腿 办证 通办 证明 窗口 预约 一次办 就近办 免申即享 登记 申请
# 宣传、培训: people told, taught
宣传: 普及 科普 培训 讲座 引导 倡导 推广 意识 教育引导 宣传教育 演练
# 制度、机制: a rule, a plan, a mechanism
机制: 制度 政策 出台 制定 办法 条例 立法 细则 规划 考核 联动 协调 统筹 试点 清单 长效 体系
# 平台、信息化: a system, data, online
平台: 信息化 智慧 数据 系统 小程序 线上 网上 数字化 智能化 互联网 共享 信息
`;

const PLACES = `
农村: 乡村 村庄 行政村 自然村 乡镇 山区 村民 村级 村里 农户 偏远 镇村 村组 农民
城区: 市区 城市 街道 主城区 中心城区 城中 小区 社区 商圈 街巷 背街小巷 楼道 居民楼
`;

/** The built-in asks (诉求) and places (地点): two small lists of `id: terms`. */
export const PROPOSAL_ASKS: readonly SubjectConcept[] = parseConceptLines(ASKS);
export const PROPOSAL_PLACES: readonly SubjectConcept[] = parseConceptLines(PLACES);

/** What a text asks for and where: ask id → count, place id → count (substrings, the longer match winning). */
export class AskMatcher {
  private readonly asks = new ConceptMatcher(PROPOSAL_ASKS);
  private readonly places = new ConceptMatcher(PROPOSAL_PLACES);

  asksOf(text: string): Map<string, number> {
    return this.asks.match(text);
  }

  placesOf(text: string): Map<string, number> {
    return this.places.match(text);
  }

  /**
   * Why two texts are two requests, whatever else they share, or null: their titles ask different
   * things (each title names an ask and they share none: 规范政府采购管理 / 提高采购预留份额), or each
   * names one place and they differ (农村治安防控 / 城区夜间治安巡逻).
   */
  conflict(a: { title: string; content: string }, b: { title: string; content: string }): AskConflict | null {
    const ta = [...this.asksOf(a.title).keys()], tb = new Set(this.asksOf(b.title).keys());
    if (ta.length && tb.size && !ta.some((x) => tb.has(x))) return { kind: 'ask', a: ta, b: [...tb] };
    const pa = [...this.placesOf(`${a.title} ${a.content}`).keys()], pb = [...this.placesOf(`${b.title} ${b.content}`).keys()];
    if (pa.length === 1 && pb.length === 1 && pa[0] !== pb[0]) return { kind: 'place', a: pa, b: pb };
    return null;
  }
}

/** Two texts' different asks (诉求不同) or places (地点不同): the ids on each side. */
export interface AskConflict {
  kind: 'ask' | 'place';
  a: string[];
  b: string[];
}

/** How a conflict reads to a person: 诉求不同（规范／比例）, 地点不同（农村／城区）. */
export const askConflictLabel = (c: AskConflict): string => `${c.kind === 'ask' ? '诉求不同' : '地点不同'}（${c.a.join('、')}／${c.b.join('、')}）`;
