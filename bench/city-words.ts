// Word pools of the benchmark city (临江市), used by bench/generate-city.ts: its districts, the
// sectors its departments belong to, what each sector's catalog entries are about, and the data
// items those entries list. Entry names combine a subject with a kind of record
// (户籍人口 + 基本信息), and their items combine the subject's identifiers and items with the
// record kind's own (a 许可信息 entry lists 许可证编号, 有效期起 …). Everything is fictional.

export type DataType = 'C' | 'N' | 'Y' | 'D' | 'T' | 'L' | 'M' | 'G' | 'B' | 'I' | 'F';

export const CITY = '临江市';
/** Administrative division code of the city (fictional); districts are CITY_DIVISION + 1…8. */
export const CITY_DIVISION = 350900;

export const districts: Array<{ name: string; code: string; kind: 'district' | 'county' }> = [
  { name: '城东区', code: 'CD', kind: 'district' },
  { name: '城西区', code: 'CX', kind: 'district' },
  { name: '江北区', code: 'JB', kind: 'district' },
  { name: '江南区', code: 'JN', kind: 'district' },
  { name: '高新区', code: 'GX', kind: 'district' },
  { name: '临水县', code: 'LS', kind: 'county' },
  { name: '青山县', code: 'QS', kind: 'county' },
  { name: '白沙县', code: 'BS', kind: 'county' },
];

/** Townships and sub-districts (街道 in districts, 镇/乡 in counties). */
export const townshipNames = [
  '东湖',
  '西湖',
  '南门',
  '北门',
  '滨江',
  '凤凰',
  '龙山',
  '桂园',
  '鼓楼',
  '新桥',
  '石桥',
  '梅岭',
  '竹林',
  '金沙',
  '银湖',
  '白云',
  '青龙',
  '马尾',
  '城关',
  '长乐',
  '永安',
  '兴隆',
  '太平',
  '和平',
  '文昌',
  '清河',
  '柳湾',
  '花园',
  '荷塘',
  '松柏',
];

export interface Subject {
  /** What the entry is about, e.g. 户籍人口; a name is subject + record kind. */
  name: string;
  /** Identifying items: the inputs of a query interface. */
  ids: string[];
  /** The subject's own items. */
  items: string[];
  /** Record kinds that make sense for this subject (keys of recordKinds). */
  kinds: string[];
}

export interface Sector {
  key: string;
  /** Two or three letters used in project codes. */
  code: string;
  /** The municipal department's name after the city name, e.g. 公安局. */
  municipal: string;
  /** The district or county department's name after the district name, or null when there is none. */
  district: string | null;
  /** Catalog categories its entries fall under (first is the most common). */
  categories: string[];
  /** How many entries a department of this sector registers, relative to others. */
  weight: number;
  subjects: Subject[];
}

const PERSON = ['公民身份号码', '姓名'];
const ORG = ['统一社会信用代码', '单位名称'];

