// Demo data for a fictional prefecture-level city, 榕城市: its departments, users, IT projects and
// catalog entries. A seeder replays it through the API (departments, users, projects, then each
// resource created, submitted, reviewed and, where `finalStatus` says so, returned or withdrawn).
// Everything here is made up; the credit codes only carry a valid check character.

import { withCreditCodeCheckChar } from '../src/domain/credit-code';
import type { MaskingRule } from '../src/domain/masking';

// ---------------------------------------------------------------------------------------------
// Types (mirroring the OpenAPI schemas)
// ---------------------------------------------------------------------------------------------

export type Role = 'producer' | 'consumer' | 'bureau' | 'auditor';
export type ResourceFormat =
  'electronic_file' | 'spreadsheet' | 'database' | 'image' | 'streaming_media' | 'self_describing' | 'service_interface' | 'other';
export type DataType = 'C' | 'N' | 'Y' | 'D' | 'T' | 'L' | 'M' | 'G' | 'B' | 'I' | 'F';
export type QueryRole = 'input' | 'output';
export type SharingType = 'unconditional' | 'conditional' | 'not_shared';
export type OpenType = 'open' | 'conditional_open' | 'not_open';
export type UpdateCycle = 'realtime' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'half_yearly' | 'yearly' | 'irregular';
export type ResourceStatus = 'published' | 'draft' | 'submitted' | 'returned' | 'withdrawn';

export interface DataItem {
  name: string;
  dataType: DataType;
  length?: number | null;
  description?: string | null;
  sensitive?: boolean;
  desensitizationRule?: string | null;
  queryRole?: QueryRole | null;
  masking?: MaskingRule | null;
}

export interface CertificateMode {
  mode: 'certificate';
  certificateName: string;
  issuingAuthority?: string;
}
export interface QueryApiMode {
  mode: 'query_api';
  description?: string;
}
export interface VerificationApiMode {
  mode: 'verification_api';
  description?: string;
}
export interface BatchExchangeMode {
  mode: 'batch_exchange';
  fileFormat?: string;
  description?: string;
}
export interface OtherMode {
  mode: 'other';
  description: string;
}
export type ProvisionMode = CertificateMode | QueryApiMode | VerificationApiMode | BatchExchangeMode | OtherMode;

export interface CameraPoint {
  code: string;
  name: string;
  location: string;
  longitude?: number;
  latitude?: number;
}
export interface VideoSurveillance {
  cameraPoints: CameraPoint[];
  sharingScope: string;
}
export interface TotalDataVolume {
  records?: number | null;
  bytes?: number | null;
}

/** The body of POST /api/v1/resources (ResourceCreate) without projectId, which the seeder fills in. */
export interface DemoResourceBody {
  name: string;
  categoryCode: string;
  summary?: string | null;
  format?: ResourceFormat | null;
  formatDetail?: string | null;
  items?: DataItem[];
  sharingType?: SharingType | null;
  sharingConditions?: string | null;
  sharingBasis?: string | null;
  openType?: OpenType | null;
  openConditions?: string | null;
  updateCycle?: UpdateCycle | null;
  relatedResourceCodes?: string[];
  totalDataVolume?: TotalDataVolume;
  scopeOfUse?: string | null;
  provisionModes?: ProvisionMode[];
  video?: VideoSurveillance | null;
}

export interface DemoDepartment {
  key: string;
  name: string;
  creditCode: string;
  level: 'municipal';
  isBureau: boolean;
}
export interface DemoUser {
  key: string;
  name: string;
  departmentKey: string;
  roles: Role[];
  token: string;
  /** Login name and password for signing in (POST /api/v1/sessions), published in README like the token. */
  loginName: string;
  password: string;
}
export interface DemoProject {
  key: string;
  code: string;
  name: string;
  departmentKey: string;
  content: string;
  approvedBudgetYuan: number;
}
export interface DemoResource {
  departmentKey: string;
  projectKey: string | null;
  finalStatus: ResourceStatus;
  returnReason?: string;
  withdrawReason?: string;
  body: DemoResourceBody;
}

// ---------------------------------------------------------------------------------------------
// Departments and users
// ---------------------------------------------------------------------------------------------

/** 统一社会信用代码 of a government body of 榕城市: 登记管理部门 1 + 机构类别 1 (机关), 行政区划 350100, 组织机构代码. */
function govCreditCode(organizationCode: string): string {
  return withCreditCodeCheckChar(`11350100${organizationCode}`);
}

export const departments: DemoDepartment[] = [
  { key: 'police', name: '榕城市公安局', creditCode: govCreditCode('003582011'), level: 'municipal', isBureau: false },
  { key: 'civil', name: '榕城市民政局', creditCode: govCreditCode('003582038'), level: 'municipal', isBureau: false },
  { key: 'market', name: '榕城市市场监督管理局', creditCode: govCreditCode('MB0193457'), level: 'municipal', isBureau: false },
  { key: 'land', name: '榕城市自然资源和规划局', creditCode: govCreditCode('003582046'), level: 'municipal', isBureau: false },
  { key: 'hrss', name: '榕城市人力资源和社会保障局', creditCode: govCreditCode('003582054'), level: 'municipal', isBureau: false },
  { key: 'health', name: '榕城市卫生健康委员会', creditCode: govCreditCode('MB0193465'), level: 'municipal', isBureau: false },
  { key: 'edu', name: '榕城市教育局', creditCode: govCreditCode('003582062'), level: 'municipal', isBureau: false },
  { key: 'housing', name: '榕城市住房和城乡建设局', creditCode: govCreditCode('003582079'), level: 'municipal', isBureau: false },
  { key: 'transport', name: '榕城市交通运输局', creditCode: govCreditCode('003582087'), level: 'municipal', isBureau: false },
  { key: 'bureau', name: '榕城市大数据管理局', creditCode: govCreditCode('MB1C7984X'), level: 'municipal', isBureau: true },
];

function demoUser(key: string, name: string, departmentKey: string, roles: Role[]): DemoUser {
  return { key, name, departmentKey, roles, token: `demo-${key}-token`, loginName: key, password: `Demo2026${key}` };
}

export const users: DemoUser[] = [
  demoUser('police', '陈建华', 'police', ['producer', 'consumer']),
  demoUser('civil', '林秀英', 'civil', ['producer', 'consumer']),
  demoUser('market', '黄志强', 'market', ['producer', 'consumer']),
  demoUser('land', '郑丽娟', 'land', ['producer', 'consumer']),
  demoUser('hrss', '吴海燕', 'hrss', ['producer', 'consumer']),
  demoUser('health', '刘文斌', 'health', ['producer', 'consumer']),
  demoUser('edu', '张晓梅', 'edu', ['producer', 'consumer']),
  demoUser('housing', '王国平', 'housing', ['producer', 'consumer']),
  demoUser('transport', '李俊杰', 'transport', ['producer', 'consumer']),
  demoUser('bureau', '杨帆', 'bureau', ['bureau']),
  demoUser('auditor', '周静', 'bureau', ['auditor']),
  demoUser('edu-consumer', '赵明轩', 'edu', ['consumer']),
];

// ---------------------------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------------------------

export const projects: DemoProject[] = [
  {
    key: 'police-population',
    code: 'RC-2025-GA-001',
    name: '智慧公安人口管理系统升级项目',
    departmentKey: 'police',
    content:
      '升级全市常住人口、流动人口管理系统，建设人口基础信息库和居民身份证电子证照库，对接省公安厅人口信息系统，' +
      '通过市数据共享交换平台向全市政务部门提供身份核验和户籍信息查询服务。',
    approvedBudgetYuan: 3850000,
  },
  {
    key: 'civil-assistance',
    code: 'RC-2025-MZ-001',
    name: '榕城市社会救助信息平台',
    departmentKey: 'civil',
    content:
      '建设覆盖市、县（区）、乡镇（街道）三级的社会救助信息平台，实现最低生活保障、特困人员救助供养、临时救助' +
      '业务的网上申请、审核审批和资金发放，通过共享平台开展居民家庭经济状况核对。',
    approvedBudgetYuan: 2160000,
  },
  {
    key: 'market-registration',
    code: 'RC-2025-SJ-001',
    name: '企业登记全程电子化系统',
    departmentKey: 'market',
    content:
      '建设企业设立、变更、注销登记全程网上办理系统，生成营业执照电子证照，建立市场主体登记信息库，' +
      '与税务、社保、公积金、银行开户等事项联办。',
    approvedBudgetYuan: 2980000,
  },
  {
    key: 'land-registration',
    code: 'RC-2025-ZR-001',
    name: '不动产登记信息平台',
    departmentKey: 'land',
    content:
      '整合土地、房屋、林地登记数据，建设不动产登记信息管理基础平台和不动产权证书电子证照库，' +
      '实现"一窗受理、集成服务"，并向住建、税务、公积金等部门共享登记结果。',
    approvedBudgetYuan: 4520000,
  },
  {
    key: 'hrss-insurance',
    code: 'RC-2025-RS-001',
    name: '社保一体化经办系统',
    departmentKey: 'hrss',
    content:
      '建设养老、失业、工伤保险一体化经办系统，整合参保登记、缴费核定、待遇发放业务，发行第三代社会保障卡' +
      '和电子社会保障卡，提供参保信息查询与核验服务。',
    approvedBudgetYuan: 5630000,
  },
  {
    key: 'health-platform',
    code: 'RC-2025-WJ-001',
    name: '全民健康信息平台',
    departmentKey: 'health',
    content:
      '建设市级全民健康信息平台，汇聚居民电子健康档案、电子病历和公共卫生数据，建设出生医学证明和死亡医学证明' +
      '电子证照库，实现全市二级以上医疗机构检查检验结果互认。',
    approvedBudgetYuan: 6780000,
  },
  {
    key: 'edu-cloud',
    code: 'RC-2025-JY-001',
    name: '智慧教育云平台',
    departmentKey: 'edu',
    content:
      '建设全市统一的教育云平台，整合中小学生学籍、学校基础数据和招生入学业务，实现义务教育入学报名"一网通办"，' +
      '与公安户籍、不动产登记数据共享核验。',
    approvedBudgetYuan: 3270000,
  },
  {
    key: 'transport-video',
    code: 'RC-2025-JT-001',
    name: '智慧交通视频监控联网项目',
    departmentKey: 'transport',
    content:
      '在全市主要路口、高速公路出入口、客运枢纽新建和改造高清视频监控点位，接入市交通运行监测调度中心，' +
      '并按国家标准 GB/T 28181 联网接入市视频共享平台。',
    approvedBudgetYuan: 8960000,
  },
];

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

const RULE_ID_NUMBER = '保留前6位和后4位，其余以*代替';
const RULE_NAME = '保留姓氏，名字以*代替';
const RULE_PHONE = '保留前3位和后4位，其余以*代替';
const RULE_ADDRESS = '仅保留至县（区）、乡镇（街道）一级，门牌号以*代替';
const RULE_BANK_ACCOUNT = '仅保留后4位，其余以*代替';

