// The words of the generated demo city (lib/demo/generate.ts), in the style of the published
// 项目绩效目标公开表 (table 12; see the seed, prisma/seed-data): project names such as XX系统运维费,
// XX专项资金, XX工作经费, 办公设备购置; indicators such as 数量指标：购买打印纸(≥50箱). Everything here
// is data; lib/demo/plan.ts draws from it with a seeded random source.
//
// An indicator line is "名称|指标值": the name and the target exactly as a table cell writes them
// inside the parentheses (≥50箱, =100%, ≤12月底, 是, 良好). Placeholders:
//   {a-b}      a whole number from a to b;        {a|b|c}  one of the choices;
//   {topic}    a line of work of the bureau;      {short}  the bureau's short name (教育);
//   {sys}      the information system;           {item}   the project's subject (its name by default);
//   {name}     the project's name;
//   {year}     the fiscal year;                  {budget} the project's budget in 万元;
//   {invest}   1–5 times the budget, in 万元 (带动社会投资).
// The target text is read back with the product's own parser (lib/targets/parse-target.ts), so
// what is stored is what an import of the same table would store.

import type { Category } from "@/lib/targets/types";

export type KindKey = "system" | "fund" | "subsidy" | "work" | "equipment" | "service" | "construction" | "training" | "publicity" | "overhead";

export interface Variant {
  /** The project name; may use {topic} {short} {sys} {fund} {city}. */
  name: string;
  /** The subject for {item} in indicator names; the name itself when absent. */
  item?: string;
  /** Indicator lines that replace the kind's own for these categories. */
  lines?: Partial<Record<Category, readonly string[]>>;
  goal?: string;
  payees?: ProjectKind["payees"];
}

export interface ProjectKind {
  key: KindKey;
  /** How often the kind occurs among a bureau's projects. */
  weight: number;
  /** Typical budget in 万元 (log-normal median) and spread. */
  median: number;
  sigma: number;
  variants: readonly Variant[];
  /** Indicator lines by category; 数量, 质量, 时效, 成本 and 满意度 are always present, and one of `benefits`. */
  lines: Partial<Record<Category, readonly string[]>>;
  benefits: readonly Category[];
  goal: string;
  /** 支出经济分类 of the kind's payments. */
  economicClasses: readonly string[];
  payees: "vendor" | "lawyer" | "accountant" | "builder" | "subsidy" | "staff" | "media";
  /** 摘要 of a payment; {m} is the month, {item} the subject. */
  descriptions: readonly string[];
}

export const SYSTEMS: readonly string[] = [
  "业务管理系统", "综合信息平台", "数据共享交换平台", "视频监控系统", "办公自动化系统", "门户网站",
  "档案管理系统", "网络安全防护系统", "数据中心机房", "移动办公平台", "应急指挥平台", "视频会议系统",
];