export const sectors: Sector[] = [
  {
    key: 'police',
    code: 'GA',
    municipal: '公安局',
    district: '公安分局',
    categories: ['101', '301', '208'],
    weight: 1.6,
    subjects: [
      {
        name: '户籍人口',
        ids: PERSON,
        items: ['曾用名', '性别', '民族', '出生日期', '出生地', '户籍地址', '户号', '与户主关系', '户籍登记机关', '迁入日期'],
        kinds: ['基本信息', '变更信息', '注销信息', '统计数据'],
      },
      {
        name: '流动人口',
        ids: PERSON,
        items: ['性别', '出生日期', '户籍地址', '现住址', '居住事由', '登记日期', '居住证编号', '联系电话'],
        kinds: ['登记信息', '基本信息', '统计数据'],
      },
      {
        name: '居民身份证',
        ids: PERSON,
        items: ['性别', '民族', '出生日期', '住址', '签发机关', '有效期起', '有效期止', '证件照片'],
        kinds: ['电子证照', '基本信息'],
      },
      {
        name: '机动车',
        ids: ['号牌号码', '号牌种类'],
        items: ['车辆识别代号', '发动机号', '车辆类型', '车身颜色', '使用性质', '所有人姓名', '初次登记日期', '检验有效期止', '机动车状态'],
        kinds: ['登记信息', '基本信息', '变更信息'],
      },
      {
        name: '机动车驾驶人',
        ids: PERSON,
        items: ['驾驶证号', '准驾车型', '初次领证日期', '有效期止', '累积记分', '驾驶证状态', '联系电话'],
        kinds: ['基本信息', '许可信息', '电子证照'],
      },
      {
        name: '道路交通违法',
        ids: ['号牌号码', '号牌种类'],
        items: ['违法时间', '违法地点', '违法行为代码', '违法行为', '罚款金额', '记分', '处理状态', '采集机关'],
        kinds: ['处罚信息', '统计数据'],
      },
      {
        name: '公共安全视频监控',
        ids: ['点位编码', '点位名称'],
        items: ['设备类型', '安装位置', '经度', '纬度', '建设单位', '联网状态', '接入平台'],
        kinds: ['视频资源', '基本信息'],
      },
      {
        name: '出入境证件',
        ids: PERSON,
        items: ['证件类型', '证件号码', '签发日期', '有效期止', '签发机关', '出生日期', '性别'],
        kinds: ['电子证照', '许可信息'],
      },
    ],
  },
  {
    key: 'civil',
    code: 'MZ',
    municipal: '民政局',
    district: '民政局',
    categories: ['302', '101', '202'],
    weight: 1.2,
    subjects: [
      {
        name: '婚姻登记',
        ids: PERSON,
        items: ['配偶姓名', '配偶公民身份号码', '登记类别', '登记日期', '登记机关', '婚姻证件字号', '性别', '出生日期'],
        kinds: ['登记信息', '电子证照', '统计数据'],
      },
      {
        name: '最低生活保障',
        ids: PERSON,
        items: ['户籍地址', '家庭人口数', '保障人数', '保障金额', '保障类别', '审批日期', '所属乡镇（街道）', '银行账号'],
        kinds: ['基本信息', '变更信息', '统计数据'],
      },
      {
        name: '特困人员救助供养',
        ids: PERSON,
        items: ['性别', '出生日期', '户籍地址', '供养方式', '供养标准', '认定日期', '所属乡镇（街道）'],
        kinds: ['基本信息', '统计数据'],
      },
      {
        name: '社会组织',
        ids: ORG,
        items: ['组织类型', '法定代表人', '业务主管单位', '住所', '成立登记日期', '注册资金', '业务范围', '登记状态'],
        kinds: ['登记信息', '变更信息', '注销信息', '处罚信息'],
      },
      {
        name: '养老机构',
        ids: ORG,
        items: ['机构地址', '床位数', '收住老人数', '护理型床位数', '备案日期', '运营方式', '联系电话'],
        kinds: ['基本信息', '许可信息', '统计数据'],
      },
      {
        name: '殡葬服务',
        ids: PERSON,
        items: ['性别', '死亡日期', '火化日期', '殡仪馆名称', '火化证明编号', '户籍地址'],
        kinds: ['登记信息', '统计数据'],
      },
      {
        name: '残疾人两项补贴',
        ids: PERSON,
        items: ['残疾人证号', '残疾类别', '残疾等级', '补贴类型', '补贴金额', '发放年月', '银行账号'],
        kinds: ['发放记录', '基本信息'],
      },
    ],
  },
  {
    key: 'market',
    code: 'SJ',
    municipal: '市场监督管理局',
    district: '市场监督管理局',
    categories: ['102', '303', '207', '105'],
    weight: 1.5,
    subjects: [
      {
        name: '企业法人',
        ids: ORG,
        items: ['法定代表人', '企业类型', '注册资本', '成立日期', '营业期限自', '营业期限至', '住所', '经营范围', '登记机关', '登记状态'],
        kinds: ['基本信息', '登记信息', '变更信息', '注销信息'],
      },
      {
        name: '个体工商户',
        ids: ['统一社会信用代码', '字号名称'],
        items: ['经营者姓名', '经营者公民身份号码', '组成形式', '经营场所', '经营范围', '注册日期', '登记机关', '登记状态'],
        kinds: ['基本信息', '登记信息', '注销信息'],
      },
      {
        name: '营业执照',
        ids: ORG,
        items: ['法定代表人', '类型', '注册资本', '成立日期', '住所', '经营范围', '发照日期'],
        kinds: ['电子证照'],
      },
      {
        name: '食品经营许可',
        ids: ORG,
        items: ['法定代表人', '经营场所', '主体业态', '经营项目', '日常监督管理机构', '投诉举报电话'],
        kinds: ['许可信息', '电子证照', '注销信息'],
      },
      {
        name: '市场主体行政处罚',
        ids: ORG,
        items: ['法定代表人', '违法行为类型', '罚没款金额', '公示期限'],
        kinds: ['处罚信息', '统计数据'],
      },
      {
        name: '特种设备',
        ids: ['设备注册代码', '使用单位名称'],
        items: ['设备类别', '设备品种', '使用地点', '制造单位', '出厂日期', '下次检验日期', '使用登记证编号'],
        kinds: ['登记信息', '基本信息', '监测数据'],
      },
    ],
  },
  {
    key: 'land',
    code: 'ZR',
    municipal: '自然资源和规划局',
    district: '自然资源局',
    categories: ['103', '304'],
    weight: 1.2,
    subjects: [
      {
        name: '不动产登记',
        ids: ['不动产单元号', '不动产权证书号'],
        items: ['权利人', '权利人证件号码', '坐落', '用途', '面积', '权利性质', '共有情况', '登记日期', '登记机构'],
        kinds: ['登记信息', '电子证照', '变更信息', '注销信息'],
      },
      {
        name: '不动产抵押',
        ids: ['不动产单元号', '不动产登记证明号'],
        items: ['抵押权人', '抵押人', '被担保主债权数额', '债务履行期限起', '债务履行期限止', '坐落', '登记日期'],
        kinds: ['登记信息', '注销信息'],
      },
      {
        name: '国有建设用地供应',
        ids: ['电子监管号', '项目名称'],
        items: ['土地坐落', '供地方式', '土地用途', '供地面积', '成交价格', '受让单位', '签订日期', '容积率上限'],
        kinds: ['基本信息', '统计数据'],
      },
      {
        name: '国土空间规划',
        ids: ['规划编号', '规划名称'],
        items: ['规划类型', '规划范围', '批复文号', '批复日期', '规划期限', '用地面积', '图件'],
        kinds: ['基本信息', '许可信息'],
      },
      {
        name: '建设工程规划许可',
        ids: ['许可证编号', '建设项目名称'],
        items: ['建设单位', '建设位置', '建设规模', '核发日期', '核发机关'],
        kinds: ['许可信息', '电子证照'],
      },
    ],
  },
  {
    key: 'hrss',
    code: 'RS',
    municipal: '人力资源和社会保障局',
    district: '人力资源和社会保障局',
    categories: ['202', '305'],
    weight: 1.3,
    subjects: [
      {
        name: '企业职工基本养老保险',
        ids: PERSON,
        items: ['社会保障号码', '参保单位名称', '参保日期', '参保状态', '个人账户累计额', '累计缴费月数', '联系电话'],
        kinds: ['参保信息', '缴费记录', '待遇发放记录'],
      },
      {
        name: '城乡居民基本养老保险',
        ids: PERSON,
        items: ['社会保障号码', '户籍地址', '参保日期', '缴费档次', '参保状态', '所属乡镇（街道）'],
        kinds: ['参保信息', '缴费记录', '待遇发放记录'],
      },
      {
        name: '失业保险',
        ids: PERSON,
        items: ['参保单位名称', '失业登记日期', '领取期限', '失业保险金标准', '领取状态'],
        kinds: ['参保信息', '待遇发放记录'],
      },
      {
        name: '工伤保险',
        ids: PERSON,
        items: ['参保单位名称', '工伤认定书编号', '受伤日期', '伤残等级', '认定日期'],
        kinds: ['参保信息', '登记信息'],
      },
      {
        name: '就业登记',
        ids: PERSON,
        items: ['用工单位名称', '用工单位统一社会信用代码', '就业日期', '就业形式', '劳动合同期限', '岗位'],
        kinds: ['登记信息', '统计数据'],
      },
      {
        name: '社会保障卡',
        ids: PERSON,
        items: ['社会保障卡号', '发卡日期', '卡状态', '发卡银行', '银行账号'],
        kinds: ['基本信息', '电子证照'],
      },
      {
        name: '职业资格证书',
        ids: PERSON,
        items: ['证书编号', '职业名称', '等级', '发证日期', '发证机构'],
        kinds: ['电子证照', '基本信息'],
      },
    ],
  },
  {
    key: 'medical',
    code: 'YB',
    municipal: '医疗保障局',
    district: '医疗保障局',
    categories: ['202', '203'],
    weight: 1.0,
    subjects: [
      {
        name: '基本医疗保险参保人员',
        ids: PERSON,
        items: ['医保编号', '险种类型', '参保单位名称', '参保日期', '参保状态', '人员类别', '参保地'],
        kinds: ['参保信息', '缴费记录', '变更信息'],
      },
      {
        name: '医疗费用结算',
        ids: PERSON,
        items: ['结算流水号', '定点医药机构名称', '就诊类型', '入院日期', '出院日期', '医疗费总额', '统筹基金支付', '个人自付金额'],
        kinds: ['明细数据', '统计数据'],
      },
      {
        name: '定点医药机构',
        ids: ['定点医药机构编码', '定点医药机构名称'],
        items: ['机构类型', '机构地址', '协议期限起', '协议期限止', '协议状态', '联系电话'],
        kinds: ['基本信息', '许可信息'],
      },
      {
        name: '医疗救助',
        ids: PERSON,
        items: ['救助对象类别', '救助金额', '救助日期', '定点医药机构名称', '所属乡镇（街道）'],
        kinds: ['发放记录', '统计数据'],
      },
    ],
  },
  {
    key: 'health',
    code: 'WJ',
    municipal: '卫生健康委员会',
    district: '卫生健康局',
    categories: ['203', '306'],
    weight: 1.2,
    subjects: [
      {
        name: '出生医学证明',
        ids: ['出生医学证明编号', '新生儿姓名'],
        items: ['性别', '出生时间', '出生地点', '母亲姓名', '母亲公民身份号码', '父亲姓名', '父亲公民身份号码', '接生机构', '签发日期'],
        kinds: ['电子证照', '登记信息', '统计数据'],
      },
      {
        name: '死亡医学证明',
        ids: PERSON,
        items: ['性别', '死亡日期', '死亡地点', '死亡原因', '填报单位', '签发日期'],
        kinds: ['电子证照', '登记信息', '统计数据'],
      },
      {
        name: '预防接种',
        ids: ['受种者编码', '受种者姓名'],
        items: ['出生日期', '疫苗名称', '接种剂次', '接种日期', '接种单位', '疫苗批号', '监护人姓名', '联系电话'],
        kinds: ['明细数据', '统计数据'],
      },
      {
        name: '医疗机构执业',
        ids: ['登记号', '机构名称'],
        items: ['机构类别', '经营性质', '地址', '法定代表人', '诊疗科目', '床位数', '有效期止'],
        kinds: ['许可信息', '电子证照', '基本信息'],
      },
      {
        name: '医师执业',
        ids: PERSON,
        items: ['医师执业证书编码', '执业类别', '执业范围', '执业地点', '主要执业机构', '发证日期'],
        kinds: ['许可信息', '电子证照'],
      },
      {
        name: '居民电子健康档案',
        ids: PERSON,
        items: ['健康档案编号', '性别', '出生日期', '血型', '过敏史', '既往史', '建档日期', '建档机构', '现住址'],
        kinds: ['基本信息', '统计数据'],
      },
    ],
  },
  {
    key: 'edu',
    code: 'JY',
    municipal: '教育局',
    district: '教育局',
    categories: ['204', '307'],
    weight: 1.1,
    subjects: [
      {
        name: '中小学生学籍',
        ids: ['全国学籍号', '学生姓名'],
        items: ['公民身份号码', '性别', '出生日期', '学校名称', '年级', '班级', '入学日期', '学籍状态', '监护人姓名', '户籍地址'],
        kinds: ['基本信息', '变更信息', '统计数据'],
      },
      {
        name: '学校',
        ids: ['学校标识码', '学校名称'],
        items: ['办学类型', '举办者', '学校地址', '校长姓名', '在校生数', '教职工数', '占地面积', '办学许可证号'],
        kinds: ['基本信息', '统计数据', '许可信息'],
      },
      {
        name: '教师资格',
        ids: PERSON,
        items: ['教师资格证书号码', '资格种类', '任教学科', '认定机构', '认定日期'],
        kinds: ['电子证照', '登记信息'],
      },
      {
        name: '义务教育招生入学',
        ids: ['报名号', '学生姓名'],
        items: ['公民身份号码', '户籍地址', '居住地址', '房产证号', '监护人姓名', '录取学校', '录取日期'],
        kinds: ['登记信息', '统计数据'],
      },
      {
        name: '校外培训机构',
        ids: ORG,
        items: ['机构地址', '培训类别', '办学许可证号', '审批日期', '负责人姓名', '资金监管账户'],
        kinds: ['许可信息', '处罚信息', '基本信息'],
      },
    ],
  },
  {
    key: 'housing',
    code: 'ZJ',
    municipal: '住房和城乡建设局',
    district: '住房和城乡建设局',
    categories: ['205', '308'],
    weight: 1.1,
    subjects: [
      {
        name: '商品房网签备案',
        ids: ['合同备案号', '房屋编号'],
        items: ['买受人', '买受人证件号码', '出卖人', '房屋坐落', '建筑面积', '合同总价', '备案日期', '项目名称'],
        kinds: ['登记信息', '统计数据', '注销信息'],
      },
      {
        name: '商品房预售许可',
        ids: ['预售许可证号', '项目名称'],
        items: ['开发企业', '项目坐落', '预售面积', '预售套数', '发证日期', '资金监管账户'],
        kinds: ['许可信息', '电子证照'],
      },
      {
        name: '建筑工程施工许可',
        ids: ['施工许可证编号', '工程名称'],
        items: ['建设单位', '施工单位', '监理单位', '建设地址', '合同价格', '建设规模', '发证日期'],
        kinds: ['许可信息', '电子证照'],
      },
      {
        name: '建筑业企业资质',
        ids: ORG,
        items: ['资质证书编号', '资质类别及等级', '法定代表人', '发证日期', '有效期止'],
        kinds: ['许可信息', '变更信息'],
      },
      {
        name: '城镇老旧小区改造',
        ids: ['项目编号', '小区名称'],
        items: ['所属街道', '楼栋数', '户数', '改造内容', '总投资', '开工日期', '竣工日期'],
        kinds: ['基本信息', '统计数据'],
      },
    ],
  },
  {
    key: 'transport',
    code: 'JT',
    municipal: '交通运输局',
    district: '交通运输局',
    categories: ['206', '309'],
    weight: 1.1,
    subjects: [
      {
        name: '道路运输经营许可',
        ids: ORG,
        items: ['道路运输经营许可证号', '经营范围', '经营地址', '法定代表人', '发证日期', '有效期止'],
        kinds: ['许可信息', '电子证照', '注销信息'],
      },
      {
        name: '道路运输车辆',
        ids: ['号牌号码', '道路运输证号'],
        items: ['车辆类型', '核定载客', '核定载质量', '业户名称', '经营范围', '年审日期', '营运状态'],
        kinds: ['基本信息', '登记信息'],
      },
      {
        name: '道路运输从业人员',
        ids: PERSON,
        items: ['从业资格证号', '从业资格类别', '发证日期', '有效期止', '诚信考核等级'],
        kinds: ['电子证照', '基本信息'],
      },
      {
        name: '公路路况',
        ids: ['路线编号', '路段名称'],
        items: ['起点桩号', '止点桩号', '技术等级', '路面类型', '路况指数', '检测日期', '管养单位'],
        kinds: ['监测数据', '基本信息'],
      },
      {
        name: '道路交通流量',
        ids: ['观测站编号', '观测站名称'],
        items: ['路线编号', '观测时段', '机动车当量', '小型客车数', '大型货车数', '平均车速'],
        kinds: ['监测数据', '统计数据'],
      },
      {
        name: '交通视频监控',
        ids: ['点位编码', '点位名称'],
        items: ['路线编号', '安装位置', '经度', '纬度', '监控方向', '联网状态'],
        kinds: ['视频资源'],
      },
      {
        name: '公共交通运营',
        ids: ['线路编号', '线路名称'],
        items: ['运营企业', '首班时间', '末班时间', '配车数', '站点数', '线路长度', '日均客流量'],
        kinds: ['基本信息', '统计数据'],
      },
    ],
  },
  {
    key: 'env',
    code: 'HJ',
    municipal: '生态环境局',
    district: '生态环境分局',
    categories: ['209'],
    weight: 1.0,
    subjects: [
      {
        name: '环境空气质量',
        ids: ['监测点位编码', '监测点位名称'],
        items: ['二氧化硫', '二氧化氮', '可吸入颗粒物', '细颗粒物', '臭氧', '一氧化碳', '空气质量指数', '首要污染物'],
        kinds: ['监测数据', '统计数据'],
      },
      {
        name: '地表水水质',
        ids: ['断面编码', '断面名称'],
        items: ['所在河流', '溶解氧', '高锰酸盐指数', '氨氮', '总磷', '水质类别', '达标情况'],
        kinds: ['监测数据', '统计数据'],
      },
      {
        name: '排污许可',
        ids: ORG,
        items: ['排污许可证编号', '行业类别', '生产经营场所地址', '主要污染物类别', '许可排放量', '有效期止'],
        kinds: ['许可信息', '电子证照', '变更信息'],
      },
      {
        name: '重点排污单位在线监测',
        ids: ORG,
        items: ['排放口编号', '污染物名称', '排放浓度', '排放限值', '是否超标'],
        kinds: ['监测数据'],
      },
      { name: '环境行政处罚', ids: ORG, items: ['法定代表人', '违法行为类型', '罚没款金额', '整改情况'], kinds: ['处罚信息'] },
    ],
  },
  {
    key: 'weather',
    code: 'QX',
    municipal: '气象局',
    district: null,
    categories: ['103', '210'],
    weight: 0.8,
    subjects: [
      {
        name: '地面气象观测',
        ids: ['区站号', '站名'],
        items: ['观测时间', '气温', '相对湿度', '降水量', '风向', '风速', '气压', '能见度'],
        kinds: ['监测数据', '统计数据'],
      },
      {
        name: '气象灾害预警',
        ids: ['预警编号', '预警类型'],
        items: ['预警级别', '发布时间', '解除时间', '影响区域', '防御指南', '发布单位'],
        kinds: ['发布信息', '统计数据'],
      },
      {
        name: '天气预报',
        ids: ['预报区域编码', '预报区域'],
        items: ['预报时效', '天气现象', '最高气温', '最低气温', '降水概率', '风力'],
        kinds: ['发布信息'],
      },
    ],
  },
  {
    key: 'tax',
    code: 'SW',
    municipal: '税务局',
    district: '税务局',
    categories: ['104', '105'],
    weight: 1.2,
    subjects: [
      {
        name: '纳税人登记',
        ids: ['纳税人识别号', '纳税人名称'],
        items: ['法定代表人', '登记注册类型', '行业', '生产经营地址', '主管税务机关', '登记日期', '纳税人状态'],
        kinds: ['登记信息', '变更信息', '注销信息'],
      },
      {
        name: '纳税信用等级',
        ids: ['纳税人识别号', '纳税人名称'],
        items: ['评价年度', '信用等级', '评价得分', '评定日期'],
        kinds: ['基本信息', '发布信息'],
      },
      {
        name: '企业纳税',
        ids: ['纳税人识别号', '纳税人名称'],
        items: ['所属期起', '所属期止', '税种', '应纳税额', '已缴税额', '入库日期'],
        kinds: ['缴费记录', '统计数据'],
      },
      {
        name: '欠税公告',
        ids: ['纳税人识别号', '纳税人名称'],
        items: ['法定代表人', '经营地点', '欠税税种', '欠税余额', '公告日期'],
        kinds: ['发布信息'],
      },
      {
        name: '社会保险费征缴',
        ids: ORG,
        items: ['费种', '所属期', '缴费基数', '应缴金额', '实缴金额', '缴费日期'],
        kinds: ['缴费记录', '统计数据'],
      },
    ],
  },
  {
    key: 'stats',
    code: 'TJ',
    municipal: '统计局',
    district: '统计局',
    categories: ['104'],
    weight: 0.7,
    subjects: [
      {
        name: '地区生产总值',
        ids: ['统计年度', '地区代码'],
        items: ['地区名称', '生产总值', '第一产业增加值', '第二产业增加值', '第三产业增加值', '增长率'],
        kinds: ['统计数据'],
      },
      {
        name: '常住人口抽样调查',
        ids: ['统计年度', '地区代码'],
        items: ['地区名称', '常住人口', '城镇人口', '出生率', '死亡率', '自然增长率'],
        kinds: ['统计数据'],
      },
      {
        name: '规模以上工业',
        ids: ORG,
        items: ['行业代码', '工业总产值', '营业收入', '利润总额', '从业人员平均人数', '统计年月'],
        kinds: ['统计数据', '基本信息'],
      },
      {
        name: '居民消费价格',
        ids: ['统计年月', '类别'],
        items: ['同比指数', '环比指数', '定基指数', '地区名称'],
        kinds: ['统计数据', '发布信息'],
      },
    ],
  },
  {
    key: 'emergency',
    code: 'YJ',
    municipal: '应急管理局',
    district: '应急管理局',
    categories: ['210'],
    weight: 0.9,
    subjects: [
      {
        name: '危险化学品企业',
        ids: ORG,
        items: ['安全生产许可证编号', '危险化学品名称', '最大储存量', '重大危险源等级', '企业地址', '安全负责人', '联系电话'],
        kinds: ['基本信息', '许可信息', '监测数据'],
      },
      {
        name: '应急物资储备',
        ids: ['储备库编码', '储备库名称'],
        items: ['物资名称', '物资类别', '计量单位', '储备数量', '储备地址', '管理单位', '更新时间'],
        kinds: ['基本信息', '统计数据'],
      },
      {
        name: '自然灾害灾情',
        ids: ['灾害编号', '灾害类型'],
        items: ['发生时间', '影响区域', '受灾人口', '紧急转移安置人口', '倒塌房屋间数', '直接经济损失'],
        kinds: ['统计数据', '发布信息'],
      },
      { name: '安全生产行政处罚', ids: ORG, items: ['法定代表人', '违法行为类型', '罚没款金额', '执法机关'], kinds: ['处罚信息'] },
    ],
  },
  {
    key: 'dev',
    code: 'FG',
    municipal: '发展和改革委员会',
    district: '发展和改革局',
    categories: ['104', '105'],
    weight: 0.9,
    subjects: [
      {
        name: '固定资产投资项目',
        ids: ['项目代码', '项目名称'],
        items: ['项目单位', '建设地点', '建设规模及内容', '总投资', '审批类型', '审批文号', '审批日期'],
        kinds: ['审批信息', '基本信息', '统计数据'],
      },
      {
        name: '公共信用',
        ids: ORG,
        items: ['信用主体类别', '信用记录类型', '认定单位', '认定日期', '有效期止', '信用修复状态'],
        kinds: ['基本信息', '发布信息'],
      },
      {
        name: '重要商品价格监测',
        ids: ['商品编码', '商品名称'],
        items: ['规格等级', '计量单位', '采价点', '采价日期', '价格'],
        kinds: ['监测数据', '统计数据'],
      },
    ],
  },
  {
    key: 'justice',
    code: 'SF',
    municipal: '司法局',
    district: '司法局',
    categories: ['208', '399'],
    weight: 0.8,
    subjects: [
      {
        name: '律师执业',
        ids: PERSON,
        items: ['执业证号', '执业机构', '执业类别', '首次执业日期', '年度考核结果', '执业状态'],
        kinds: ['许可信息', '电子证照', '基本信息'],
      },
      {
        name: '社区矫正对象',
        ids: PERSON,
        items: ['矫正类别', '矫正起始日期', '矫正终止日期', '执行地', '居住地址', '司法所'],
        kinds: ['基本信息', '变更信息'],
      },
      {
        name: '公证',
        ids: ['公证书编号', '公证事项'],
        items: ['当事人', '当事人证件号码', '公证机构', '承办公证员', '出证日期'],
        kinds: ['登记信息', '电子证照'],
      },
      {
        name: '法律援助',
        ids: PERSON,
        items: ['案件类别', '受理日期', '承办机构', '承办人', '结案日期', '联系电话'],
        kinds: ['登记信息', '统计数据'],
      },
    ],
  },
  {
    key: 'water',
    code: 'SL',
    municipal: '水利局',
    district: '水利局',
    categories: ['103', '209'],
    weight: 0.8,
    subjects: [
      {
        name: '水文监测',
        ids: ['测站编码', '测站名称'],
        items: ['所在河流', '观测时间', '水位', '流量', '警戒水位', '保证水位', '雨量'],
        kinds: ['监测数据', '统计数据'],
      },
      {
        name: '取水许可',
        ids: ORG,
        items: ['取水许可证编号', '取水地点', '取水方式', '年取水量', '取水用途', '有效期止'],
        kinds: ['许可信息', '电子证照'],
      },
      {
        name: '河湖长制',
        ids: ['河湖编码', '河湖名称'],
        items: ['河湖长姓名', '河湖长职务', '河湖长层级', '巡河次数', '发现问题数', '联系电话'],
        kinds: ['基本信息', '统计数据'],
      },
      {
        name: '水利工程',
        ids: ['工程代码', '工程名称'],
        items: ['工程类别', '工程规模', '所在地点', '管理单位', '竣工日期', '总库容'],
        kinds: ['基本信息', '监测数据'],
      },
    ],
  },
  {
    key: 'agri',
    code: 'NY',
    municipal: '农业农村局',
    district: '农业农村局',
    categories: ['399', '103'],
    weight: 0.9,
    subjects: [
      {
        name: '农村土地承包经营权',
        ids: ['承包合同编号', '承包方代表姓名'],
        items: ['承包方代表公民身份号码', '发包方名称', '承包地块数', '承包面积', '承包期限起', '承包期限止', '所属村组'],
        kinds: ['登记信息', '电子证照'],
      },
      {
        name: '农机购置补贴',
        ids: PERSON,
        items: ['机具品目', '生产企业', '购机日期', '补贴额', '经销商', '所属乡镇（街道）'],
        kinds: ['发放记录', '统计数据'],
      },
      {
        name: '动物检疫',
        ids: ['检疫证明编号', '货主'],
        items: ['动物种类', '数量', '启运地点', '到达地点', '用途', '签发日期', '官方兽医'],
        kinds: ['电子证照', '登记信息'],
      },
      {
        name: '家庭农场',
        ids: ORG,
        items: ['经营者姓名', '经营地址', '经营类型', '经营面积', '认定等级', '认定日期'],
        kinds: ['基本信息', '登记信息'],
      },
    ],
  },
  {
    key: 'culture',
    code: 'WL',
    municipal: '文化和旅游局',
    district: '文化和旅游局',
    categories: ['204'],
    weight: 0.8,
    subjects: [
      {
        name: 'A级旅游景区',
        ids: ['景区编号', '景区名称'],
        items: ['景区等级', '景区地址', '开放时间', '最大承载量', '评定日期', '联系电话'],
        kinds: ['基本信息', '统计数据', '监测数据'],
      },
      {
        name: '文物保护单位',
        ids: ['文物编号', '文物保护单位名称'],
        items: ['保护级别', '文物类别', '年代', '地址', '公布批次', '公布日期'],
        kinds: ['基本信息', '名录'],
      },
      {
        name: '营业性演出',
        ids: ['批准文号', '演出名称'],
        items: ['举办单位', '演出场所', '演出时间', '演员人数', '批准日期'],
        kinds: ['许可信息', '审批信息'],
      },
      {
        name: '旅行社',
        ids: ORG,
        items: ['旅行社业务经营许可证编号', '经营范围', '法定代表人', '经营场所', '质量保证金', '许可日期'],
        kinds: ['许可信息', '基本信息'],
      },
    ],
  },
  {
    key: 'fund',
    code: 'GJJ',
    municipal: '住房公积金管理中心',
    district: null,
    categories: ['202', '308'],
    weight: 0.9,
    subjects: [
      {
        name: '住房公积金缴存',
        ids: PERSON,
        items: ['个人账号', '缴存单位名称', '缴存基数', '月缴存额', '缴存状态', '账户余额', '开户日期'],
        kinds: ['缴费记录', '基本信息'],
      },
      {
        name: '住房公积金贷款',
        ids: PERSON,
        items: ['贷款合同编号', '贷款金额', '贷款期限', '贷款利率', '放款日期', '贷款余额', '房屋坐落'],
        kinds: ['基本信息', '还款记录'],
      },
      { name: '住房公积金提取', ids: PERSON, items: ['提取原因', '提取金额', '提取日期', '收款账号'], kinds: ['明细数据', '统计数据'] },
    ],
  },
  {
    key: 'approval',
    code: 'SP',
    municipal: '行政审批服务局',
    district: '行政审批服务局',
    categories: ['201'],
    weight: 1.0,
    subjects: [
      {
        name: '政务服务事项办件',
        ids: ['办件编号', '事项名称'],
        items: ['申请人', '申请人证件号码', '受理部门', '受理时间', '办结时间', '办理结果', '办理渠道'],
        kinds: ['明细数据', '统计数据'],
      },
      {
        name: '政务服务好差评',
        ids: ['评价编号', '办件编号'],
        items: ['评价渠道', '评价等级', '评价内容', '评价时间', '整改情况'],
        kinds: ['明细数据', '统计数据'],
      },
      {
        name: '投资项目并联审批',
        ids: ['项目代码', '项目名称'],
        items: ['建设单位', '审批阶段', '牵头部门', '受理日期', '办结日期', '审批结果'],
        kinds: ['审批信息', '统计数据'],
      },
    ],
  },
  {
    key: 'finance',
    code: 'CZ',
    municipal: '财政局',
    district: '财政局',
    categories: ['104'],
    weight: 0.7,
    subjects: [
      {
        name: '惠民惠农财政补贴资金',
        ids: PERSON,
        items: ['补贴项目', '补贴金额', '发放日期', '主管部门', '银行账号', '所属乡镇（街道）'],
        kinds: ['发放记录', '统计数据'],
      },
      {
        name: '政府采购合同',
        ids: ['合同编号', '项目名称'],
        items: ['采购人', '供应商', '合同金额', '采购方式', '签订日期', '履约期限'],
        kinds: ['基本信息', '发布信息'],
      },
      {
        name: '非税收入缴款',
        ids: ['缴款书编号', '缴款人'],
        items: ['执收单位', '收入项目', '缴款金额', '缴款日期', '缴款方式'],
        kinds: ['缴费记录', '统计数据'],
      },
    ],
  },
  {
    key: 'urban',
    code: 'CG',
    municipal: '城市管理局',
    district: '城市管理局',
    categories: ['205'],
    weight: 0.8,
    subjects: [
      {
        name: '城市部件',
        ids: ['部件编码', '部件名称'],
        items: ['部件类型', '所在位置', '权属单位', '养护单位', '部件状态', '普查日期'],
        kinds: ['基本信息', '统计数据'],
      },
      {
        name: '数字城管案件',
        ids: ['案件编号', '案件类别'],
        items: ['问题描述', '发生地点', '上报时间', '处置单位', '处置时限', '结案时间'],
        kinds: ['明细数据', '统计数据'],
      },
      {
        name: '户外广告设置许可',
        ids: ['许可证编号', '设置单位'],
        items: ['设置地点', '广告形式', '规格', '设置期限起', '设置期限止'],
        kinds: ['许可信息'],
      },
    ],
  },
  {
    key: 'bureau',
    code: 'DS',
    municipal: '大数据管理局',
    district: null,
    categories: ['310', '201'],
    weight: 0.6,
    subjects: [
      {
        name: '政务信息资源共享交换日志',
        ids: ['交换任务编号', '资源代码'],
        items: ['提供部门', '使用部门', '交换方式', '交换时间', '数据量', '交换状态'],
        kinds: ['明细数据', '统计数据'],
      },
      {
        name: '电子证照目录',
        ids: ['证照类型代码', '证照名称'],
        items: ['发证部门', '证照类型', '有效期规则', '签章方式', '接入日期'],
        kinds: ['基本信息', '名录'],
      },
      {
        name: '政务云资源使用',
        ids: ['资源编号', '使用部门'],
        items: ['资源类型', '规格', '开通日期', '到期日期', '月均利用率'],
        kinds: ['统计数据', '监测数据'],
      },
    ],
  },
];

