import { Readable } from 'node:stream';
import { Knex } from 'knex';
import { Actor } from '../src/domain/actor';
import { withResidentIdCheckChar } from '../src/domain/certificates';
import type { Services } from '../src/modules/areas';

// The demo city's exchange (docs/exchange.md), so a new user sees data move: civil affairs delivers
// its minimum-living-allowance roll (batch exchange) and the education bureau holds a grant for
// five of its items; natural resources delivers property registrations, from which the housing
// bureau's query grant is answered — a few queries made, one of them for a unit that is not there.
// Through the exchange's services, so every delivery is audited and every query leaves an access record.

const FAMILY = ['陈', '林', '黄', '郑', '王', '李', '张', '刘', '吴', '杨', '何', '郭', '许', '邱', '游'];
const GIVEN = ['秀英', '建华', '丽娟', '志强', '海燕', '文斌', '晓梅', '国平', '俊杰', '明轩', '雅琴', '德福', '春花', '宗辉'];
const TOWNS = ['鼓楼区东街街道', '台江区瀛洲街道', '仓山区城门镇', '晋安区新店镇', '马尾区罗星街道', '长乐区吴航街道', '闽侯县上街镇'];
const STREETS = ['五四路', '八一七北路', '工业路', '福新中路', '六一北路', '华林路', '温泉支路', '杨桥东路'];

/** A small deterministic generator: the demo city is the same on every start. */
function sequence(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

function residentId(next: (n: number) => number, year: number): string {
  const region = ['350102', '350103', '350104', '350111', '350121'][next(5)];
  const month = String(1 + next(12)).padStart(2, '0');
  const day = String(1 + next(28)).padStart(2, '0');
  return withResidentIdCheckChar(`${region}${year}${month}${day}${String(100 + next(900))}`);
}

const csvOf = (header: string[], rows: string[][]) => `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`;

async function deliver(services: Services, producer: Actor, entryId: string, csv: string, fileName: string) {
  return services.exchange.deliveries.upload(producer, entryId, Readable.from([Buffer.from(csv, 'utf8')]), {
    contentType: 'text/csv',
    kind: 'full',
    onRejected: 'refuse',
    encoding: 'auto',
    fileName,
    idempotencyKey: undefined,
  });
}

export async function runDemoExchange(
  db: Knex,
  services: Services,
  producerOf: (departmentKey: string) => Actor,
  consumer: (userKey: string) => Actor,
): Promise<void> {
  const next = sequence(20260302);
  const entryId = async (name: string) => ((await db('resources').where({ name, status: 'published' }).first('id')) as { id: string }).id;
  const grantOf = async (resourceId: string, mode: string) =>
    ((await db('grants').where({ resource_id: resourceId, provision_mode: mode, status: 'active' }).first('id')) as { id: string }).id;

  // 最低生活保障对象信息: the monthly roll, delivered as a full snapshot.
  const allowance = await entryId('最低生活保障对象信息');
  const roll = Array.from({ length: 40 }, (_, i) => {
    const people = 1 + next(5);
    return [
      `榕民低保${String(20250001 + i)}`,
      residentId(next, 1950 + next(50)),
      `${FAMILY[next(FAMILY.length)]}${GIVEN[next(GIVEN.length)]}`,
      String(people),
      String(Math.max(1, people - next(2))),
      next(3) === 0 ? '农村' : '城市',
      (people * 850 + next(10) * 10).toFixed(2),
      TOWNS[next(TOWNS.length)],
      `20${String(18 + next(7))}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`,
    ];
  });
  await deliver(
    services,
    producerOf('civil'),
    allowance,
    csvOf(
      ['低保证编号', '户主公民身份号码', '户主姓名', '家庭人口数', '保障人数', '保障类别', '月保障金额', '所在乡镇（街道）', '认定日期'],
      roll,
    ),
    '低保对象名单.csv',
  );

  // 不动产登记信息: registrations, from which the housing bureau's query grant is answered.
  const property = await entryId('不动产登记信息');
  const registrations = Array.from({ length: 30 }, (_, i) => {
    const owner = residentId(next, 1960 + next(40));
    return [
      `350102${String(1000 + i).padStart(6, '0')}GB${String(10000 + next(89999))}F${String(10000000 + i)}`,
      `闽（2025）榕城市不动产权第${String(12345 + i).padStart(7, '0')}号`,
      `${FAMILY[next(FAMILY.length)]}${GIVEN[next(GIVEN.length)]}`,
      owner,
      `榕城市鼓楼区${STREETS[next(STREETS.length)]}${1 + next(300)}号${1 + next(20)}座${1 + next(30)}0${1 + next(4)}单元`,
      '房屋产权',
      next(5) === 0 ? '商业' : '住宅',
      (60 + next(120) + next(100) / 100).toFixed(2),
      next(3) === 0 ? '共同共有' : '单独所有',
      next(4) === 0 ? '是' : '否',
      '否',
      `2025-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')} 10:00:00`,
    ];
  });
  await deliver(
    services,
    producerOf('land'),
    property,
    csvOf(
      [
        '不动产单元号',
        '不动产权证书号',
        '权利人',
        '权利人证件号码',
        '坐落',
        '权利类型',
        '用途',
        '面积',
        '共有情况',
        '抵押状态',
        '查封状态',
        '登记时间',
      ],
      registrations,
    ),
    '不动产登记结果.csv',
  );
  const housing = consumer('housing');
  const queryGrant = await grantOf(property, 'query_api');
  for (const row of [registrations[0], registrations[7], registrations[19]]) {
    await services.exchange.queries.query(housing, queryGrant, { 不动产单元号: row[0], 不动产权证书号: row[1], 权利人证件号码: row[3] });
  }
  await services.exchange.queries.query(housing, queryGrant, {
    不动产单元号: '350102999999GB99999F99999999',
    不动产权证书号: '闽（2025）榕城市不动产权第9999999号',
    权利人证件号码: registrations[0][3],
  });
  await services.exchange.accessLog.settled();
}