export const KINDS: readonly ProjectKind[] = [
  {
    key: "system",
    weight: 16,
    median: 25,
    sigma: 1.1,
    variants: [
      { name: "{short}{sys}运维费", item: "{sys}运维" },
      { name: "{sys}运行维护费", item: "{sys}运行维护" },
      { name: "{short}{sys}升级改造", item: "{sys}升级改造" },
      {
        name: "政务外网线路租金",
        item: "线路租金",
        lines: { 数量: ["政务外网线路租用数量|={1-4}条", "视频会议线路租用数量|={1-3}条"], 质量: ["线路连通率|≥{99|99.9}%"], 可持续效益: ["保障线路安全稳定|≥99%"] },
        goal: "做好电子政务外网线路保障工作，确保线路安全稳定。",
      },
    ],
    lines: {
      数量: ["运维{sys}数量|={1-6}个", "机房巡检|=1次/月", "年度巡检次数|≥{12-48}次", "安全漏洞扫描|≥{4-12}次", "数据备份次数|≥{12-52}次"],
      质量: ["系统故障排除率|=100%", "系统正常运行率|≥{98|99}%", "等保测评通过率|=100%", "数据备份完整率|=100%"],
      时效: ["故障响应时间|≤{15|30|60}分钟", "各项工作任务完成时间|=12月", "运维服务合同签订时间|≤{3|4|5}月底"],
      成本: ["{item}费用|≤{budget}万元", "预算控制率|≤100%"],
      社会效益: ["提升{short}业务办理效率|良好"],
      可持续效益: ["{sys}安全稳定运行|=1年", "重要系统安全事故数|=0个", "系统可用率|≥{99|99.5}%"],
      满意度: ["系统使用人员满意度|≥{85|90|95}%", "全年用户投诉量|≤{10-50}个"],
    },
    benefits: ["可持续效益", "社会效益"],
    goal: "保障{sys}安全稳定运行，及时排除系统故障，提升{short}业务信息化服务水平。",
    economicClasses: ["30213 维修（护）费", "30227 委托业务费", "30207 邮电费"],
    payees: "vendor",
    descriptions: ["支付{m}月运维服务费", "支付{item}服务费（第{k}期）", "支付系统巡检服务费", "支付{item}费用"],
  },
  {
    key: "fund",
    weight: 12,
    median: 180,
    sigma: 1.3,
    variants: [{ name: "{fund}" }, { name: "{city}{fund}" }],
    lines: {
      数量: ["支持{topic}项目数量|≥{5-40}个", "覆盖县区数量|≥{5|10}个", "开展督导检查次数|≥{2-12}次", "受益人数|≥{500-20000}人"],
      质量: ["项目验收合格率|=100%", "资金使用合规率|=100%", "{topic}工作质量|良好"],
      时效: ["年内支出进度|≥{85|90|95}%", "资金下达时间|≤{3|6|9}月底", "项目开工时间|≤{6|9|12}月底"],
      成本: ["预算控制率|≤100%", "项目资金控制数|≤{budget}万元"],
      经济效益: ["带动社会投资|≥{invest}万元"],
      社会效益: ["推动{topic}工作高质量发展|良好"],
      可持续效益: ["对{topic}可持续发展的影响|良好"],
      满意度: ["服务对象满意度|≥{85|90}%", "受益群众满意度|≥{85|90|95}%"],
    },
    benefits: ["社会效益", "经济效益", "可持续效益"],
    goal: "用好{item}，支持{topic}项目建设，推动全市{topic}工作提质增效。",
    economicClasses: ["30227 委托业务费", "31005 基础设施建设", "31299 其他对企业补助", "39999 其他支出"],
    payees: "vendor",
    descriptions: ["拨付{item}（第{k}批）", "支付项目建设进度款", "拨付项目补助资金", "支付第三方评审服务费"],
  },
  {
    key: "subsidy",
    weight: 7,
    median: 120,
    sigma: 1.2,
    variants: [{ name: "{fund}" }],
    lines: {
      数量: ["补助对象人数|≥{200-50000}人", "补助发放户数|≥{100-5000}户", "补贴发放人次|≥{1000-80000}人次"],
      质量: ["补助发放准确率|=100%", "补助对象认定准确率|≥{98|99}%", "资金发放合规率|=100%"],
      时效: ["补助资金发放时间|≤{6|9|12}月底", "年内支出进度|≥90%"],
      成本: ["人均补助标准|≤{300-3000}元/人", "预算控制率|≤100%"],
      社会效益: ["保障困难群众基本生活|良好", "政策知晓率|≥{85|90}%"],
      满意度: ["受助对象满意度|≥{90|95}%", "全年信访投诉量|≤{5-20}件"],
    },
    benefits: ["社会效益"],
    goal: "按标准及时足额发放补助，保障补助对象基本生活，提高群众获得感和满意度。",
    economicClasses: ["30305 生活补助", "30399 其他对个人和家庭的补助", "30306 救济费"],
    payees: "subsidy",
    descriptions: ["发放{m}月补助资金", "发放{item}（第{k}批）", "补发上月补助"],
  },
  {
    key: "work",
    weight: 18,
    median: 12,
    sigma: 1.0,
    variants: [{ name: "{topic}工作经费" }, { name: "{topic}专项工作经费" }],
    lines: {
      数量: ["开展{topic}检查次数|≥{4-24}次", "召开工作会议次数|≥{2-6}次", "印发工作简报|≥{6-24}期", "开展专项调研次数|≥{2-6}次"],
      质量: ["{topic}工作成效|良好", "工作任务完成率|=100%", "问题整改完成率|≥{90|95}%"],
      时效: ["各项工作任务完成时间|=12月", "{year}年12月底前完成年度工作任务|是", "年内支出进度|≥90%"],
      成本: ["预算控制率|≤100%", "{name}|≤{budget}万元"],
      社会效益: ["提升{topic}工作水平|良好"],
      可持续效益: ["提高单位履职能力|良好", "建立长效工作机制|是"],
      满意度: ["服务对象满意度|≥{85|90}%", "局内各业务科室满意度|≥90%"],
    },
    benefits: ["可持续效益", "社会效益"],
    goal: "保障{topic}各项工作顺利开展，按期完成年度工作任务，提升单位履职能力。",
    economicClasses: ["30211 差旅费", "30215 会议费", "30201 办公费", "30202 印刷费", "30226 劳务费"],
    payees: "staff",
    descriptions: ["报销{topic}检查差旅费", "支付会议场地费", "支付资料印刷费", "支付专家劳务费", "公务卡还款"],
  },
  {
    key: "equipment",
    weight: 9,
    median: 6,
    sigma: 0.9,
    variants: [
      { name: "办公设备购置", lines: { 数量: ["碎纸机|={2-6}台", "书柜|={2-10}张", "椅子|={5-30}把", "办公桌|={2-10}张", "千兆交换机|={2-10}个", "台式计算机|={5-40}台", "打印机|={2-10}台"] } },
      { name: "日常办公耗材购置", lines: { 数量: ["购买打印纸|≥{20-100}箱", "购买硒鼓墨盒|≥{10-60}个"], 质量: ["购买的耗材符合质量标准|是"] } },
      { name: "{short}业务专用设备购置", lines: { 数量: ["专用设备|={2-20}台", "便携式检测仪|={2-10}台"] } },
      { name: "执法装备购置", lines: { 数量: ["执法记录仪|={10-60}台", "执法终端|={5-30}台"] } },
      { name: "档案密集柜购置", lines: { 数量: ["档案密集柜|={10-80}列"] } },
    ],
    lines: {
      数量: ["台式计算机|={5-40}台"],
      质量: ["采购符合标准、正规厂产品|=100%", "设备验收合格率|=100%"],
      时效: ["{year}年12月底前完成采购合同|是", "各项任务完成时间|=12月", "设备采购完成时间|≤{6|9|10}月底"],
      成本: ["{name}费|≤{budget}万元", "预算控制率|≤100%"],
      可持续效益: ["提高工作效率|良好", "维持单位正常运转|是"],
      满意度: ["局内各业务科室满意度|≥90%", "设备使用人员满意度|≥{90|95}%"],
    },
    benefits: ["可持续效益"],
    goal: "配齐配全单位办公设备，维持正常业务运行，提高工作效率。",
    economicClasses: ["31002 办公设备购置", "30201 办公费", "31003 专用设备购置"],
    payees: "vendor",
    descriptions: ["支付{name}款", "支付设备采购款", "支付设备尾款"],
  },
  {
    key: "service",
    weight: 12,
    median: 10,
    sigma: 0.9,
    variants: [
      { name: "法律顾问费", item: "法律顾问服务", payees: "lawyer", lines: { 数量: ["出具法律意见书|≥{10-40}份", "年内召开法律讲座次数|≥{2-4}次"], 时效: ["聘请的法律顾问能按时出具法律意见书|是"] }, goal: "提升职工法律意识，防范和降低单位法律风险。" },
      { name: "档案数字化加工服务费", item: "档案数字化加工服务", lines: { 数量: ["数字化加工档案|≥{5-50}万页", "档案目录著录|≥{1-10}万条"], 质量: ["数字化加工合格率|≥{98|99}%"] } },
      { name: "政务新媒体运营服务费", item: "政务新媒体运营服务", lines: { 数量: ["发布政务信息|≥{200-1200}条", "年度开展监测数|≥{4-12}次"], 质量: ["质保服务|优"] } },
      { name: "物业管理服务费", item: "物业管理服务", lines: { 数量: ["物业服务面积|={2000-30000}平方米"], 质量: ["物业服务质量|良好"] } },
      { name: "第三方审计服务费", item: "第三方审计服务", payees: "accountant", lines: { 数量: ["开展审计项目数量|≥{3-15}个"], 质量: ["审计报告质量|优"] } },
      { name: "安保服务费", item: "安保服务", lines: { 数量: ["安保人员|={4-20}名"], 质量: ["安全事故发生率|=0%"] } },
      { name: "{short}信息系统等级保护测评费", item: "等级保护测评服务", lines: { 数量: ["进行三级安全等级保护测评的系统数量|={1-6}个", "商用密码应用安全评估|={1-3}个"], 质量: ["测评通过率|=100%"] } },
      { name: "预算绩效评价服务费", item: "预算绩效评价服务", payees: "accountant", lines: { 数量: ["开展重点评价项目数量|≥{3-12}个"], 质量: ["评价报告质量|优"] } },
    ],
    lines: {
      数量: ["服务合同数量|={1-3}份"],
      质量: ["服务质量|优", "服务合同履约率|=100%"],
      时效: ["各项工作任务完成时间|=12月", "服务合同签订时间|≤{2|3}月底"],
      成本: ["预算控制率|≤100%", "{name}|≤{budget}万元"],
      社会效益: ["降低单位运行风险|良好"],
      可持续效益: ["保障单位正常运转|良好"],
      满意度: ["服务对象满意度|≥90%", "局内职工满意程度|≥90%"],
    },
    benefits: ["可持续效益", "社会效益"],
    goal: "通过政府购买服务，按合同完成{item}相关工作，提升服务质量。",
    economicClasses: ["30227 委托业务费", "30209 物业管理费", "30226 劳务费"],
    payees: "vendor",
    descriptions: ["支付{item}费（第{k}季度）", "支付{m}月服务费", "支付服务合同款"],
  },
  {
    key: "construction",
    weight: 5,
    median: 90,
    sigma: 1.2,
    variants: [{ name: "办公楼维修改造工程" }, { name: "{short}业务用房维修改造" }, { name: "消防设施改造工程" }, { name: "无障碍设施改造工程" }],
    lines: {
      数量: ["维修改造面积|≥{300-8000}平方米", "新建改造设施数量|≥{2-20}处", "更换消防设施|≥{20-200}套"],
      质量: ["工程验收合格率|=100%", "工程质量达标|是"],
      时效: ["工程竣工时间|≤{9|10|11|12}月底", "项目开工时间|≤{3|4|5|6}月底"],
      成本: ["工程造价控制|≤{budget}万元", "预算控制率|≤100%"],
      社会效益: ["改善办公和服务条件|良好"],
      可持续效益: ["施工安全事故|=0起"],
      满意度: ["使用单位满意度|≥{85|90}%"],
    },
    benefits: ["社会效益", "可持续效益"],
    goal: "按期完成{item}，消除安全隐患，改善办公和服务条件。",
    economicClasses: ["31006 大型修缮", "30213 维修（护）费", "31005 基础设施建设"],
    payees: "builder",
    descriptions: ["支付{item}进度款", "支付工程预付款", "支付工程监理费", "支付工程结算款"],
  },
  {
    key: "training",
    weight: 7,
    median: 8,
    sigma: 0.9,
    variants: [{ name: "{topic}业务培训经费" }, { name: "全市{topic}培训经费" }],
    lines: {
      数量: ["举办培训班期数|≥{2-10}期", "培训人次|≥{100-2000}人次"],
      质量: ["培训合格率|≥{90|95}%", "培训效果|良好"],
      时效: ["各项工作任务完成时间|=12月", "年内支出进度|≥90%"],
      成本: ["人均培训成本|≤{200-800}元/人", "预算控制率|≤100%"],
      社会效益: ["提升干部业务能力|良好"],
      满意度: ["参训人员满意度|≥{85|90|95}%"],
    },
    benefits: ["社会效益"],
    goal: "组织开展{topic}业务培训，提升干部职工业务能力和履职水平。",
    economicClasses: ["30216 培训费", "30202 印刷费", "30226 劳务费"],
    payees: "staff",
    descriptions: ["支付第{k}期培训班场地费", "支付培训授课劳务费", "支付培训资料印刷费"],
  },
  {
    key: "publicity",
    weight: 6,
    median: 10,
    sigma: 0.9,
    variants: [{ name: "{topic}宣传活动经费" }, { name: "{topic}宣传经费" }],
    lines: {
      数量: ["开展宣传活动场次|≥{4-30}场", "发放宣传资料|≥{1000-20000}份", "媒体宣传报道|≥{10-60}篇"],
      质量: ["宣传覆盖率|≥{80|90}%", "宣传活动质量|良好"],
      时效: ["{year}年12月底前完成宣传活动|是", "各项工作任务完成时间|=12月"],
      成本: ["预算控制率|≤100%", "{name}|≤{budget}万元"],
      社会效益: ["群众知晓率|≥{80|85|90}%", "提高社会公众对{topic}的认知|良好"],
      满意度: ["群众满意度|≥{85|90}%"],
    },
    benefits: ["社会效益"],
    goal: "广泛开展{topic}宣传活动，提高群众知晓率和参与度。",
    economicClasses: ["30202 印刷费", "30227 委托业务费", "30299 其他商品和服务支出"],
    payees: "media",
    descriptions: ["支付宣传品制作费", "支付宣传活动服务费", "支付媒体宣传费"],
  },
  {
    key: "overhead",
    weight: 8,
    median: 3,
    sigma: 0.8,
    variants: [
      { name: "第一书记驻村工作经费", lines: { 数量: ["年内开展乡村振兴互助次数|≥{2-6}次"], 质量: ["驻村工作成效|良好"] }, goal: "提高第一书记驻村期间各项工作的效率，做好后勤保障。" },
      { name: "党建工作经费", lines: { 数量: ["开展主题党日活动次数|≥{6-12}次", "党员教育培训人次|≥{30-300}人次"], 质量: ["党建工作考核等次|优"] }, goal: "加强机关党的建设，落实全面从严治党责任。" },
      { name: "安全生产工作经费", lines: { 数量: ["开展安全检查次数|≥{4-12}次", "组织应急演练次数|≥{1-4}次"], 质量: ["安全隐患整改率|=100%"] }, goal: "落实安全生产责任制，及时排查整改安全隐患。" },
      { name: "保密工作经费", lines: { 数量: ["开展保密检查次数|≥{2-6}次"], 质量: ["保障保密机房正常运转|是"] }, goal: "做好保密宣传教育和保密检查，确保不发生泄密事件。" },
      { name: "精神文明创建工作经费", lines: { 数量: ["开展志愿服务活动次数|≥{6-24}次"], 质量: ["文明单位创建成效|良好"] }, goal: "深化文明单位创建，常态化开展志愿服务活动。" },
      { name: "保密机房维护费", lines: { 数量: ["保障保密机房数量|=1个"], 质量: ["保障保密机房正常运转|是"], 时效: ["年度12个月内保密机房正在运转|是"] }, goal: "确保保密机房正常运转。" },
    ],
    lines: {
      数量: ["开展工作次数|≥{2-12}次"],
      质量: ["工作成效|良好"],
      时效: ["{year}年12月底前完成|是", "经费支出完毕时间|≤12月底"],
      成本: ["预算控制率|≤100%"],
      社会效益: ["提升单位工作效率|良好"],
      可持续效益: ["维持局内正常运转，提高单位履职能力|良好", "保障工作正常开展|是"],
      满意度: ["局内职工满意程度|≥90%", "服务对象满意度|≥90%"],
    },
    benefits: ["可持续效益", "社会效益"],
    goal: "保障单位各项工作顺利开展，按期完成年度任务。",
    economicClasses: ["30211 差旅费", "30201 办公费", "30299 其他商品和服务支出"],
    payees: "staff",
    descriptions: ["报销{m}月工作经费", "公务卡还款", "支付活动物资采购费"],
  },
];