/** Townships and sub-districts (基层治理): one sector of their own. */
export const townshipSector: Sector = {
  key: 'township',
  code: 'JD',
  municipal: '',
  district: null,
  categories: ['201', '302', '399'],
  weight: 0.4,
  subjects: [
    { name: '网格员', ids: PERSON, items: ['所属网格', '所属社区', '入职日期', '联系电话', '工作状态'], kinds: ['基本信息', '名录'] },
    {
      name: '社区居民',
      ids: PERSON,
      items: ['性别', '出生日期', '居住地址', '人口类型', '所属网格', '联系电话', '特殊人群标识'],
      kinds: ['基本信息', '变更信息', '统计数据'],
    },
    {
      name: '出租房屋',
      ids: ['房屋编号', '房屋地址'],
      items: ['房东姓名', '房东联系电话', '承租人数', '出租用途', '登记日期', '所属网格'],
      kinds: ['登记信息', '统计数据'],
    },
    {
      name: '独居老人关爱',
      ids: PERSON,
      items: ['出生日期', '居住地址', '紧急联系人', '紧急联系人电话', '走访日期', '走访情况'],
      kinds: ['基本信息', '走访记录'],
    },
  ],
};

/** Record kinds: the second half of an entry's name and the items such records add. */
export const recordKinds: Record<string, string[]> = {
  基本信息: [],
  登记信息: ['登记日期', '登记机关', '登记编号'],
  变更信息: ['变更事项', '变更前内容', '变更后内容', '变更日期'],
  注销信息: ['注销日期', '注销原因', '注销机关'],
  许可信息: ['许可证编号', '许可事项', '许可决定日期', '有效期起', '有效期止', '发证机关'],
  电子证照: ['证照编号', '证照名称', '发证日期', '证照有效期止', '发证机关', '证照状态'],
  处罚信息: ['处罚决定书文号', '违法事实', '处罚依据', '处罚内容', '处罚决定日期', '处罚机关'],
  缴费记录: ['缴费年月', '缴费基数', '缴费金额', '缴费状态'],
  参保信息: ['险种类型', '参保日期', '参保状态'],
  待遇发放记录: ['待遇类型', '发放年月', '发放金额'],
  发放记录: ['发放年月', '发放金额', '发放方式'],
  还款记录: ['还款期次', '应还金额', '实还金额', '还款日期'],
  监测数据: ['监测时间', '监测项目', '监测值', '计量单位'],
  统计数据: ['统计年度', '统计指标', '指标值', '计量单位'],
  明细数据: ['业务流水号', '业务发生时间'],
  审批信息: ['审批事项', '审批文号', '审批结果', '审批日期'],
  发布信息: ['发布时间', '发布单位'],
  名录: ['序号', '公布日期'],
  走访记录: ['走访人', '走访日期', '走访方式'],
  视频资源: ['视频流协议', '码流类型', '录像存储周期'],
};