/** A data item; `extra` adds sensitivity, a desensitization rule or a query role. */
function item(name: string, dataType: DataType, length: number | null, description: string, extra: Partial<DataItem> = {}): DataItem {
  const result: DataItem = { name, dataType };
  if (length !== null) result.length = length;
  result.description = description;
  return { ...result, ...extra };
}

function sensitive(rule: string, queryRole?: QueryRole): Partial<DataItem> {
  return queryRole ? { sensitive: true, desensitizationRule: rule, queryRole } : { sensitive: true, desensitizationRule: rule };
}

// Structured masking rules (脱敏, docs/resources.md) for a few entries' sensitive items: the exchange
// applies them; an item given a rule and no text gets the rule in words (出生日期: 日期精确到年).
const KEEP_ID_ENDS: MaskingRule = { rule: 'keep_ends', first: 6, last: 4 };
const KEEP_LAST_4: MaskingRule = { rule: 'keep_ends', first: 0, last: 4 };
const FAMILY_NAME: MaskingRule = { rule: 'family_name' };
const PHONE: MaskingRule = { rule: 'phone' };
const BIRTH_YEAR: MaskingRule = { rule: 'date', precision: 'year' };

const input: Partial<DataItem> = { queryRole: 'input' };
const output: Partial<DataItem> = { queryRole: 'output' };