/** 数量 · 质量 · 时效 · 成本 · (one 效益) · 满意度: every generated project has these six, like the seed. */
export const REQUIRED_CATEGORIES: readonly Category[] = ["数量", "质量", "时效", "成本", "满意度"];

// Payees (收款方/用途) by kind of payment.
export const FIRM_CORES: readonly string[] = [
  "恒达", "华信", "众联", "博远", "金桥", "鼎盛", "龙城", "融创", "数智", "星辰", "瑞丰", "天成", "宏图",
  "中科", "汇通", "佳和", "正信", "顺安", "德润", "新锐", "柳信", "桂通", "智联", "远航", "嘉禾",
];
export const FIRM_PREFIXES: readonly string[] = ["广西", "柳州市", "广西柳州"];
export const FIRM_TRADES: Readonly<Record<"vendor" | "builder" | "media", readonly string[]>> = {
  vendor: ["信息技术有限公司", "科技有限公司", "网络科技有限公司", "办公设备有限公司", "商贸有限责任公司", "物业服务有限公司", "软件有限公司"],
  builder: ["建筑工程有限公司", "建设工程有限公司", "装饰工程有限公司", "消防工程有限公司"],
  media: ["文化传媒有限公司", "广告有限公司", "文化传播有限公司", "印务有限公司"],
};
export const STAFF_PAYEES: readonly string[] = ["差旅费报销", "公务卡还款", "会议费", "印刷费", "专家劳务费", "培训场地租赁费", "资料费"];
export const SUBSIDY_PAYEES: readonly string[] = ["补助对象（社会保障卡代发）", "补助对象（银行代发）", "各县区财政局", "各乡镇人民政府"];