/** Subjects whose entries are video surveillance (视频监控): they carry camera points. */
export const VIDEO_SUBJECT = /视频监控/;

/** Items every entry ends with: where the record came from, when it last changed, remarks. */
export const trailingItems = ['信息来源单位', '数据更新时间', '备注'];

// Desensitization rules (脱敏规则) as clerks write them.
const RULE_ID = '保留前6位和后4位，其余以*代替';
const RULE_NAME = '保留姓氏，名字以*代替';
const RULE_PHONE = '保留前3位和后4位，其余以*代替';
const RULE_ADDRESS = '仅保留至县（区）、乡镇（街道）一级，门牌号以*代替';
const RULE_ACCOUNT = '仅保留后4位，其余以*代替';
const RULE_HEALTH = '仅向经授权的医疗卫生机构提供，其他使用部门以“有/无”代替';

export interface ItemFacts {
  dataType: DataType;
  length: number | null;
  description: string | null;
  desensitizationRule: string | null;
}

/** Items whose meaning a description spells out (others have none, as is common in real catalogs). */
const descriptions: Record<string, string> = {
  公民身份号码: '18位公民身份号码（GB 11643）',
  统一社会信用代码: '18位统一社会信用代码（GB 32100）',
  性别: 'GB/T 2261.1 性别代码',
  民族: 'GB 3304 民族代码',
  与户主关系: 'GB/T 4761 家庭关系代码',
  号牌种类: 'GA 24.7 号牌种类代码',
  车辆识别代号: '17位车辆识别代号（VIN）',
  不动产单元号: '28位不动产单元代码（GB/T 37346）',
  行业代码: 'GB/T 4754 国民经济行业分类代码',
  地区代码: 'GB/T 2260 行政区划代码',
  数据更新时间: '该条记录在源系统中最后一次更新的时间',
  信息来源单位: '采集或产生该条记录的单位名称',
  空气质量指数: 'HJ 633 规定的AQI',
  水质类别: 'GB 3838 地表水环境质量类别',
  资源代码: '信息资源代码（前段码/后段码）',
};