export const resources: DemoResource[] = [
  // ---- 榕城市公安局 ------------------------------------------------------------------------
  {
    departmentKey: 'police',
    projectKey: 'police-population',
    finalStatus: 'published',
    body: {
      name: '户籍人口基本信息',
      categoryCode: '101',
      summary:
        '榕城市户籍人口的基本登记信息，包括身份、户籍地址、户别和户主关系等，来源于公安人口管理信息系统，' +
        '是全市人口基础信息库的权威数据源。',
      format: 'database',
      formatDetail: 'PostgreSQL',
      items: [
        item('公民身份号码', 'C', 18, '18位公民身份号码', { ...sensitive(RULE_ID_NUMBER, 'input'), masking: KEEP_ID_ENDS }),
        item('姓名', 'C', 50, '登记姓名', { ...sensitive(RULE_NAME, 'input'), masking: FAMILY_NAME }),
        item('曾用名', 'C', 50, '曾经使用过的姓名', output),
        item('性别', 'C', 1, 'GB/T 2261.1 性别代码', output),
        item('民族', 'C', 2, 'GB 3304 民族代码', output),
        item('出生日期', 'D', null, '公历出生日期', { sensitive: true, masking: BIRTH_YEAR, queryRole: 'output' }),
        item('出生地', 'C', 200, '出生地省市县（区）', output),
        item('户籍地址', 'C', 200, '户口所在地详细地址', sensitive(RULE_ADDRESS, 'output')),
        item('户号', 'C', 20, '户口簿编号', output),
        item('与户主关系', 'C', 2, 'GB/T 4761 家庭关系代码', output),
        item('户籍登记机关', 'C', 100, '户口登记派出所名称', output),
        item('迁入日期', 'D', null, '迁入本址日期', output),
      ],
      sharingType: 'unconditional',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 4126580, bytes: 3865470976 },
      scopeOfUse: '全市各级政务部门在办理政务服务事项、开展社会管理时核验和查询户籍人口身份信息。',
      provisionModes: [
        { mode: 'query_api', description: '按公民身份号码和姓名查询户籍人口基本信息，返回脱敏后的结果。' },
        { mode: 'verification_api', description: '核验公民身份号码与姓名是否一致，返回"一致/不一致"。' },
      ],
    },
  },
  {
    departmentKey: 'police',
    projectKey: 'police-population',
    finalStatus: 'published',
    body: {
      name: '居民身份证电子证照信息',
      categoryCode: '106',
      summary: '榕城市公安机关签发的居民身份证的电子证照照面信息及签发信息，可作为办事材料免交纸质复印件。',
      format: 'electronic_file',
      formatDetail: 'OFD',
      items: [
        item('证照编号', 'C', 64, '电子证照唯一标识'),
        item('公民身份号码', 'C', 18, '18位公民身份号码', sensitive(RULE_ID_NUMBER)),
        item('姓名', 'C', 50, '持证人姓名', sensitive(RULE_NAME)),
        item('性别', 'C', 1, 'GB/T 2261.1 性别代码'),
        item('民族', 'C', 2, 'GB 3304 民族代码'),
        item('出生日期', 'D', null, '公历出生日期'),
        item('住址', 'C', 200, '证件登记住址', sensitive(RULE_ADDRESS)),
        item('签发机关', 'C', 100, '签发的公安机关名称'),
        item('有效期限起始日期', 'D', null, '证件有效期起'),
        item('有效期限截止日期', 'D', null, '证件有效期止，长期有效的为空'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限依法履行职责需要核验当事人身份的政务部门使用，须经本人授权或基于法定职责，并通过市数据共享交换平台申请。',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 3512940 },
      scopeOfUse: '政务服务事项办理中替代居民身份证复印件，用于身份确认。',
      provisionModes: [
        { mode: 'certificate', certificateName: '中华人民共和国居民身份证（电子证照）', issuingAuthority: '榕城市公安局' },
        { mode: 'verification_api', description: '核验证照编号、公民身份号码、姓名的一致性及证件有效期。' },
      ],
    },
  },
  {
    departmentKey: 'police',
    projectKey: 'police-population',
    finalStatus: 'published',
    body: {
      name: '流动人口居住登记信息',
      categoryCode: '101',
      summary: '在榕城市居住半年以上的非本市户籍人员居住登记及居住证办理信息。',
      format: 'database',
      formatDetail: 'PostgreSQL',
      items: [
        item('公民身份号码', 'C', 18, '18位公民身份号码', sensitive(RULE_ID_NUMBER)),
        item('姓名', 'C', 50, '登记人姓名', sensitive(RULE_NAME)),
        item('性别', 'C', 1, 'GB/T 2261.1 性别代码'),
        item('户籍地', 'C', 200, '户籍所在省市县（区）'),
        item('居住地址', 'C', 200, '在本市的实际居住地址', sensitive(RULE_ADDRESS)),
        item('居住事由', 'C', 2, '务工、经商、就学、投靠亲属等'),
        item('登记日期', 'D', null, '居住登记日期'),
        item('居住证号码', 'C', 30, '已办理居住证的证件号码'),
        item('联系电话', 'C', 20, '本人手机号码', { ...sensitive(RULE_PHONE), masking: PHONE }),
      ],
      sharingType: 'unconditional',
      openType: 'not_open',
      updateCycle: 'weekly',
      totalDataVolume: { records: 986320, bytes: 712441856 },
      scopeOfUse: '用于积分入学、公共租赁住房申请、就业服务等基本公共服务的居住年限认定。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'csv', description: '每周一通过共享交换平台前置机推送上一周增量数据。' }],
    },
  },
  {
    departmentKey: 'police',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '机动车登记信息',
      categoryCode: '301',
      summary: '在榕城市公安交通管理部门注册登记的机动车的车辆信息、所有人信息和登记状态。',
      format: 'database',
      formatDetail: 'Oracle',
      items: [
        item('号牌号码', 'C', 15, '机动车号牌号码，如闽A12345', input),
        item('号牌种类', 'C', 2, 'GA 24.7 号牌种类代码', input),
        item('车辆识别代号', 'C', 17, 'VIN', output),
        item('车辆类型', 'C', 3, 'GA 24.4 车辆类型代码', output),
        item('品牌型号', 'C', 100, '中文品牌及车辆型号', output),
        item('车身颜色', 'C', 5, 'GA 24.8 车身颜色代码', output),
        item('使用性质', 'C', 2, '非营运、公路客运、出租客运等', output),
        item('机动车所有人', 'C', 200, '所有人姓名或单位名称', sensitive(RULE_NAME, 'output')),
        item('所有人证件号码', 'C', 30, '公民身份号码或统一社会信用代码', sensitive(RULE_ID_NUMBER, 'output')),
        item('初次登记日期', 'D', null, '机动车首次注册登记日期', output),
        item('检验有效期止', 'D', null, '安全技术检验有效期截止日期', output),
        item('机动车状态', 'C', 2, '正常、转出、被盗抢、注销等', output),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限税务、交通运输、保险监管、住房公积金等因法定职责需要的部门使用，不得用于与申请事由无关的用途。',
      openType: 'not_open',
      updateCycle: 'realtime',
      totalDataVolume: { records: 1873455, bytes: 2147483648 },
      scopeOfUse: '车船税征收、营运车辆管理、公积金提取及社会救助家庭经济状况核对中的车辆信息核查。',
      provisionModes: [
        { mode: 'query_api', description: '按号牌号码和号牌种类查询车辆登记信息。' },
        { mode: 'batch_exchange', fileFormat: 'csv', description: '社会救助家庭经济状况核对按批次比对。' },
      ],
    },
  },
  {
    departmentKey: 'police',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '机动车驾驶人信息',
      categoryCode: '301',
      summary: '在榕城市申领机动车驾驶证的驾驶人的准驾车型、驾驶证状态及记分信息。',
      format: 'self_describing',
      formatDetail: 'JSON',
      items: [
        item('公民身份号码', 'C', 18, '驾驶人身份证明号码', sensitive(RULE_ID_NUMBER)),
        item('姓名', 'C', 50, '驾驶人姓名', sensitive(RULE_NAME)),
        item('档案编号', 'C', 12, '驾驶证档案编号'),
        item('准驾车型', 'C', 10, '如 A1、B2、C1'),
        item('初次领证日期', 'D', null, '初次领取驾驶证日期'),
        item('有效期止', 'D', null, '驾驶证有效期截止日期'),
        item('驾驶证状态', 'C', 2, '正常、超分、注销、吊销等'),
        item('累积记分', 'I', 3, '当前记分周期内的累积记分'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限交通运输部门核验营运驾驶员从业资格、人社部门核验驾驶类职业资格时使用。',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 2356710 },
      scopeOfUse: '出租汽车、网约车驾驶员从业资格审核，道路运输从业人员管理。',
      provisionModes: [{ mode: 'verification_api', description: '核验驾驶人身份号码、姓名与准驾车型、驾驶证状态是否符合要求。' }],
    },
  },
  {
    departmentKey: 'police',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '社会治安重点区域视频监控资源',
      categoryCode: '208',
      summary: '公安机关在火车站、汽车站、大型商圈等社会治安重点区域建设的高清视频监控实时视频和录像。',
      format: 'streaming_media',
      formatDetail: 'GB/T 28181 PS 流',
      items: [
        item('设备编码', 'C', 20, 'GB/T 28181 20位设备编码'),
        item('点位名称', 'C', 100, '监控点位名称'),
        item('安装位置', 'C', 200, '详细安装地址'),
        item('经度', 'B', null, 'WGS84 经度'),
        item('纬度', 'B', null, 'WGS84 纬度'),
        item('实时视频流地址', 'C', 500, '经视频共享平台转发的取流地址'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限应急管理、城市管理、交通运输部门因突发事件处置、城市运行监测需要调阅，录像调阅须逐次审批并留痕。',
      openType: 'not_open',
      updateCycle: 'realtime',
      scopeOfUse: '突发事件应急处置、大型活动安保、城市运行监测。',
      provisionModes: [{ mode: 'other', description: '通过市视频共享平台按授权调阅实时视频，录像按案事件逐次申请调取。' }],
      video: {
        cameraPoints: [
          {
            code: '35010000001310010001',
            name: '榕城站北广场1号球机',
            location: '鼓山区站前路榕城火车站北广场',
            longitude: 119.3154,
            latitude: 26.1126,
          },
          {
            code: '35010000001310010002',
            name: '榕城汽车北站出站口',
            location: '鼓山区华林路汽车北站出站口',
            longitude: 119.3048,
            latitude: 26.1015,
          },
          {
            code: '35010000001310010003',
            name: '三坊七巷南后街入口',
            location: '榕城区南后街与杨桥路交叉口',
            longitude: 119.2972,
            latitude: 26.0847,
          },
          { code: '35010000001310010004', name: '东街口天桥', location: '榕城区八一七北路东街口', longitude: 119.3039, latitude: 26.0868 },
        ],
        sharingScope: '市应急管理局、市城市管理局、市交通运输局及各县（区）公安分局，经市视频共享平台授权调阅。',
      },
    },
  },
  {
    departmentKey: 'police',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '违法犯罪人员信息',
      categoryCode: '301',
      summary: '公安机关在办理刑事、治安案件中形成的违法犯罪人员身份、案由及处理结果信息。',
      format: 'database',
      formatDetail: 'Oracle',
      items: [
        item('公民身份号码', 'C', 18, '违法犯罪人员身份号码', sensitive(RULE_ID_NUMBER)),
        item('姓名', 'C', 50, '违法犯罪人员姓名', sensitive(RULE_NAME)),
        item('案件编号', 'C', 30, '公安机关案件编号'),
        item('案由', 'C', 100, '案件性质'),
        item('处理结果', 'M', null, '处罚或强制措施', sensitive('不予提供')),
        item('处理日期', 'D', null, '作出处理决定的日期'),
      ],
      sharingType: 'not_shared',
      sharingBasis:
        '涉及个人犯罪记录等敏感个人信息，依据《中华人民共和国个人信息保护法》第二十八条、' +
        '《中华人民共和国刑事诉讼法》第二百八十六条及《公安机关办理犯罪记录查询工作规定》，不予共享；' +
        '确需出具无犯罪记录证明的，由当事人向公安机关申请。',
      openType: 'not_open',
      updateCycle: 'realtime',
      totalDataVolume: { records: 215430 },
      scopeOfUse: '仅限公安机关内部办案使用。',
      provisionModes: [{ mode: 'other', description: '不对外提供；无犯罪记录证明由当事人通过"闽政通"向公安机关申请开具。' }],
    },
  },

  // ---- 榕城市民政局 ------------------------------------------------------------------------
  {
    departmentKey: 'civil',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '婚姻登记信息',
      categoryCode: '302',
      summary: '榕城市各级婚姻登记机关办理的结婚、离婚、补领婚姻登记证信息。',
      format: 'database',
      formatDetail: 'MySQL',
      items: [
        item('婚姻登记证字号', 'C', 30, '结婚证、离婚证字号'),
        item('登记类别', 'C', 2, '结婚、离婚、补领结婚证、补领离婚证'),
        item('男方公民身份号码', 'C', 18, '男方身份号码', sensitive(RULE_ID_NUMBER)),
        item('男方姓名', 'C', 50, '男方姓名', sensitive(RULE_NAME)),
        item('女方公民身份号码', 'C', 18, '女方身份号码', sensitive(RULE_ID_NUMBER)),
        item('女方姓名', 'C', 50, '女方姓名', sensitive(RULE_NAME)),
        item('登记日期', 'D', null, '婚姻登记日期'),
        item('登记机关', 'C', 100, '婚姻登记机关名称'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限因办理户籍、公积金提取、不动产登记、生育登记等事项需要核验婚姻状况的部门使用，须经当事人授权。',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 1684220, bytes: 905969664 },
      scopeOfUse: '办理不动产登记、住房公积金提取、生育服务登记时核验婚姻状况，替代婚姻状况证明材料。',
      provisionModes: [
        { mode: 'verification_api', description: '输入双方身份号码，核验是否存在有效婚姻登记，返回婚姻状况。' },
        { mode: 'certificate', certificateName: '结婚证（电子证照）', issuingAuthority: '榕城市民政局婚姻登记处' },
      ],
    },
  },
  {
    departmentKey: 'civil',
    projectKey: 'civil-assistance',
    finalStatus: 'published',
    body: {
      name: '最低生活保障对象信息',
      categoryCode: '302',
      summary: '全市城乡最低生活保障家庭及其成员的认定、保障金额和动态管理信息。',
      format: 'spreadsheet',
      formatDetail: 'xlsx',
      items: [
        item('低保证编号', 'C', 30, '最低生活保障证编号'),
        item('户主公民身份号码', 'C', 18, '户主身份号码', { ...sensitive(RULE_ID_NUMBER), masking: KEEP_ID_ENDS }),
        item('户主姓名', 'C', 50, '户主姓名', { ...sensitive(RULE_NAME), masking: FAMILY_NAME }),
        item('家庭人口数', 'I', 2, '共同生活家庭成员人数'),
        item('保障人数', 'I', 2, '纳入保障的人数'),
        item('保障类别', 'C', 2, '城市低保、农村低保'),
        item('月保障金额', 'Y', null, '每月发放的低保金（元）'),
        item('所在乡镇（街道）', 'C', 100, '家庭所在乡镇（街道）'),
        item('认定日期', 'D', null, '纳入低保的日期'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限教育、人社、医保、住建等部门落实低保对象资助、减免、救助政策时使用，不得对外公开个人信息。',
      openType: 'not_open',
      updateCycle: 'monthly',
      totalDataVolume: { records: 52870, bytes: 18874368 },
      scopeOfUse: '教育资助、城乡居民医保参保资助、公共租赁住房保障、水电气费用减免的对象认定。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'xlsx', description: '每月10日前推送上月低保对象全量名单。' }],
    },
  },
  {
    departmentKey: 'civil',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '养老机构基本信息',
      categoryCode: '302',
      summary: '在榕城市民政部门备案的养老机构的名称、地址、床位、等级评定等信息。',
      format: 'service_interface',
      formatDetail: 'RESTful API',
      items: [
        item('机构名称', 'C', 200, '养老机构名称', input),
        item('统一社会信用代码', 'C', 18, '养老机构统一社会信用代码', input),
        item('法定代表人', 'C', 50, '法定代表人姓名', output),
        item('机构地址', 'C', 200, '机构详细地址', output),
        item('核定床位数', 'I', 5, '核定床位数量', output),
        item('护理型床位数', 'I', 5, '其中护理型床位数量', output),
        item('等级评定', 'C', 10, '一级至五级', output),
        item('联系电话', 'C', 20, '机构对外服务电话', output),
      ],
      sharingType: 'unconditional',
      openType: 'open',
      updateCycle: 'quarterly',
      totalDataVolume: { records: 186 },
      scopeOfUse: '养老服务补贴发放、消防和食品安全监管、向社会公开养老机构名录。',
      provisionModes: [{ mode: 'query_api', description: '按机构名称或统一社会信用代码查询养老机构基本信息。' }],
    },
  },
  {
    departmentKey: 'civil',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '收养登记信息',
      categoryCode: '302',
      summary: '榕城市民政部门办理的收养、解除收养关系登记信息。',
      format: 'database',
      formatDetail: 'MySQL',
      items: [
        item('收养登记证字号', 'C', 30, '收养登记证字号'),
        item('被收养人姓名', 'C', 50, '被收养人姓名', sensitive(RULE_NAME)),
        item('被收养人公民身份号码', 'C', 18, '被收养人身份号码', sensitive(RULE_ID_NUMBER)),
        item('收养人姓名', 'C', 50, '收养人姓名', sensitive(RULE_NAME)),
        item('收养人公民身份号码', 'C', 18, '收养人身份号码', sensitive(RULE_ID_NUMBER)),
        item('登记日期', 'D', null, '收养登记日期'),
      ],
      sharingType: 'not_shared',
      sharingBasis:
        '依据《中华人民共和国民法典》第一千一百一十条"收养人、送养人要求保守收养秘密的，其他人应当尊重其意愿，不得泄露"' +
        '及《中国公民收养子女登记办法》的规定，收养登记信息不予共享。',
      openType: 'not_open',
      updateCycle: 'irregular',
      totalDataVolume: { records: 3412 },
      scopeOfUse: '仅限民政部门办理收养登记业务内部使用。',
      provisionModes: [{ mode: 'other', description: '不对外提供；司法机关依法调取的，由民政部门按程序出具书面材料。' }],
    },
  },
  {
    departmentKey: 'civil',
    projectKey: 'civil-assistance',
    finalStatus: 'returned',
    returnReason: '"银行账号"信息项的脱敏规则仅写"按规定脱敏"，未说明保留位数；"家庭年收入"应为货币型。请修改后重新提交。',
    body: {
      name: '特困人员救助供养信息',
      categoryCode: '202',
      summary: '全市城乡特困人员的认定、供养方式、供养标准和资金发放信息。',
      format: 'spreadsheet',
      formatDetail: 'xlsx',
      items: [
        item('公民身份号码', 'C', 18, '特困人员身份号码', sensitive(RULE_ID_NUMBER)),
        item('姓名', 'C', 50, '特困人员姓名', sensitive(RULE_NAME)),
        item('供养方式', 'C', 2, '分散供养、集中供养'),
        item('基本生活标准', 'Y', null, '每月基本生活费（元）'),
        item('照料护理标准', 'Y', null, '每月照料护理费（元）'),
        item('家庭年收入', 'N', 12, '认定时家庭年收入'),
        item('银行账号', 'C', 30, '供养金发放账号', sensitive('按规定脱敏')),
        item('认定日期', 'D', null, '认定为特困人员的日期'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限医保、卫健、住建等部门落实特困人员医疗救助、住房保障政策时使用。',
      openType: 'not_open',
      updateCycle: 'monthly',
      totalDataVolume: { records: 8650 },
      scopeOfUse: '特困人员医疗救助、住房保障和临时救助的对象认定。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'xlsx', description: '每月推送全量名单。' }],
    },
  },

  // ---- 榕城市市场监督管理局 ----------------------------------------------------------------
  {
    departmentKey: 'market',
    projectKey: 'market-registration',
    finalStatus: 'published',
    body: {
      name: '企业法人登记信息',
      categoryCode: '102',
      summary: '在榕城市登记注册的企业法人的设立、变更、注销登记信息，是全市法人单位基础信息库的权威数据源。',
      format: 'database',
      formatDetail: 'PostgreSQL',
      items: [
        item('统一社会信用代码', 'C', 18, '企业统一社会信用代码', input),
        item('企业名称', 'C', 200, '企业登记名称', input),
        item('法定代表人', 'C', 50, '法定代表人姓名', output),
        item('企业类型', 'C', 4, '有限责任公司、股份有限公司等', output),
        item('注册资本', 'Y', null, '注册资本（万元）', output),
        item('成立日期', 'D', null, '营业执照签发的成立日期', output),
        item('住所', 'C', 200, '企业住所', output),
        item('经营范围', 'M', null, '登记的经营范围', output),
        item('登记机关', 'C', 100, '企业登记机关', output),
        item('登记状态', 'C', 2, '存续、吊销、注销、迁出', output),
      ],
      sharingType: 'unconditional',
      openType: 'conditional_open',
      openConditions: '向社会开放除法定代表人证件信息外的登记事项，批量获取须在市公共数据开放平台实名注册并签署数据使用协议。',
      updateCycle: 'realtime',
      totalDataVolume: { records: 486215, bytes: 1288490188 },
      scopeOfUse: '全市政务部门办理涉企事项时查询企业登记信息，免于企业重复提交营业执照。',
      provisionModes: [
        { mode: 'query_api', description: '按统一社会信用代码或企业名称查询企业登记信息。' },
        { mode: 'batch_exchange', fileFormat: 'csv', description: '每日推送新设立、变更、注销企业增量数据。' },
      ],
    },
  },
  {
    departmentKey: 'market',
    projectKey: 'market-registration',
    finalStatus: 'published',
    body: {
      name: '营业执照电子证照信息',
      categoryCode: '106',
      summary: '榕城市市场监督管理部门核发的企业、个体工商户、农民专业合作社营业执照电子证照。',
      format: 'electronic_file',
      formatDetail: 'OFD',
      items: [
        item('统一社会信用代码', 'C', 18, '市场主体统一社会信用代码'),
        item('企业名称', 'C', 200, '市场主体名称'),
        item('市场主体类型', 'C', 4, '企业、个体工商户、农民专业合作社'),
        item('法定代表人', 'C', 50, '法定代表人或经营者姓名'),
        item('注册资本', 'Y', null, '注册资本（万元）'),
        item('成立日期', 'D', null, '成立日期'),
        item('住所', 'C', 200, '住所或经营场所'),
        item('发照日期', 'D', null, '营业执照核发日期'),
        item('证照状态', 'C', 2, '有效、注销、吊销'),
      ],
      sharingType: 'unconditional',
      openType: 'not_open',
      updateCycle: 'realtime',
      totalDataVolume: { records: 872340 },
      scopeOfUse: '涉企政务服务事项办理时调用营业执照电子证照，替代纸质营业执照复印件。',
      provisionModes: [
        { mode: 'certificate', certificateName: '营业执照（电子证照）', issuingAuthority: '榕城市市场监督管理局' },
        { mode: 'verification_api', description: '核验统一社会信用代码与企业名称、证照状态是否一致。' },
      ],
    },
  },
  {
    departmentKey: 'market',
    projectKey: 'market-registration',
    finalStatus: 'published',
    body: {
      name: '个体工商户登记信息',
      categoryCode: '102',
      summary: '榕城市个体工商户的登记、变更、注销信息。',
      format: 'self_describing',
      formatDetail: 'XML',
      items: [
        item('统一社会信用代码', 'C', 18, '个体工商户统一社会信用代码'),
        item('字号名称', 'C', 200, '个体工商户名称'),
        item('经营者姓名', 'C', 50, '经营者姓名', sensitive(RULE_NAME)),
        item('经营者公民身份号码', 'C', 18, '经营者身份号码', sensitive(RULE_ID_NUMBER)),
        item('组成形式', 'C', 1, '个人经营、家庭经营'),
        item('经营场所', 'C', 200, '经营场所地址'),
        item('经营范围', 'M', null, '登记的经营范围'),
        item('成立日期', 'D', null, '注册日期'),
        item('登记状态', 'C', 2, '存续、注销、吊销'),
      ],
      sharingType: 'unconditional',
      openType: 'open',
      updateCycle: 'daily',
      totalDataVolume: { records: 386125, bytes: 524288000 },
      scopeOfUse: '税务登记、社保登记、小微经营主体扶持政策落实；脱敏后向社会开放。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'xml', description: '每日推送增量数据。' }],
    },
  },
  {
    departmentKey: 'market',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '市场主体经营异常名录信息',
      categoryCode: '105',
      summary: '被列入、移出经营异常名录的市场主体及其列入事由、作出决定机关等信息。',
      format: 'spreadsheet',
      formatDetail: 'xlsx',
      items: [
        item('统一社会信用代码', 'C', 18, '市场主体统一社会信用代码'),
        item('企业名称', 'C', 200, '市场主体名称'),
        item('列入经营异常名录原因', 'C', 200, '未按规定报送年度报告、通过登记的住所无法联系等'),
        item('列入日期', 'D', null, '列入日期'),
        item('作出决定机关', 'C', 100, '作出列入决定的机关'),
        item('移出经营异常名录原因', 'C', 200, '移出事由'),
        item('移出日期', 'D', null, '移出日期'),
      ],
      sharingType: 'unconditional',
      openType: 'open',
      updateCycle: 'weekly',
      totalDataVolume: { records: 41275, bytes: 9437184 },
      scopeOfUse: '信用联合惩戒、政府采购和招投标资格审查、评优评先审核。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'xlsx', description: '每周推送全量名录。' }],
    },
  },
  {
    departmentKey: 'market',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '食品经营许可信息',
      categoryCode: '303',
      summary: '榕城市市场监督管理部门核发的食品经营许可证信息。',
      format: 'service_interface',
      formatDetail: 'RESTful API',
      items: [
        item('许可证编号', 'C', 20, '食品经营许可证编号，JY开头', input),
        item('统一社会信用代码', 'C', 18, '经营者统一社会信用代码', input),
        item('经营者名称', 'C', 200, '经营者名称', output),
        item('法定代表人', 'C', 50, '法定代表人（负责人）', output),
        item('经营场所', 'C', 200, '经营场所地址', output),
        item('主体业态', 'C', 50, '食品销售经营者、餐饮服务经营者、单位食堂', output),
        item('经营项目', 'M', null, '许可的经营项目', output),
        item('有效期至', 'D', null, '许可证有效期截止日期', output),
      ],
      sharingType: 'unconditional',
      openType: 'open',
      updateCycle: 'daily',
      totalDataVolume: { records: 63480 },
      scopeOfUse: '校园食品安全监管、外卖平台入网审核、消费者查询。',
      provisionModes: [{ mode: 'query_api', description: '按许可证编号或统一社会信用代码查询许可信息。' }],
    },
  },
  {
    departmentKey: 'market',
    projectKey: null,
    finalStatus: 'submitted',
    body: {
      name: '特种设备使用登记信息',
      categoryCode: '303',
      summary: '榕城市电梯、锅炉、压力容器、起重机械等特种设备的使用登记及定期检验信息。',
      format: 'database',
      formatDetail: 'MySQL',
      items: [
        item('使用登记证编号', 'C', 30, '特种设备使用登记证编号', input),
        item('设备代码', 'C', 20, '特种设备代码', input),
        item('设备类别', 'C', 4, '电梯、锅炉、压力容器、起重机械等', output),
        item('使用单位名称', 'C', 200, '使用单位名称', output),
        item('使用单位统一社会信用代码', 'C', 18, '使用单位统一社会信用代码', output),
        item('设备使用地点', 'C', 200, '设备安装使用地址', output),
        item('下次检验日期', 'D', null, '定期检验到期日期', output),
        item('设备状态', 'C', 2, '在用、停用、报废', output),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限住建、应急管理、消防救援部门因安全监管需要使用。',
      openType: 'not_open',
      updateCycle: 'monthly',
      totalDataVolume: { records: 48960 },
      scopeOfUse: '既有住宅电梯安全监管、应急救援调度。',
      provisionModes: [{ mode: 'query_api', description: '按使用登记证编号或设备代码查询。' }],
    },
  },

  // ---- 榕城市自然资源和规划局 --------------------------------------------------------------
  {
    departmentKey: 'land',
    projectKey: 'land-registration',
    finalStatus: 'published',
    body: {
      name: '不动产登记信息',
      categoryCode: '304',
      summary: '榕城市不动产登记机构办理的土地、房屋等不动产首次登记、转移登记、抵押登记和查封登记结果信息。',
      format: 'database',
      formatDetail: 'Oracle',
      items: [
        item('不动产单元号', 'C', 28, '28位不动产单元号', input),
        item('不动产权证书号', 'C', 50, '如 闽（2025）榕城市不动产权第0012345号', input),
        item('权利人', 'C', 200, '权利人姓名或名称', { ...sensitive(RULE_NAME, 'output'), masking: FAMILY_NAME }),
        item('权利人证件号码', 'C', 30, '公民身份号码或统一社会信用代码', { ...sensitive(RULE_ID_NUMBER, 'input'), masking: KEEP_ID_ENDS }),
        item('坐落', 'C', 200, '不动产坐落', output),
        item('权利类型', 'C', 4, '国有建设用地使用权/房屋所有权等', output),
        item('用途', 'C', 50, '住宅、商业、工业等', output),
        item('面积', 'B', null, '建筑面积（平方米）', output),
        item('共有情况', 'C', 50, '单独所有、共同共有、按份共有', output),
        item('抵押状态', 'L', null, '是否存在抵押', output),
        item('查封状态', 'L', null, '是否被查封', output),
        item('登记时间', 'T', null, '登簿时间', output),
      ],
      sharingType: 'conditional',
      sharingConditions:
        '仅限住建、税务、住房公积金、法院、民政等部门因法定职责需要使用，查询须以权利人证件号码或不动产单元号为条件，不得批量检索。',
      openType: 'not_open',
      updateCycle: 'realtime',
      totalDataVolume: { records: 2893410, bytes: 6442450944 },
      scopeOfUse: '存量房交易税费征收、公积金贷款审核、义务教育入学房产核验、社会救助家庭财产核对。',
      provisionModes: [
        { mode: 'query_api', description: '按不动产单元号、证书号或权利人证件号码查询登记结果。' },
        { mode: 'certificate', certificateName: '不动产权证书（电子证照）', issuingAuthority: '榕城市不动产登记中心' },
      ],
    },
  },
  {
    departmentKey: 'land',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '国土空间规划"一张图"数据',
      categoryCode: '103',
      summary: '榕城市国土空间总体规划确定的三条控制线、用地用海分类、控制性详细规划等空间数据。',
      format: 'other',
      formatDetail: 'ArcGIS File Geodatabase',
      items: [
        item('图斑编号', 'C', 30, '规划图斑唯一编号'),
        item('规划用地用途', 'C', 10, '国土空间调查、规划、用途管制用地用海分类代码'),
        item('控制线类型', 'C', 2, '耕地和永久基本农田、生态保护红线、城镇开发边界'),
        item('容积率上限', 'F', null, '控规确定的容积率上限'),
        item('建筑限高', 'F', null, '建筑高度上限（米）'),
        item('图斑面积', 'B', null, '图斑面积（平方米）'),
        item('所在行政区', 'C', 6, '县（区）行政区划代码'),
        item('空间范围', 'G', null, '图斑多边形（CGCS2000）'),
      ],
      sharingType: 'conditional',
      sharingConditions:
        '仅限发改、住建、交通、生态环境、农业农村等部门开展项目选址、规划审查时使用，须在政务外网环境中使用，不得对外提供。',
      openType: 'conditional_open',
      openConditions: '规划用途和控制指标经脱密处理后可向科研机构开放，须签署保密协议，成果公开前报市自然资源和规划局审查。',
      updateCycle: 'yearly',
      totalDataVolume: { records: 356720, bytes: 12884901888 },
      scopeOfUse: '项目选址和用地预审、"多规合一"审查、生态保护红线监管。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'gdb', description: '每年规划年度评估后通过共享平台推送全量数据。' }],
    },
  },
  {
    departmentKey: 'land',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '数字正射影像',
      categoryCode: '103',
      summary: '覆盖榕城市全域的0.5米分辨率数字正射影像（DOM），用于国土变更调查和城市管理。',
      format: 'image',
      formatDetail: 'GeoTIFF',
      items: [
        item('图幅号', 'C', 20, '1:10000 标准图幅编号'),
        item('影像获取时间', 'D', null, '卫星或航摄获取日期'),
        item('分辨率', 'F', null, '地面分辨率（米）'),
        item('坐标系', 'C', 20, 'CGCS2000'),
        item('数据来源', 'C', 50, '卫星型号或航摄项目'),
        item('影像文件', 'G', null, 'GeoTIFF 影像文件'),
      ],
      sharingType: 'conditional',
      sharingConditions: '按《测绘成果管理条例》办理测绘成果使用审批，限于申请用途使用，不得转让或公开。',
      openType: 'not_open',
      updateCycle: 'half_yearly',
      totalDataVolume: { records: 1286, bytes: 3298534883328 },
      scopeOfUse: '违法用地和违法建设监测、耕地保护督察、城市更新规划。',
      provisionModes: [
        { mode: 'other', description: '经测绘成果使用审批后，以移动硬盘介质在市测绘院现场拷贝，或在政务外网影像服务中在线浏览。' },
      ],
    },
  },
  {
    departmentKey: 'land',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '涉密基础测绘成果',
      categoryCode: '304',
      summary: '1:500、1:2000 大比例尺地形图及高精度控制点成果，属国家秘密测绘成果。',
      format: 'other',
      formatDetail: 'DWG/MDB',
      items: [
        item('成果名称', 'C', 100, '测绘成果名称'),
        item('比例尺', 'C', 10, '1:500、1:2000'),
        item('密级', 'C', 10, '秘密、机密'),
        item('测绘单位', 'C', 200, '测绘单位名称'),
        item('成果完成日期', 'D', null, '成果完成日期'),
      ],
      sharingType: 'not_shared',
      sharingBasis:
        '涉及国家秘密。依据《中华人民共和国测绘法》第三十四条、《中华人民共和国保守国家秘密法》及《测绘地理信息管理工作国家秘密范围的规定》，' +
        '不得通过共享交换平台提供，确需使用的按涉密测绘成果提供使用审批程序办理。',
      openType: 'not_open',
      updateCycle: 'irregular',
      totalDataVolume: { records: 5320 },
      scopeOfUse: '仅限经审批的涉密单位在涉密计算机上使用。',
      provisionModes: [{ mode: 'other', description: '不予共享；经省自然资源厅审批后，在保密场所以涉密介质提供。' }],
    },
  },
  {
    departmentKey: 'land',
    projectKey: 'land-registration',
    finalStatus: 'withdrawn',
    withdrawReason: '与《不动产登记信息》重复登记，按"一数一源"要求撤销，相关查询统一改由《不动产登记信息》提供。',
    body: {
      name: '不动产登记簿查询信息（旧版）',
      categoryCode: '304',
      summary: '原不动产登记系统的登记簿查询结果，新平台上线前使用。',
      format: 'database',
      formatDetail: 'SQL Server',
      items: [
        item('不动产权证书号', 'C', 50, '不动产权证书号', input),
        item('权利人', 'C', 200, '权利人姓名或名称', sensitive(RULE_NAME, 'output')),
        item('坐落', 'C', 200, '不动产坐落', output),
        item('面积', 'B', null, '建筑面积（平方米）', output),
        item('登记时间', 'T', null, '登簿时间', output),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限因法定职责需要的部门使用。',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 2104560 },
      scopeOfUse: '存量房交易和公积金贷款审核。',
      provisionModes: [{ mode: 'query_api', description: '按不动产权证书号查询。' }],
    },
  },

  // ---- 榕城市人力资源和社会保障局 ----------------------------------------------------------
  {
    departmentKey: 'hrss',
    projectKey: 'hrss-insurance',
    finalStatus: 'published',
    body: {
      // Repeats several items of 户籍人口基本信息: the 一数一源 check flags it.
      name: '社会保险参保人员基本信息',
      categoryCode: '202',
      summary: '在榕城市参加企业职工基本养老保险、城乡居民基本养老保险、失业保险和工伤保险的人员的参保登记信息。',
      format: 'database',
      formatDetail: 'Oracle',
      items: [
        item('公民身份号码', 'C', 18, '参保人身份号码', sensitive(RULE_ID_NUMBER, 'input')),
        item('姓名', 'C', 50, '参保人姓名', sensitive(RULE_NAME, 'input')),
        item('性别', 'C', 1, 'GB/T 2261.1 性别代码', output),
        item('民族', 'C', 2, 'GB 3304 民族代码', output),
        item('出生日期', 'D', null, '公历出生日期', output),
        item('户籍地址', 'C', 200, '参保登记时填报的户籍地址', sensitive(RULE_ADDRESS, 'output')),
        item('个人社保编号', 'C', 20, '社会保险个人编号', output),
        item('参保险种', 'C', 20, '养老、失业、工伤', output),
        item('参保状态', 'C', 2, '参保缴费、暂停缴费、终止参保', output),
        item('参保单位名称', 'C', 200, '当前参保单位', output),
        item('首次参保日期', 'D', null, '首次参加社会保险日期', output),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限因办理人才引进、积分入学、社会救助、住房保障等事项需要核查参保情况的部门使用，须经本人授权。',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 2637815, bytes: 4294967296 },
      scopeOfUse: '积分入学和人才认定中的社保缴纳年限核查、社会救助对象参保核查。',
      provisionModes: [
        { mode: 'query_api', description: '按公民身份号码和姓名查询参保状态和参保单位。' },
        { mode: 'verification_api', description: '核验某人在指定期间是否在本市连续参保。' },
      ],
    },
  },
  {
    departmentKey: 'hrss',
    projectKey: 'hrss-insurance',
    finalStatus: 'published',
    body: {
      name: '社保卡持卡人员信息',
      categoryCode: '305',
      summary: '榕城市发行的第三代社会保障卡及电子社会保障卡的持卡人员、卡片状态信息。',
      format: 'self_describing',
      formatDetail: 'JSON',
      items: [
        item('社会保障号码', 'C', 18, '与公民身份号码一致', sensitive(RULE_ID_NUMBER)),
        item('姓名', 'C', 50, '持卡人姓名', sensitive(RULE_NAME)),
        item('社会保障卡卡号', 'C', 9, '卡面卡号', sensitive('保留后3位，其余以*代替')),
        item('发卡日期', 'D', null, '实体卡发卡日期'),
        item('卡片状态', 'C', 2, '正常、挂失、注销'),
        item('电子社保卡签发状态', 'L', null, '是否已签发电子社保卡'),
        item('金融账户开户银行', 'C', 100, '社保卡金融账户开户行'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限卫健、医保、交通、文旅等部门开展"一卡通"应用时核验持卡状态。',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 3987120 },
      scopeOfUse: '就医结算、公共交通乘车、图书借阅、景区入园等社保卡"一卡通"场景的持卡身份核验。',
      provisionModes: [
        { mode: 'verification_api', description: '核验社会保障号码、姓名与卡片状态。' },
        { mode: 'certificate', certificateName: '电子社会保障卡', issuingAuthority: '榕城市人力资源和社会保障局' },
      ],
    },
  },
  {
    departmentKey: 'hrss',
    projectKey: 'hrss-insurance',
    finalStatus: 'published',
    body: {
      name: '养老保险待遇领取人员信息',
      categoryCode: '305',
      summary: '在榕城市按月领取基本养老保险待遇人员的待遇类别、月待遇金额和领取状态。',
      format: 'spreadsheet',
      formatDetail: 'xlsx',
      items: [
        item('公民身份号码', 'C', 18, '领取人身份号码', sensitive(RULE_ID_NUMBER)),
        item('姓名', 'C', 50, '领取人姓名', sensitive(RULE_NAME)),
        item('待遇类别', 'C', 2, '企业职工基本养老金、城乡居民基本养老金'),
        item('月待遇金额', 'Y', null, '每月养老金（元）'),
        item('待遇开始日期', 'D', null, '开始领取日期'),
        item('领取状态', 'C', 2, '正常领取、暂停、终止'),
        item('发放银行账号', 'C', 30, '养老金发放账号', sensitive(RULE_BANK_ACCOUNT)),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限民政部门开展社会救助家庭经济状况核对、公安部门提供死亡人员比对时使用。',
      openType: 'not_open',
      updateCycle: 'monthly',
      totalDataVolume: { records: 712480, bytes: 94371840 },
      scopeOfUse: '社会救助家庭收入核对、养老金冒领稽核（与死亡、服刑人员信息比对）。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'xlsx', description: '每月5日前推送当月待遇发放名单。' }],
    },
  },
  {
    departmentKey: 'hrss',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '就业失业登记信息',
      categoryCode: '305',
      summary: '榕城市公共就业服务机构办理的就业登记、失业登记及就业困难人员认定信息。',
      format: 'database',
      formatDetail: 'MySQL',
      items: [
        item('公民身份号码', 'C', 18, '登记人身份号码', sensitive(RULE_ID_NUMBER, 'input')),
        item('姓名', 'C', 50, '登记人姓名', sensitive(RULE_NAME, 'output')),
        item('就业失业状态', 'C', 2, '就业、失业', output),
        item('就业失业登记证号', 'C', 20, '《就业创业证》编号', output),
        item('失业登记日期', 'D', null, '办理失业登记的日期', output),
        item('是否就业困难人员', 'L', null, '是否认定为就业困难人员', output),
        item('就业单位名称', 'C', 200, '就业登记的用人单位', output),
      ],
      sharingType: 'unconditional',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 468930 },
      scopeOfUse: '创业担保贷款、税收优惠、社会救助中的就业状态认定。',
      provisionModes: [{ mode: 'query_api', description: '按公民身份号码查询就业失业登记状态。' }],
    },
  },

  // ---- 榕城市卫生健康委员会 ----------------------------------------------------------------
  {
    departmentKey: 'health',
    projectKey: 'health-platform',
    finalStatus: 'published',
    body: {
      name: '居民电子健康档案信息',
      categoryCode: '203',
      summary: '基层医疗卫生机构为常住居民建立的电子健康档案，包括基本信息、慢病管理和健康体检记录。',
      format: 'database',
      formatDetail: 'PostgreSQL',
      items: [
        item('健康档案编号', 'C', 17, '居民健康档案编号', output),
        item('公民身份号码', 'C', 18, '居民身份号码', sensitive(RULE_ID_NUMBER, 'input')),
        item('姓名', 'C', 50, '居民姓名', sensitive(RULE_NAME, 'input')),
        item('建档机构', 'C', 200, '建档的基层医疗卫生机构', output),
        item('血型', 'C', 2, 'ABO 血型', output),
        item('慢性病类别', 'C', 50, '高血压、糖尿病等', sensitive('仅向签约家庭医生所在机构提供，其他使用方返回"有/无"', 'output')),
        item('签约家庭医生', 'C', 50, '家庭医生签约团队负责人', output),
        item('最近体检日期', 'D', null, '最近一次健康体检日期', output),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限全市医疗卫生机构在居民本人授权后调阅；其他部门仅可查询建档和签约状态。',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 3520460, bytes: 21474836480 },
      scopeOfUse: '诊疗过程中调阅居民健康档案、家庭医生签约服务、老年人健康管理。',
      provisionModes: [{ mode: 'query_api', description: '按公民身份号码和姓名查询健康档案摘要。' }],
    },
  },
  {
    departmentKey: 'health',
    projectKey: 'health-platform',
    finalStatus: 'published',
    body: {
      name: '医疗机构执业登记信息',
      categoryCode: '306',
      summary: '榕城市卫生健康部门核发的医疗机构执业许可证及执业登记信息。',
      format: 'service_interface',
      formatDetail: 'RESTful API',
      items: [
        item('医疗机构名称', 'C', 200, '医疗机构第一名称', input),
        item('登记号', 'C', 30, '医疗机构执业许可证登记号', input),
        item('统一社会信用代码', 'C', 18, '医疗机构统一社会信用代码', output),
        item('医疗机构类别', 'C', 4, '综合医院、专科医院、社区卫生服务中心等', output),
        item('医院等级', 'C', 10, '三级甲等等', output),
        item('诊疗科目', 'M', null, '核准的诊疗科目', output),
        item('地址', 'C', 200, '执业地址', output),
        item('床位数', 'I', 5, '核定床位数', output),
        item('有效期至', 'D', null, '执业许可证有效期截止日期', output),
      ],
      sharingType: 'unconditional',
      openType: 'open',
      updateCycle: 'monthly',
      totalDataVolume: { records: 2875 },
      scopeOfUse: '医保定点机构管理、医疗废物监管，并在政府网站公开医疗机构名录。',
      provisionModes: [{ mode: 'query_api', description: '按医疗机构名称或登记号查询执业登记信息。' }],
    },
  },
  {
    departmentKey: 'health',
    projectKey: 'health-platform',
    finalStatus: 'published',
    body: {
      name: '出生医学证明信息',
      categoryCode: '106',
      summary: '榕城市助产机构签发的《出生医学证明》电子证照及新生儿出生信息。',
      format: 'electronic_file',
      formatDetail: 'OFD',
      items: [
        item('出生医学证明编号', 'C', 10, '字母加9位数字'),
        item('新生儿姓名', 'C', 50, '新生儿姓名', sensitive(RULE_NAME)),
        item('性别', 'C', 1, 'GB/T 2261.1 性别代码'),
        item('出生日期', 'T', null, '出生时间'),
        item('出生地点', 'C', 200, '出生所在助产机构及地址'),
        item('母亲姓名', 'C', 50, '母亲姓名', sensitive(RULE_NAME)),
        item('母亲公民身份号码', 'C', 18, '母亲身份号码', sensitive(RULE_ID_NUMBER)),
        item('父亲姓名', 'C', 50, '父亲姓名', sensitive(RULE_NAME)),
        item('父亲公民身份号码', 'C', 18, '父亲身份号码', sensitive(RULE_ID_NUMBER)),
        item('签发机构', 'C', 200, '签发的助产机构'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限公安部门办理出生登记、人社部门办理社保卡、医保部门办理新生儿参保时使用（"出生一件事"联办）。',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 318640 },
      scopeOfUse: '"出生一件事"联办：新生儿落户、参保登记、社保卡申领。',
      provisionModes: [
        { mode: 'certificate', certificateName: '出生医学证明（电子证照）', issuingAuthority: '榕城市卫生健康委员会' },
        { mode: 'verification_api', description: '核验出生医学证明编号与新生儿、父母信息是否一致。' },
      ],
    },
  },
  {
    departmentKey: 'health',
    projectKey: 'health-platform',
    finalStatus: 'published',
    body: {
      name: '居民死亡医学证明信息',
      categoryCode: '101',
      summary: '医疗卫生机构出具的《居民死亡医学证明（推断）书》中的死亡人员信息。',
      format: 'database',
      formatDetail: 'PostgreSQL',
      items: [
        item('死者公民身份号码', 'C', 18, '死者身份号码', sensitive(RULE_ID_NUMBER)),
        item('死者姓名', 'C', 50, '死者姓名', sensitive(RULE_NAME)),
        item('性别', 'C', 1, 'GB/T 2261.1 性别代码'),
        item('死亡日期', 'T', null, '死亡时间'),
        item('死亡地点类别', 'C', 2, '医院、家中、途中等'),
        item('根本死因', 'C', 200, 'ICD-10 编码及名称', sensitive('不予提供，仅向疾控机构提供')),
        item('出具机构', 'C', 200, '出具证明的医疗卫生机构'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限公安（户口注销）、民政（殡葬管理）、人社（停发养老金）、医保部门使用，根本死因不予共享。',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 186230, bytes: 73400320 },
      scopeOfUse: '"身后一件事"联办：户口注销、停发待遇、殡葬服务。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'csv', description: '每日推送前一日新增死亡信息。' }],
    },
  },
  {
    departmentKey: 'health',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '传染病疫情报告个案信息',
      categoryCode: '306',
      summary: '医疗机构通过传染病报告信息管理系统报告的法定传染病个案信息。',
      format: 'database',
      formatDetail: 'Oracle',
      items: [
        item('报告卡编号', 'C', 30, '传染病报告卡编号'),
        item('患者姓名', 'C', 50, '患者姓名', sensitive(RULE_NAME)),
        item('公民身份号码', 'C', 18, '患者身份号码', sensitive(RULE_ID_NUMBER)),
        item('疾病名称', 'C', 100, '法定传染病病种', sensitive('不予提供')),
        item('发病日期', 'D', null, '发病日期'),
        item('报告单位', 'C', 200, '报告的医疗机构'),
      ],
      sharingType: 'not_shared',
      sharingBasis:
        '依据《中华人民共和国传染病防治法》第十二条、第六十八条关于不得泄露涉及个人隐私的有关信息的规定，' +
        '以及《中华人民共和国个人信息保护法》第二十八条关于医疗健康敏感个人信息的规定，个案信息不予共享；' +
        '疫情统计信息由卫生健康部门依法发布。',
      openType: 'not_open',
      updateCycle: 'realtime',
      totalDataVolume: { records: 96450 },
      scopeOfUse: '仅限卫生健康部门和疾病预防控制机构开展疫情监测处置。',
      provisionModes: [{ mode: 'other', description: '不对外提供；汇总统计数据通过市卫健委门户网站定期发布。' }],
    },
  },
  {
    departmentKey: 'health',
    projectKey: 'health-platform',
    finalStatus: 'draft',
    body: {
      name: '医师执业注册信息',
      categoryCode: '306',
      summary: '在榕城市执业的医师的执业注册信息（待补充信息项）。',
      format: 'database',
      items: [
        item('医师姓名', 'C', 50, '医师姓名'),
        item('医师执业证书编码', 'C', 30, '执业证书编码'),
        item('执业类别', 'C', 10, '临床、中医、口腔、公共卫生'),
        item('执业范围', 'C', 100, '注册的执业范围'),
        item('主要执业机构', 'C', 200, '主要执业机构名称'),
      ],
      updateCycle: 'monthly',
    },
  },

  // ---- 榕城市教育局 ------------------------------------------------------------------------
  {
    departmentKey: 'edu',
    projectKey: 'edu-cloud',
    finalStatus: 'published',
    body: {
      name: '中小学生学籍信息',
      categoryCode: '307',
      summary: '榕城市中小学（含中等职业学校）在校学生的电子学籍信息，来源于全国中小学生学籍信息管理系统。',
      format: 'database',
      formatDetail: 'MySQL',
      items: [
        item('全国学籍号', 'C', 19, 'G 加公民身份号码', output),
        item('公民身份号码', 'C', 18, '学生身份号码', sensitive(RULE_ID_NUMBER, 'input')),
        item('学生姓名', 'C', 50, '学生姓名', sensitive(RULE_NAME, 'input')),
        item('性别', 'C', 1, 'GB/T 2261.1 性别代码', output),
        item('就读学校', 'C', 200, '学校名称', output),
        item('学段', 'C', 2, '小学、初中、高中、中职', output),
        item('年级', 'C', 10, '在读年级', output),
        item('入学年月', 'C', 6, 'YYYYMM', output),
        item('学籍状态', 'C', 2, '在读、休学、转出、毕业', output),
        item('是否随迁子女', 'L', null, '是否进城务工人员随迁子女', output),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限民政、人社、医保、公安部门因学生资助、参保、户籍业务需要核验在读状态，不得用于商业用途。',
      openType: 'not_open',
      updateCycle: 'weekly',
      totalDataVolume: { records: 685340, bytes: 536870912 },
      scopeOfUse: '困难学生资助、城乡居民医保学生参保、随迁子女入学服务。',
      provisionModes: [
        { mode: 'query_api', description: '按公民身份号码和姓名查询学籍状态和就读学校。' },
        { mode: 'verification_api', description: '核验学生是否在本市在读。' },
      ],
    },
  },
  {
    departmentKey: 'edu',
    projectKey: 'edu-cloud',
    finalStatus: 'published',
    body: {
      name: '中小学校基本信息',
      categoryCode: '204',
      summary: '榕城市各级各类中小学校、幼儿园的办学基本情况。',
      format: 'spreadsheet',
      formatDetail: 'xlsx',
      items: [
        item('学校标识码', 'C', 10, '教育部学校标识码'),
        item('学校名称', 'C', 200, '学校全称'),
        item('办学类型', 'C', 3, '小学、初级中学、完全中学、九年一贯制学校等'),
        item('举办者类型', 'C', 2, '教育部门、民办'),
        item('学校地址', 'C', 200, '学校地址'),
        item('在校生数', 'I', 6, '在校学生人数'),
        item('专任教师数', 'I', 5, '专任教师人数'),
        item('联系电话', 'C', 20, '学校招生咨询电话'),
        item('经度', 'B', null, '学校位置经度'),
        item('纬度', 'B', null, '学校位置纬度'),
      ],
      sharingType: 'unconditional',
      openType: 'open',
      updateCycle: 'yearly',
      totalDataVolume: { records: 1326, bytes: 524288 },
      scopeOfUse: '学区划分、公共交通线路规划、校园周边安全治理，并向社会公开。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'xlsx', description: '每年教育事业统计完成后推送全量数据。' }],
    },
  },
  {
    departmentKey: 'edu',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '教师资格认定信息',
      categoryCode: '307',
      summary: '榕城市教育行政部门认定的幼儿园、小学、初级中学教师资格信息。',
      format: 'self_describing',
      formatDetail: 'XML',
      items: [
        item('教师资格证书号码', 'C', 17, '教师资格证书编号'),
        item('姓名', 'C', 50, '持证人姓名', sensitive(RULE_NAME)),
        item('公民身份号码', 'C', 18, '持证人身份号码', sensitive(RULE_ID_NUMBER)),
        item('资格种类', 'C', 20, '幼儿园、小学、初级中学等'),
        item('任教学科', 'C', 50, '语文、数学等'),
        item('认定日期', 'D', null, '资格认定日期'),
        item('认定机构', 'C', 100, '认定的教育行政部门'),
      ],
      sharingType: 'unconditional',
      openType: 'not_open',
      updateCycle: 'irregular',
      totalDataVolume: { records: 58720 },
      scopeOfUse: '教师招聘资格审查、校外培训机构从业人员资质核查。',
      provisionModes: [
        { mode: 'verification_api', description: '核验证书号码、姓名与资格种类是否一致。' },
        { mode: 'certificate', certificateName: '教师资格证书（电子证照）', issuingAuthority: '榕城市教育局' },
      ],
    },
  },
  {
    departmentKey: 'edu',
    projectKey: 'edu-cloud',
    finalStatus: 'published',
    body: {
      name: '义务教育招生入学报名信息',
      categoryCode: '204',
      summary: '义务教育阶段新生入学网上报名的学生、监护人、居住和房产信息及录取结果。',
      format: 'database',
      formatDetail: 'MySQL',
      items: [
        item('报名编号', 'C', 20, '网上报名编号'),
        item('学生公民身份号码', 'C', 18, '学生身份号码', sensitive(RULE_ID_NUMBER)),
        item('学生姓名', 'C', 50, '学生姓名', { ...sensitive(RULE_NAME), masking: FAMILY_NAME }),
        item('监护人姓名', 'C', 50, '监护人姓名', { ...sensitive(RULE_NAME), masking: FAMILY_NAME }),
        item('监护人联系电话', 'C', 20, '监护人手机号码', { ...sensitive(RULE_PHONE), masking: PHONE }),
        item('报名学校', 'C', 200, '报名学校名称'),
        item('入学类别', 'C', 2, '学区房产、随迁子女、政策照顾等'),
        item('录取结果', 'C', 2, '已录取、统筹安排'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限公安、自然资源、人社部门在招生期间对报名材料进行联合核验时使用，招生结束后不再提供。',
      openType: 'not_open',
      updateCycle: 'yearly',
      totalDataVolume: { records: 92140 },
      scopeOfUse: '义务教育入学报名的户籍、房产、社保材料联合核验。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'csv', description: '招生报名期间每日推送待核验名单，核验结果回流。' }],
    },
  },
  {
    departmentKey: 'edu',
    projectKey: null,
    finalStatus: 'draft',
    body: {
      name: '校外培训机构信息',
      categoryCode: '307',
      summary: '经教育部门审批的学科类、非学科类校外培训机构信息。',
      sharingType: 'conditional',
      sharingConditions: '仅限市场监管、消防部门开展联合检查时使用。',
    },
  },

  // ---- 榕城市住房和城乡建设局 --------------------------------------------------------------
  {
    departmentKey: 'housing',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '住房公积金缴存信息',
      categoryCode: '308',
      summary: '榕城住房公积金管理中心归集的缴存单位和缴存职工的账户、缴存基数、缴存比例和余额信息。',
      format: 'database',
      formatDetail: 'Oracle',
      items: [
        item('公民身份号码', 'C', 18, '缴存职工身份号码', sensitive(RULE_ID_NUMBER, 'input')),
        item('姓名', 'C', 50, '缴存职工姓名', sensitive(RULE_NAME, 'input')),
        item('个人公积金账号', 'C', 20, '住房公积金个人账号', { ...sensitive(RULE_BANK_ACCOUNT, 'output'), masking: KEEP_LAST_4 }),
        item('缴存单位名称', 'C', 200, '缴存单位名称', output),
        item('缴存基数', 'Y', null, '月缴存基数（元）', output),
        item('月缴存额', 'Y', null, '单位和个人月缴存合计（元）', output),
        item('账户状态', 'C', 2, '正常、封存、销户', output),
        item('连续缴存月数', 'I', 4, '截至上月连续缴存月数', output),
        item('账户余额', 'Y', null, '当前账户余额（元）', sensitive('仅向本人授权的贷款审核机构提供，其他使用方不返回', 'output')),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限人才认定、住房保障、社会救助核对等事项在本人授权后使用。',
      openType: 'not_open',
      updateCycle: 'monthly',
      totalDataVolume: { records: 1246870, bytes: 1073741824 },
      scopeOfUse: '人才住房补贴审核、公共租赁住房申请、社会救助家庭经济状况核对。',
      provisionModes: [
        { mode: 'query_api', description: '按公民身份号码和姓名查询缴存状态和连续缴存月数。' },
        { mode: 'verification_api', description: '核验是否在本市正常缴存住房公积金。' },
      ],
    },
  },
  {
    departmentKey: 'housing',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '商品房预售许可信息',
      categoryCode: '308',
      summary: '榕城市核发的商品房预售许可证及预售楼盘、房源信息。',
      format: 'self_describing',
      formatDetail: 'JSON',
      items: [
        item('预售许可证号', 'C', 30, '商品房预售许可证编号'),
        item('项目名称', 'C', 200, '楼盘项目名称'),
        item('开发企业名称', 'C', 200, '房地产开发企业'),
        item('开发企业统一社会信用代码', 'C', 18, '开发企业统一社会信用代码'),
        item('项目坐落', 'C', 200, '项目地址'),
        item('预售套数', 'I', 6, '准予预售的套数'),
        item('预售面积', 'B', null, '准予预售的建筑面积（平方米）'),
        item('发证日期', 'D', null, '预售许可证核发日期'),
        item('资金监管账户', 'C', 30, '预售资金监管银行账户', sensitive(RULE_BANK_ACCOUNT)),
      ],
      sharingType: 'unconditional',
      openType: 'open',
      updateCycle: 'weekly',
      totalDataVolume: { records: 2418, bytes: 3145728 },
      scopeOfUse: '不动产首次登记、商品房网签备案、向购房群众公开楼盘信息。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'json', description: '每周推送新发证项目。' }],
    },
  },
  {
    departmentKey: 'housing',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '建筑业企业资质信息',
      categoryCode: '308',
      summary: '榕城市建筑业企业的施工总承包、专业承包、施工劳务资质及安全生产许可证信息。',
      format: 'service_interface',
      formatDetail: 'RESTful API',
      items: [
        item('统一社会信用代码', 'C', 18, '企业统一社会信用代码', input),
        item('施工企业名称', 'C', 200, '建筑业企业名称', input),
        item('资质证书编号', 'C', 30, '建筑业企业资质证书编号', output),
        item('资质类别及等级', 'M', null, '如 建筑工程施工总承包一级', output),
        item('安全生产许可证编号', 'C', 30, '安全生产许可证编号', output),
        item('证书有效期', 'D', null, '资质证书有效期截止日期', output),
        item('注册建造师人数', 'I', 5, '本企业注册的一级、二级建造师人数', output),
      ],
      sharingType: 'unconditional',
      openType: 'conditional_open',
      openConditions: '资质等级及证书有效期向社会开放查询；批量调用须在市公共数据开放平台申请并说明用途。',
      updateCycle: 'daily',
      totalDataVolume: { records: 6750 },
      scopeOfUse: '工程建设项目招投标资格审查、施工许可审批。',
      provisionModes: [{ mode: 'query_api', description: '按统一社会信用代码或企业名称查询资质信息。' }],
    },
  },
  {
    departmentKey: 'housing',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '建筑工程施工许可信息',
      categoryCode: '308',
      summary: '榕城市核发的建筑工程施工许可证信息，来源于工程建设项目审批管理系统。',
      format: 'database',
      formatDetail: 'MySQL',
      items: [
        item('施工许可证编号', 'C', 30, '施工许可证编号'),
        item('项目代码', 'C', 24, '投资项目统一代码'),
        item('工程名称', 'C', 200, '工程名称'),
        item('建设单位', 'C', 200, '建设单位名称'),
        item('施工单位', 'C', 200, '施工总承包单位名称'),
        item('建设地址', 'C', 200, '工程建设地址'),
        item('合同价格', 'Y', null, '施工合同价格（万元）'),
        item('建筑面积', 'B', null, '建筑面积（平方米）'),
        item('发证日期', 'D', null, '核发日期'),
      ],
      sharingType: 'unconditional',
      openType: 'open',
      updateCycle: 'daily',
      totalDataVolume: { records: 14380, bytes: 15728640 },
      scopeOfUse: '质量安全监督、农民工工资专用账户监管、向社会公示。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'csv', description: '每日推送当日核发的施工许可证。' }],
    },
  },
  {
    departmentKey: 'housing',
    projectKey: null,
    finalStatus: 'draft',
    body: {
      name: '既有住宅加装电梯项目信息',
      categoryCode: '308',
      summary: '榕城市老旧小区既有住宅加装电梯的申请、审批、补助发放信息。',
      format: 'spreadsheet',
      formatDetail: 'xlsx',
      items: [
        item('项目编号', 'C', 20, '加装电梯项目编号'),
        item('小区名称', 'C', 200, '小区名称'),
        item('楼栋地址', 'C', 200, '楼栋地址'),
        item('申请人代表', 'C', 50, '业主代表姓名', { sensitive: true }),
        item('补助金额', 'Y', null, '财政补助金额（元）'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限市场监管部门开展电梯使用登记时使用。',
      updateCycle: 'quarterly',
    },
  },

  // ---- 榕城市交通运输局 --------------------------------------------------------------------
  {
    departmentKey: 'transport',
    projectKey: 'transport-video',
    finalStatus: 'published',
    body: {
      name: '交通路口及枢纽视频监控资源',
      categoryCode: '206',
      summary: '智慧交通视频监控联网项目建设的主要路口、高速公路出入口和客运枢纽高清视频监控实时视频。',
      format: 'streaming_media',
      formatDetail: 'GB/T 28181 H.265',
      items: [
        item('摄像机国标编码', 'C', 20, 'GB/T 28181 20位设备编码'),
        item('监控点位名称', 'C', 100, '路口或枢纽点位名称'),
        item('所在道路', 'C', 200, '所在道路、路口或枢纽'),
        item('经度', 'B', null, 'WGS84 经度'),
        item('纬度', 'B', null, 'WGS84 纬度'),
        item('设备在线状态', 'L', null, '是否在线'),
        item('视频取流地址', 'C', 500, '经视频共享平台转发的取流地址'),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限公安交警、应急管理、城市管理部门因交通疏导、突发事件处置需要调阅，按点位授权。',
      openType: 'not_open',
      updateCycle: 'realtime',
      scopeOfUse: '交通拥堵疏导、恶劣天气和交通事故应急处置、客运枢纽客流监测。',
      provisionModes: [{ mode: 'other', description: '已联网接入市视频共享平台，授权部门通过平台调阅实时视频和7日内录像。' }],
      video: {
        cameraPoints: [
          {
            code: '35010000001310000001',
            name: '五四路与东大路交叉口',
            location: '榕城区五四路与东大路交叉口东北角',
            longitude: 119.3068,
            latitude: 26.0912,
          },
          {
            code: '35010000001310000002',
            name: '二环路与华林路交叉口',
            location: '鼓山区二环路华林路口',
            longitude: 119.3021,
            latitude: 26.1054,
          },
          {
            code: '35010000001310000003',
            name: '福厦高速榕城南出入口',
            location: '南台区福厦高速榕城南收费站',
            longitude: 119.3356,
            latitude: 26.0214,
          },
          {
            code: '35010000001310000004',
            name: '榕城南站东广场',
            location: '南台区榕城南站东广场出租车蓄车场',
            longitude: 119.3892,
            latitude: 26.0208,
          },
          { code: '35010000001310000005', name: '闽江大桥北岸', location: '榕城区闽江大桥北桥头', longitude: 119.3015, latitude: 26.0612 },
          {
            code: '35010000001310000006',
            name: '三环路金山大桥',
            location: '仓前区三环路金山大桥',
            longitude: 119.2713,
            latitude: 26.0456,
          },
        ],
        sharingScope: '市公安局交通警察支队、市应急管理局、市城市管理局；接入市视频共享平台，按点位授权调阅实时视频和7日内录像。',
      },
    },
  },
  {
    departmentKey: 'transport',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '城市道路及公路基础信息',
      categoryCode: '206',
      summary: '榕城市境内国省干线公路、农村公路和城市主次干道的路线、技术等级、里程和桥隧信息。',
      format: 'self_describing',
      formatDetail: 'GeoJSON',
      items: [
        item('路线编号', 'C', 10, '如 G104、S201'),
        item('道路名称', 'C', 100, '路线或道路名称'),
        item('技术等级', 'C', 2, '高速、一级至四级、等外'),
        item('行政等级', 'C', 2, '国道、省道、县道、乡道、村道、城市道路'),
        item('起点桩号', 'F', null, '起点桩号（公里）'),
        item('止点桩号', 'F', null, '止点桩号（公里）'),
        item('里程', 'F', null, '路段里程（公里）'),
        item('路面类型', 'C', 2, '沥青混凝土、水泥混凝土等'),
        item('管养单位', 'C', 200, '负责养护的单位'),
        item('路段几何', 'G', null, '路段中心线（CGCS2000）'),
      ],
      sharingType: 'unconditional',
      openType: 'open',
      updateCycle: 'yearly',
      totalDataVolume: { records: 12460, bytes: 157286400 },
      scopeOfUse: '国土空间规划、应急救援路径规划、智慧出行服务，并向社会开放。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'geojson', description: '每年公路统计年报完成后推送全量数据。' }],
    },
  },
  {
    departmentKey: 'transport',
    projectKey: null,
    finalStatus: 'published',
    body: {
      name: '道路运输营运车辆信息',
      categoryCode: '309',
      summary: '榕城市道路旅客运输、货物运输、出租汽车和网约车的营运车辆及道路运输证信息。',
      format: 'database',
      formatDetail: 'MySQL',
      items: [
        item('车牌号码', 'C', 15, '车辆号牌号码', input),
        item('道路运输证号', 'C', 20, '道路运输证编号', input),
        item('车辆类型', 'C', 20, '客车、货车、出租车、网约车', output),
        item('经营范围', 'C', 100, '班车客运、普通货运等', output),
        item('业户名称', 'C', 200, '运输经营业户名称', output),
        item('业户统一社会信用代码', 'C', 18, '运输经营业户统一社会信用代码', output),
        item('核定载客（质量）', 'C', 20, '核定载客人数或载质量', output),
        item('年审有效期至', 'D', null, '道路运输证年审有效期', output),
        item('营运状态', 'C', 2, '营运、停运、注销', output),
      ],
      sharingType: 'conditional',
      sharingConditions: '仅限公安交警、税务、保险监管部门因执法检查、税费征收需要使用。',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: 73860, bytes: 52428800 },
      scopeOfUse: '非法营运联合执法、营运车辆交通违法处理、车船税征收。',
      provisionModes: [
        { mode: 'query_api', description: '按车牌号码或道路运输证号查询营运车辆信息。' },
        { mode: 'verification_api', description: '核验车辆是否取得有效道路运输证。' },
      ],
    },
  },
  {
    departmentKey: 'transport',
    projectKey: null,
    finalStatus: 'withdrawn',
    withdrawReason: '公交线路站点数据已改由市公共交通集团通过市公共数据开放平台直接发布，本目录停止更新并撤销。',
    body: {
      name: '公交线路及站点信息（试运行版）',
      categoryCode: '206',
      summary: '榕城市公交线路走向、站点位置和首末班时间。',
      format: 'self_describing',
      formatDetail: 'JSON',
      items: [
        item('线路编号', 'C', 10, '公交线路编号'),
        item('线路名称', 'C', 50, '如 1路、K2路'),
        item('站点名称', 'C', 100, '站点名称'),
        item('站点序号', 'I', 3, '站点在线路中的序号'),
        item('首班时间', 'C', 5, 'HH:MM'),
        item('末班时间', 'C', 5, 'HH:MM'),
      ],
      sharingType: 'unconditional',
      openType: 'open',
      updateCycle: 'weekly',
      totalDataVolume: { records: 8640 },
      scopeOfUse: '出行服务和公交线网规划。',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'json', description: '每周推送全量线路站点。' }],
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Sharing requests (数据共享应用（需求）表) between the departments, in each state a clerk meets.
// ---------------------------------------------------------------------------------------------

export interface DemoSharingRequest {
  /** The filing user's key (a consumer). */
  consumerKey: string;
  resourceName: string;
  provisionMode: 'certificate' | 'query_api' | 'verification_api' | 'batch_exchange' | 'other';
  items: string[];
  purpose: string;
  basis: string;
  scopeOfUse: string;
  /** What happens after submission; unconditional entries are granted by rule on submission. */
  outcome: 'submitted' | 'approved' | 'rejected' | 'escalated';
  reason?: string;
}

export const sharingRequests: DemoSharingRequest[] = [
  {
    consumerKey: 'edu-consumer',
    resourceName: '户籍人口基本信息',
    provisionMode: 'query_api',
    items: ['公民身份号码', '姓名', '性别', '出生日期'],
    purpose: '义务教育招生入学报名时核验适龄儿童户籍',
    basis: '《中华人民共和国义务教育法》第十二条',
    scopeOfUse: '市教育局招生入学管理',
    outcome: 'submitted',
  },
  {
    consumerKey: 'edu-consumer',
    resourceName: '社会保险参保人员基本信息',
    provisionMode: 'query_api',
    items: ['公民身份号码', '姓名', '参保状态', '参保单位名称'],
    purpose: '随迁子女入学审核父母社保缴纳情况',
    basis: '《榕城市义务教育阶段随迁子女入学办法》',
    scopeOfUse: '市教育局招生入学管理',
    outcome: 'submitted',
  },
  {
    consumerKey: 'housing',
    resourceName: '不动产登记信息',
    provisionMode: 'query_api',
    items: ['不动产单元号', '权利人证件号码', '权利人', '坐落', '抵押状态'],
    purpose: '公积金贷款审批核验购房人不动产情况',
    basis: '《住房公积金管理条例》第二十六条',
    scopeOfUse: '市住房公积金贷款审批',
    outcome: 'approved',
  },
  {
    consumerKey: 'edu-consumer',
    resourceName: '最低生活保障对象信息',
    provisionMode: 'batch_exchange',
    items: ['低保证编号', '户主公民身份号码', '户主姓名', '保障类别', '所在乡镇（街道）'],
    purpose: '落实低保家庭学生教育资助和学费减免',
    basis: '《学生资助资金管理办法》第七条',
    scopeOfUse: '市教育局学生资助管理',
    outcome: 'approved',
  },
  {
    consumerKey: 'civil',
    resourceName: '住房公积金缴存信息',
    provisionMode: 'verification_api',
    items: ['公民身份号码', '姓名', '账户状态', '月缴存额'],
    purpose: '最低生活保障家庭经济状况核对',
    basis: '《社会救助暂行办法》第十一条',
    scopeOfUse: '市民政局低保审核',
    outcome: 'escalated',
    reason: '月缴存额属于个人敏感信息，申请用途未说明必要性',
  },
  {
    consumerKey: 'market',
    resourceName: '居民身份证电子证照信息',
    provisionMode: 'certificate',
    items: ['证照编号', '公民身份号码', '姓名'],
    purpose: '企业开办“一网通办”时调用身份证电子证照',
    basis: '《优化营商环境条例》第十九条',
    scopeOfUse: '市市场监管局企业登记',
    outcome: 'submitted',
  },
  {
    consumerKey: 'transport',
    resourceName: '营业执照电子证照信息',
    provisionMode: 'certificate',
    items: ['统一社会信用代码', '企业名称', '法定代表人', '证照状态'],
    purpose: '道路运输经营许可申请免提交营业执照',
    basis: '《道路运输条例》',
    scopeOfUse: '市交通运输局行政许可',
    outcome: 'submitted',
  },
  {
    consumerKey: 'health',
    resourceName: '婚姻登记信息',
    provisionMode: 'verification_api',
    items: ['男方公民身份号码', '女方公民身份号码', '登记类别'],
    purpose: '生育登记核验婚姻状况',
    basis: '《榕城市生育登记服务管理办法》',
    scopeOfUse: '市卫健委生育登记',
    outcome: 'rejected',
    reason: '生育登记已不再要求提供婚姻状况证明，申请依据不足',
  },
];

// ---------------------------------------------------------------------------------------------
// Where the projects stand: lifecycle steps and how many days ago each was taken.
// ---------------------------------------------------------------------------------------------

export type DemoProjectAction = 'start_construction' | 'complete' | 'pass_preliminary' | 'start_trial_run';

export const projectProgress: Array<{ projectKey: string; steps: Array<[DemoProjectAction, number]> }> = [
  // In its trial run for four months: the board shows what still holds back its acceptance.
  {
    projectKey: 'transport-video',
    steps: [
      ['start_construction', 400],
      ['complete', 200],
      ['pass_preliminary', 150],
      ['start_trial_run', 120],
    ],
  },
  {
    projectKey: 'police-population',
    steps: [
      ['start_construction', 300],
      ['complete', 60],
      ['pass_preliminary', 40],
      ['start_trial_run', 30],
    ],
  },
  // Completed seven months ago and not accepted: overdue (Xiuwu art. 20–21).
  {
    projectKey: 'civil-assistance',
    steps: [
      ['start_construction', 500],
      ['complete', 210],
    ],
  },
  {
    projectKey: 'market-registration',
    steps: [
      ['start_construction', 250],
      ['complete', 45],
      ['pass_preliminary', 20],
    ],
  },
  {
    projectKey: 'hrss-insurance',
    steps: [
      ['start_construction', 180],
      ['complete', 10],
    ],
  },
  { projectKey: 'land-registration', steps: [['start_construction', 90]] },
];
