// The data of the exchange benchmark (bench/exchange-ingest.ts): an entry of 20 data items as a
// population register would describe them, and a CSV delivery of it with varied, realistic values
// — ID numbers with their check character, names, dates, date-times, amounts, addresses, Chinese
// remarks (some needing CSV quotes) — made from a seed, so every run ingests the same bytes.
import fs from 'node:fs';

/** The entry's items, as the catalog takes them (sensitive ones with a masking rule). */
export const BENCH_ITEMS = [
  {
    name: '公民身份号码',
    dataType: 'C',
    length: 18,
    key: true,
    sensitive: true,
    masking: { rule: 'keep_ends', first: 6, last: 4 },
    queryRole: 'input',
  },
  { name: '姓名', dataType: 'C', length: 50, required: true, sensitive: true, masking: { rule: 'family_name' }, queryRole: 'output' },
  { name: '性别', dataType: 'C', length: 2, queryRole: 'output' },
  { name: '出生日期', dataType: 'D', sensitive: true, masking: { rule: 'date', precision: 'month' }, queryRole: 'output' },
  { name: '民族', dataType: 'C', length: 20, queryRole: 'output' },
  { name: '联系电话', dataType: 'C', length: 20, sensitive: true, masking: { rule: 'phone' }, queryRole: 'output' },
  {
    name: '户籍地址',
    dataType: 'C',
    length: 200,
    sensitive: true,
    masking: { rule: 'keep_ends', first: 6, last: 0 },
    queryRole: 'output',
  },
  { name: '现住址', dataType: 'C', length: 200, queryRole: 'output' },
  { name: '工作单位', dataType: 'C', length: 100, queryRole: 'output' },
  { name: '职业', dataType: 'C', length: 50, queryRole: 'output' },
  { name: '文化程度', dataType: 'C', length: 20, queryRole: 'output' },
  { name: '婚姻状况', dataType: 'C', length: 10, queryRole: 'output' },
  { name: '月收入', dataType: 'Y', queryRole: 'output' },
  { name: '社保缴费基数', dataType: 'Y', queryRole: 'output' },
  { name: '参保日期', dataType: 'D', queryRole: 'output' },
  { name: '登记时间', dataType: 'T', queryRole: 'output' },
  { name: '家庭人口数', dataType: 'I', queryRole: 'output' },
  { name: '是否低保', dataType: 'L', queryRole: 'output' },
  { name: '身高', dataType: 'N', queryRole: 'output' },
  { name: '备注', dataType: 'C', length: 500, queryRole: 'output' },
];

/** mulberry32: small, fast, reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = [
  ['350102', '福建省福州市鼓楼区'],
  ['350103', '福建省福州市台江区'],
  ['350104', '福建省福州市仓山区'],
  ['350105', '福建省福州市马尾区'],
  ['350111', '福建省福州市晋安区'],
  ['350121', '福建省福州市闽侯县'],
  ['350181', '福建省福清市'],
  ['350203', '福建省厦门市思明区'],
  ['350206', '福建省厦门市湖里区'],
  ['350322', '福建省仙游县'],
  ['110105', '北京市朝阳区'],
  ['110108', '北京市海淀区'],
  ['310104', '上海市徐汇区'],
  ['330106', '浙江省杭州市西湖区'],
  ['440305', '广东省深圳市南山区'],
  ['510107', '四川省成都市武侯区'],
  ['420106', '湖北省武汉市武昌区'],
  ['610113', '陕西省西安市雁塔区'],
  ['370202', '山东省青岛市市南区'],
  ['650102', '新疆维吾尔自治区乌鲁木齐市天山区'],
];
const FAMILY =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const COMPOUND = ['欧阳', '司马', '上官', '诸葛', '慕容'];
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰志强海燕红梅文博子涵浩然雨欣梓萱俊杰思远晨曦一鸣宇轩嘉怡';
const NATIONS = ['汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '回族', '畲族', '满族', '壮族', '维吾尔族', '蒙古族', '苗族', '土家族'];
const ROADS = [
  '五四路',
  '八一七北路',
  '湖东路',
  '杨桥中路',
  '华林路',
  '东街',
  '鼓屏路',
  '工业路',
  '福飞路',
  '六一北路',
  '江滨大道',
  '学府南路',
];
const COMMUNITIES = ['温泉街道', '东街街道', '南街街道', '鼓东街道', '华大街道', '洪山镇', '安泰街道', '水部街道', '茶亭街道'];
const EMPLOYERS = [
  '榕城市第一医院',
  '福建省电力有限公司',
  '榕城市实验小学',
  '个体工商户',
  '榕城市公共交通集团有限公司',
  '中国建设银行股份有限公司榕城分行',
  '福州大学',
  '',
  '榕城市市场监督管理局',
  '新大陆科技集团有限公司',
  '永辉超市股份有限公司',
];
const JOBS = [
  '教师',
  '医生',
  '护士',
  '工程师',
  '公务员',
  '职员',
  '个体经营者',
  '司机',
  '农民',
  '退休人员',
  '学生',
  '自由职业',
  '厨师',
  '会计',
];
const EDUCATION = ['小学', '初中', '高中', '中专', '大专', '大学本科', '硕士研究生', '博士研究生'];
const MARRIAGE = ['未婚', '已婚', '已婚', '已婚', '离婚', '丧偶'];
const REMARKS = [
  '',
  '',
  '',
  '',
  '户籍迁入，材料齐全',
  '本人申请变更联系电话',
  '经社区核实，常住本地',
  '随迁子女，已办理入学登记',
  '信息已与民政部门比对一致',
  '需复核：现住址与户籍地址不一致，待社区走访后确认',
  '补录，原登记缺少出生日期',
  '低保对象，按月发放',
  '外出务工，联系方式为家属电话',
  '“一网通办”在线申报，已电子签章',
  '地址含门牌号,需按"楼栋-单元-室"格式核对',
  '退役军人，已建档立卡',
];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of an 18-character ID number (GB 11643, ISO 7064 MOD 11-2). */
function idCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const DAY = 86_400_000;
const BIRTH_START = Date.UTC(1940, 0, 1);

function isoDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row of the population register; `i` makes its ID number unique (a birth day and a sequence per row). */
export function benchRow(i: number, random: () => number, variant = 0): string[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const [code, place] = pick(REGIONS);
  // 25,000 birth days × 40 sequences: unique for up to 1,000,000 rows, whatever the region.
  const birth = BIRTH_START + (i % 25_000) * DAY;
  const sequence = Math.floor(i / 25_000) % 1000;
  const birthDate = isoDate(birth);
  const first17 = `${code}${birthDate.replace(/-/g, '')}${pad(sequence, 3)}`;
  const id = first17 + idCheck(first17);
  const male = sequence % 2 === 1;
  const family = random() < 0.01 ? pick(COMPOUND) : pick([...FAMILY]);
  const given = pick([...GIVEN]) + (random() < 0.7 ? pick([...GIVEN]) : '');
  const phone = `1${pick(['3', '5', '7', '8', '9'])}${Math.floor(random() * 10)}${pad(Math.floor(random() * 1e8), 8)}`;
  const home = `${place}${pick(COMMUNITIES)}${pick(ROADS)}${1 + Math.floor(random() * 300)}号`;
  const living =
    random() < 0.6
      ? home
      : `${pick(REGIONS)[1]}${pick(ROADS)}${1 + Math.floor(random() * 300)}号${1 + Math.floor(random() * 30)}栋${pad(101 + Math.floor(random() * 2800), 4)}室`;
  const income = (2000 + random() * 28_000 + variant).toFixed(2);
  const base = (Math.max(3000, Number(income) * 0.9) + variant).toFixed(2);
  const insured = isoDate(Math.max(birth + 18 * 365 * DAY, Date.UTC(1995, 0, 1)) + Math.floor(random() * 5000) * DAY);
  const registered = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 2000 * DAY));
  const registeredAt = `${isoDate(registered.getTime())} ${pad(registered.getUTCHours(), 2)}:${pad(registered.getUTCMinutes(), 2)}:${pad(registered.getUTCSeconds(), 2)}`;
  return [
    id,
    family + given,
    male ? '男' : '女',
    birthDate,
    pick(NATIONS),
    phone,
    home,
    living,
    pick(EMPLOYERS),
    pick(JOBS),
    pick(EDUCATION),
    pick(MARRIAGE),
    income,
    base,
    insured > '2026-12-01' ? '' : insured,
    registeredAt,
    String(1 + Math.floor(random() * 6)),
    random() < 0.05 ? '是' : '否',
    (150 + random() * 40).toFixed(1),
    variant ? `第 ${variant} 次变更：${pick(REMARKS)}` : pick(REMARKS),
  ];
}

/** Writes a CSV delivery of `rows` rows (header = the items' names) to `file`; its size in bytes. */
export async function writeBenchCsv(file: string, rows: number, seed = 20261205): Promise<number> {
  const random = seededRandom(seed);
  const out = fs.createWriteStream(file);
  let chunk = `${BENCH_ITEMS.map((i) => i.name).join(',')}\n`;
  let bytes = 0;
  for (let i = 0; i < rows; i++) {
    chunk += `${benchRow(i, random).map(csvCell).join(',')}\n`;
    if (chunk.length > 1 << 16) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.write(chunk);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return bytes;
}

/**
 * An increment of `rows` rows: rows of the full file of `totalRows` (every few of them, so keys that
 * exist) with changed values, one in fifty marked deleted (`_delete` = 1).
 */
export async function writeBenchIncrement(
  file: string,
  rows: number,
  totalRows: number,
  variant: number,
  seed = 20261205,
): Promise<number> {
  const random = seededRandom(seed + variant);
  const step = Math.max(1, Math.floor(totalRows / rows));
  let text = `${[...BENCH_ITEMS.map((i) => i.name), '_delete'].join(',')}\n`;
  for (let n = 0; n < rows; n++) {
    const i = (n * step + variant) % totalRows;
    const cells = benchRow(i, random, variant);
    text += `${[...cells, n % 50 === 49 ? '1' : ''].map(csvCell).join(',')}\n`;
  }
  await fs.promises.writeFile(file, text);
  return Buffer.byteLength(text);
}