/** What kind of value an item holds, told from its name as a clerk would fill the form. */
export function itemFacts(name: string): ItemFacts {
  const rule = /公民身份号码|证件号码|身份证号/.test(name)
    ? RULE_ID
    : /^(姓名|配偶姓名|母亲姓名|父亲姓名|新生儿姓名|学生姓名|承包方代表姓名|经营者姓名|所有人姓名|房东姓名|受种者姓名|监护人姓名|紧急联系人)$/.test(
          name,
        )
      ? RULE_NAME
      : /电话/.test(name)
        ? RULE_PHONE
        : /^(户籍地址|现住址|住址|居住地址)$/.test(name)
          ? RULE_ADDRESS
          : /银行账号|收款账号|个人账号|资金监管账户/.test(name)
            ? RULE_ACCOUNT
            : /过敏史|既往史|死亡原因/.test(name)
              ? RULE_HEALTH
              : null;
  let dataType: DataType = 'C';
  let length: number | null = 100;
  if (/照片|图件/.test(name)) [dataType, length] = ['G', null];
  else if (/时间|时段/.test(name) && !/首班时间|末班时间|开放时间/.test(name)) [dataType, length] = ['T', null];
  else if (/^(经度|纬度)$/.test(name)) [dataType, length] = ['B', null];
  else if (/日期|有效期起|有效期止|期限起|期限止|营业期限自|营业期限至/.test(name)) [dataType, length] = ['D', null];
  else if (
    /金额|价格|总价|总投资|资本|资金|基数|缴存额|余额|补贴额|税额|损失|收入|费总额|支付|自付|保证金|罚没款|生产总值|增加值|产值|利润|累计额|标准$/.test(
      name,
    )
  )
    [dataType, length] = ['Y', null];
  else if (/^是否/.test(name)) [dataType, length] = ['L', null];
  else if (
    /数$|人口$|数量|面积|长度|流量|水位|气温|湿度|降水量|风速|气压|能见度|浓度|限值|指数|当量|得分|载质量|库容|储存量|载客|累积记分|^记分$|增长率|出生率|死亡率|利用率|概率|车速|值$|量$/.test(
      name,
    )
  )
    [dataType, length] = ['N', null];
  else if (/内容|范围|描述|事实|情况|经营范围|防御指南|改造内容|建设规模|^备注$/.test(name)) [dataType, length] = ['M', null];
  else if (/号码$|代码$|编码$|编号$|证号$|识别号$|号$/.test(name)) length = 30;
  else if (/名称$|单位$|机关$|机构$|地址$|地点$|坐落$|住所$|场所$/.test(name)) length = 200;
  else if (/类型$|类别$|状态$|等级$|级别$|性别$|民族$/.test(name)) length = 20;
  if (name === '公民身份号码' || name === '统一社会信用代码') length = 18;
  return { dataType, length, description: descriptions[name] ?? null, desensitizationRule: rule };
}

