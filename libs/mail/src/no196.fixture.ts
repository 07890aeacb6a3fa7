import type { MailContext, MailDeadline, MailProposal, MailUnit } from './types.js';

/**
 * Test data: proposal No. 196 of 市政协十届二次会议, the real case of
 * seeds/000_dcac331517a667fb.txt. The reply is copied verbatim from the seed, line breaks and
 * the three no-break-space lines before the date included; the proposal id is invented. The
 * explanations are what the domain's deadline calculator gives for an assignment on 2024-03-26
 * and a reply on 2024-06-26.
 */

export const NO196: MailProposal = {
  id: '7d1c5a9e-3f2b-4c61-9a0e-196196196196',
  sessionName: '市政协十届二次会议',
  number: 196,
  title: '以营商环境为主线强力推进我市数字政府建设',
  key: false,
  leaderName: null,
  themes: ['营商环境', '数字政府'],
  proposers: '陈刚正委员',
};

/** The lead unit, with the contact person and telephone printed under the reply. */
export const XZSP: MailUnit = { name: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162' };

export const SUPERVISION = '市政府督查室';

/** At the assignment: Tuesday 26 March 2024, 10:00 Beijing time. */
export const ASSIGNED_CTX: MailContext = { publicUrl: 'http://localhost:3000', now: new Date('2024-03-26T10:00:00+08:00') };

export const PROPOSAL_URL = `http://localhost:3000/proposals/${NO196.id}`;

export const REPLY_DEADLINE: MailDeadline = {
  kind: 'reply',
  dueOn: '2024-06-26',
  explanation:
    '答复期限：2024-03-26 交办；按《民法典》第二百零一条至第二百零三条，自次日起算3个月，至2024-06-26；该日为工作日，截止2024-06-26 24:00（北京时间）',
};

export const CO_OPINION_DEADLINE: MailDeadline = {
  kind: 'co_opinion',
  dueOn: '2024-04-26',
  explanation:
    '协办意见期限：2024-03-26 交办；按《民法典》第二百零一条至第二百零三条，自次日起算1个月，至2024-04-26；该日为工作日，截止2024-04-26 24:00（北京时间）',
};

export const ADJUSTMENT_DUE_ON = '2024-04-02';

export const FEEDBACK_DEADLINE: MailDeadline = {
  kind: 'feedback',
  dueOn: '2024-07-24',
  explanation:
    '反馈（回执）期限：2024-06-26 答复；自次日起算20个工作日（按国务院节假日及调休安排和本地调整），至第20个工作日2024-07-24；截止2024-07-24 24:00（北京时间）',
};

export const PUBLICATION_DEADLINE: MailDeadline = {
  kind: 'publication',
  dueOn: '2024-07-24',
  explanation:
    '公开期限：2024-06-26 答复；自次日起算20个工作日（按国务院节假日及调休安排和本地调整），至第20个工作日2024-07-24；截止2024-07-24 24:00（北京时间）',
};

export const REHANDLING_DEADLINE: MailDeadline = {
  kind: 'rehandling',
  dueOn: '2024-08-05',
  explanation:
    '重新办理期限：2024-07-05 不满意评价；按《民法典》第二百零一条至第二百零三条，自次日起算1个月，至2024-08-05；该日为工作日，截止2024-08-05 24:00（北京时间）',
};

/** 答复内容, verbatim from the seed: from the heading to the date line. */
export const NO196_REPLY_CONTENT = `对市政协十届二次会议

第196号提案的答复


陈刚正委员:

您提出的关于“以营商环境为主线强力推进我市数字政府建设”的提案收悉。现答复如下:

一、关于您提出的“成立高规格的数字化政府领导小组”的建议

为加强数字政府建设,提升政府治理体系和治理能力现代化水平,按照《河南省数字政府建设总体规划(2020-2022年)》(豫政〔2020〕35号)有关要求,2021年7月我市成立了高规格的“平顶山市数字政府建设工作领导小组”,市长任组长,常务副市长任副组长,各单位一把手任组员,领导小组下设办公室,办公室设在市政务服务和大数据管理局。领导小组统筹推进全市数字政府建设及政务服务和大数据管理工作,协调解决重点难点问题,指导督促各县(市、区)、各部门落实“数字政府”建设和“互联网+政务服务”等工作任务。

二、关于您提出的“借鉴外地成功经验,尽快启动我市统一的政务服务和管理数字化平台建设”的建议。

为贯彻落实国家、省、市领导对于社会治理的重要指示, 2022年12月平顶山市社会治理现代化指挥中心正式启动使用,并于23年6月组建工作专班。场馆按照“平战结合”进行布局,已入驻城管、12345民生服务热线、公安、应急等16部门280余人,实行专班负责、集中办公、统一管理,涵盖指挥调度、城市管理、民生服务、综合值班、新闻发布、数字化发展展示、科创协同等功能,成为市委、市政府指挥调度的总平台和鹰城新地标。

目前,中心已建设形成“一网、两云、一中枢、三中心、N应用、一入口”新型智慧城市建设框架。搭建城市级数据中台,建成新型智慧城市生长发展的“总基座”,目前已经接入国家、省、市相关单位百余个业务系统,汇聚8亿条数据,数据交换量突破54亿次,呈爆发式增长,打破“数据烟囱”、“信息孤岛”,成效初显。搭建综合指挥调度平台、视频汇聚共享平台、融合通信平台、视频AI解析平台、“掌上鹰城”APP,建立平战结合、层级分明、责权明晰、高效协同的指挥调度体系。已汇聚视频资源4.7万路,部署AI算法63个,接通党政、应急、公安等7部门专线,接入调度指挥相关系统30余个,建成涵盖1000余项指标的城市运行监测体系。

三、关于您提出的“同步培育相关人才,掌握相关核心技术,为数字政务、智慧政务的健康运维、持续提高奠定坚实基础”的建议。

2023年3月,平顶山市行政审批和政务信息管理局与河南城建学院联合成立平顶山市大数据政务应用工程技术研究中心(以下简称“研究中心”)。研究中心为“政校合作”的承载平台,采用“N+1+N”运作模式,以开展平顶山市行政审批和政务信息管理局一局两中心一公司的N个任务为课题研究驱动,以1个研究中心为平台,以河南城建学院N个相关院系参与研究转化成果驱动,在优化营商环境、智慧政务建设、公共数据创新应用、城市安全运营管理、智慧城市建设与管理等多方面发布课题任务并进行合作研究,为新时期大数据行业发展引领下的政府部门政策制定与优化、行业决策、民生聚焦问题化解以及学术研究提供技术支持。

研究中心出台《平顶山市大数据政务应用工程技术研究中心组织架构及运行机制》,成立领导小组,实行政校双领导模式,下设领导小组、管理委员会、学术委员会、管理部门与研究中心;制定研究中心运行机制,建立科研项目从征集到成果运用与转化的7个环节运行机制,确保政校合作项目科学立项、规范运行、发挥实效。加强城市体检工作沟通合作,为城建学院提供政务数据共享和GIS地图服务,城建学院反馈城市体检数据和3D建模图像,现正在研究技术对接问题。

四、关于您提出的“以政务服务、执法监管为重点,持续推进政府数字化、标准化和网络化建设”的建议。

为贯彻落实《河南省人民政府推进政府职能转变和“放管服“改革协调小组办公室关于开展”互联网+监管“市级试点工作的通知》(豫“放管服”组办〔2020〕4号)精神,平顶山市行政审批和政务信息管理局牵头建设“互联网+监管平台”,对全市31个部门共计780个执法事项的行政执法过程进行全流程监督,有助于各相关政府部门规范执法,提高执法质量和效率,推动实现规范监管、精准监管、联合监管、信用监管、审管联动,为持续打造公开透明、竞争有序的营商环境提供强有力的监管数据支撑。

五、关于您提出的“以营商环境为主线,通过智慧政务功能全面提升我市社会治理现代化水平”的建议。

(一)实现电子证照“应制尽制”、“应发尽发”和“应用尽用”。电子证照系统通过数据共享交换平台与政务系统对接,可调取电子证照全量数据,我市政务服务系统通过共享电子证照使用实现528项政务服务事项“免证办”。

(二)推动政务服务事项“一窗受理、一网通办”。结合我市实际情况,我局整合汇聚各服务渠道和能力,打破数据孤岛,进一步提升“综合窗口受理、后台分类审批、统一窗口出件”的服务能力。

(三)优化办事流程,推动“一件事一次办”。建立多部门联办机制,通过流程再造和信息共享,整合部门资源、优化办事流程、减少办事环节、整合办事材料、缩短办事时限、减免办事费用,构建“一件事一次办”跨部门办理模式;为群众一次告知、一次表单、一次受理、一次联办、一次送达,实现“一件事一次办”,方便办事群众和办事企业,提高群众满意度和政府服务效能。

(四)加快推动新技术场景应用,推广“四电”应用。以公众和企业办事需求为导向,通过推广“四电”应用,优化政务服务流程,删繁化简,去重除冗,减条件、减材料、减环节,实现政务服务精准供给,让数据“多跑路”,让群众“少跑路”,大幅提高政务服务的在线化、个性化、智能化水平。

(五)推动豫事办可办件上线量。以平顶山市交换平台数据接口为基础,统计制定以现有接口数据可上架应用清单。做到应用能上尽上,尽可能的方便办事群众。围绕数据多跑路,群众少跑路的宗旨,提升查询或办理应用上架数量以及应用的上架率。

\u00a0

\u00a0

\u00a0

2024年6月26日`;

export const NO196_REPLY = {
  content: NO196_REPLY_CONTENT,
  resultCategory: 'A',
  resultLabel: '所提问题已经解决或基本解决',
  signedBy: '市行政审批和政务信息管理局',
  contactName: '王',
  contactPhone: '2580162',
  submittedOn: '2024-06-26',
};

/** A title that tries to inject markup. */
export const HOSTILE: MailProposal = { ...NO196, title: '<script>alert("x")</script>关于“数字政府”&营商环境' };


/** What a reader of the HTML sees: tags dropped, entities decoded, <br> and block ends as line breaks. */
export function visibleText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|tr|h\d|table|div)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