/** Deviation causes (偏差原因) and corrective actions (纠偏措施), by cause. */
export const CORRECTIVE_ACTIONS: Readonly<Record<"FUNDING" | "RULES" | "STAFFING" | "EQUIPMENT" | "OTHER", readonly string[]>> = {
  FUNDING: ["加快资金拨付进度，督促项目单位及时报账。", "与财政部门沟通，尽快落实后续资金。", "调整资金使用计划，优先保障重点任务。"],
  RULES: ["完善内部管理制度，明确各环节完成时限。", "修订项目管理办法，压实责任分工。", "建立周调度机制，逐项跟踪落实。"],
  STAFFING: ["调配业务骨干充实工作力量，确保按期完成。", "加强人员培训，提高工作效率。", "协调借调人员，集中力量推进。"],
  EQUIPMENT: ["加快设备采购和调试，尽快恢复正常运行。", "协调供应商加快供货进度。", "更换老旧设备，消除故障隐患。"],
  OTHER: ["受客观因素影响进度滞后，已调整工作计划，下季度集中推进。", "加强与相关部门沟通协调，倒排工期推进。", "已制定整改方案，逐项跟踪落实。"],
};

export const RETURN_COMMENTS: readonly string[] = [
  "部分指标实际完成值与佐证材料不一致，请核实后重新提交。",
  "滞后指标未说明偏差原因，请补充纠偏措施。",
  "请补充上传本月支出凭证等佐证材料。",
  "成本指标实际完成值与支出台账不符，请核对。",
];
export const APPROVE_COMMENTS: readonly string[] = ["同意。", "审核通过。", "已核对佐证材料，同意。"];

export const ADJUSTMENT_REASONS: Readonly<Record<"up" | "down", readonly string[]>> = {
  up: ["根据市政府常务会议决定追加预算", "因工作任务增加追加项目资金", "上级补助资金到位，追加预算"],
  down: ["按财政部门要求压减一般性支出", "项目实施内容调整，调减预算", "收回结余资金"],
};

// Person names for display names: common surnames of Guangxi (覃, 韦, 莫, 蒙, 蓝 …) and given names.
export const SURNAMES: readonly string[] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "覃", "韦", "莫", "蒙", "梁", "蓝", "廖", "罗", "谢", "唐", "潘", "农", "卢", "何"];
export const GIVEN_NAMES: readonly string[] = [
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华",
  "建国", "海燕", "晓东", "志强", "雪梅", "永红", "春燕", "文斌", "丽萍", "建华", "小燕", "宇航", "思琪", "俊杰", "晓玲",
];