export const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾'.split(
    '',
  );
export const givenNames = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '慧',
  '建国',
  '志强',
  '海燕',
  '晓东',
  '文博',
  '雪梅',
  '子涵',
  '思远',
  '俊杰',
  '佳怡',
  '宇航',
  '欣然',
];

export const formatDetails: Record<string, string[]> = {
  database: ['PostgreSQL', 'Oracle', 'MySQL', '达梦DM8', '人大金仓KingbaseES', 'GaussDB'],
  spreadsheet: ['xlsx', 'et', 'csv'],
  electronic_file: ['OFD', 'PDF'],
  self_describing: ['JSON', 'XML'],
  service_interface: ['RESTful JSON', 'WebService'],
  image: ['JPG', 'TIFF', 'GeoTIFF'],
  streaming_media: ['GB/T 28181'],
  other: ['纸质档案扫描件', '矢量数据（SHP）'],
};

export const sharingConditions = [
  '仅限政务部门履行法定职责时使用，须经提供部门审核同意',
  '按最小必要原则申请，限于办理本部门政务服务事项时核验使用',
  '使用部门须签订数据安全保密协议，不得向第三方提供',
  '限于申请表所列用途和使用范围，使用期满后删除',
  '涉及个人信息的，须取得本人授权或具有法律法规依据',
  '仅提供脱敏后的结果，原始明细数据不予提供',
];

export const notSharedBases = [
  '《中华人民共和国保守国家秘密法》第十三条：涉及国家秘密',
  '《中华人民共和国反恐怖主义法》第四十八条：涉及反恐工作秘密',
  '《中华人民共和国统计法》第三十九条：统计调查中获得的能够识别或者推断单个统计调查对象身份的资料',
  '《中华人民共和国税收征收管理法》第八条：纳税人、扣缴义务人的税收违法行为以外的个人信息应当保密',
  '《社区矫正法》第四条：社区矫正对象的身份信息应当依法保护',
];

export const openConditions = [
  '经实名注册并签署数据使用协议后开放',
  '仅开放统计汇总数据，不开放明细',
  '面向科研机构申请开放，须说明研究用途',
];

export const scopesOfUse = [
  '全市各级政务部门在办理政务服务事项时核验和查询使用',
  '市、县（区）两级政务部门履行行政管理和公共服务职责使用',
  '全市政务部门开展社会治理、公共服务和决策分析使用',
  '有关部门在审批、监管和执法工作中使用',
  '限本系统内业务协同和上级部门统计汇总使用',
];

export const updatePhrases: Record<string, string> = {
  realtime: '实时更新',
  daily: '每日更新',
  weekly: '每周更新',
  monthly: '每月更新',
  quarterly: '每季度更新',
  half_yearly: '每半年更新',
  yearly: '每年更新',
  irregular: '不定期更新',
};

export const sourceSystems = ['业务管理信息系统', '一体化政务服务平台', '监管执法系统', '业务办理系统', '综合管理平台', '数据中心'];

export const projectKinds = [
  '信息系统建设项目',
  '管理平台升级项目',
  '数据治理项目',
  '智慧化改造项目',
  '业务系统整合项目',
  '信息化建设项目（二期）',
  '大数据应用项目',
];

export const purposes = [
  '办理政务服务事项时核验申请人信息，实现“免证办”',
  '开展社会救助对象家庭经济状况核对',
  '落实“一件事一次办”，减少群众重复提交材料',
  '开展行业监管和风险预警',
  '开展联合惩戒和信用监管',
  '编制年度统计分析报告',
  '核查补贴发放对象资格',
  '开展城市运行监测和应急指挥',
];

export const requestBases = [
  '《优化营商环境条例》第三十五条',
  '《社会救助暂行办法》第十一条',
  '《政务信息资源共享管理暂行办法》第十二条',
  '《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》',
  '本部门“三定”方案规定的职责',
  '《中华人民共和国统计法》第七条',
];

export const rejectReasons = [
  '申请用途与使用部门法定职责无关',
  '申请的信息项超出业务必需范围，请按最小必要原则重新申请',
  '未提供申请依据文件',
  '该数据正在治理，暂不具备共享条件',
];

export const connectionEvidence: Record<string, string> = {
  query_api: '接口已在共享交换平台注册，健康探测返回正常',
  verification_api: '核验接口已在共享交换平台注册，健康探测返回正常',
  batch_exchange: '已通过共享交换平台完成一次全量交付，交换日志可查',
  certificate: '证照签发方已在电子证照库登记，签章证书有效',
  other: '已按约定方式线下交付并登记台账',
  video_centre: '视频点位已按 GB/T 28181 接入市视频共享平台',
};
