import { Knex } from 'knex';
import { Actor } from '../src/domain/actor';
import { withResidentIdCheckChar } from '../src/domain/certificates';
import { withCreditCodeCheckChar } from '../src/domain/credit-code';
import type { Services } from '../src/modules/areas';

// The demo city's electronic certificates (docs/certificates.md): business licences issued by market
// regulation (one of them revoked) — the transport bureau holds a certificate grant on that entry,
// granted by rule, so it can fetch them — and two electronic resident ID cards issued by public
// security. Issued through the certificate service, so each is signed and audited for real.

/** What a demo licence states. */
interface DemoLicence {
  creditCode: string;
  name: string;
  kind: string;
  representative: string;
  capital: string;
  founded: string;
  address: string;
  revoked?: string;
}

const LICENCES: DemoLicence[] = [
  {
    creditCode: withCreditCodeCheckChar('91350102MA2Y00001'),
    name: '榕城闽江物流有限公司',
    kind: '企业',
    representative: '陈建华',
    capital: '500.00',
    founded: '2018-04-16',
    address: '榕城市鼓楼区五四路128号',
  },
  {
    creditCode: withCreditCodeCheckChar('91350103MA2Y00002'),
    name: '榕城三坊七巷文化旅游发展有限公司',
    kind: '企业',
    representative: '林晓敏',
    capital: '2000.00',
    founded: '2020-09-01',
    address: '榕城市鼓楼区南后街46号',
  },
  {
    creditCode: withCreditCodeCheckChar('92350104MA2Y00003'),
    name: '仓山区阿福鱼丸店',
    kind: '个体',
    representative: '黄阿福',
    capital: '10.00',
    founded: '2016-03-08',
    address: '榕城市仓山区上渡路16号',
    revoked: '经营者申请注销登记，营业执照收回 (deregistered at the holder’s request)',
  },
];

const RESIDENTS = [
  {
    id: withResidentIdCheckChar('35010219850612003'),
    name: '王丽华',
    sex: '2',
    nation: '01',
    birth: '1985-06-12',
    address: '榕城市鼓楼区温泉街道东大路20号',
  },
  {
    id: withResidentIdCheckChar('35010419920218051'),
    name: '郑志强',
    sex: '1',
    nation: '01',
    birth: '1992-02-18',
    address: '榕城市仓山区金山街道浦上大道88号',
  },
];

/** Issues the demo certificates as the producers of the two entries; `today` is the Beijing date. */
export async function issueDemoCertificates(db: Knex, services: Services, producerOf: (departmentKey: string) => Actor, today: string) {
  const entryId = async (name: string): Promise<string | null> => {
    const row = await db('resources').where({ name, status: 'published' }).first('id');
    return row ? (row.id as string) : null;
  };
  const origin = 'http://localhost:3000';
  const licences = await entryId('营业执照电子证照信息');
  if (licences) {
    const market = producerOf('market');
    for (const [i, l] of LICENCES.entries()) {
      const issued = await services.exchange.certificates.issue(
        market,
        licences,
        {
          holderName: l.name,
          holderIdType: 'credit_code',
          holderId: l.creditCode,
          number: `RC-YYZZ-${today.slice(0, 4)}-${String(i + 1).padStart(5, '0')}`,
          items: {
            统一社会信用代码: l.creditCode,
            企业名称: l.name,
            市场主体类型: l.kind,
            法定代表人: l.representative,
            注册资本: l.capital,
            成立日期: l.founded,
            住所: l.address,
            发照日期: today,
            证照状态: '有效',
          },
          validFrom: l.founded,
          validUntil: null,
        },
        origin,
      );
      if (l.revoked) await services.exchange.certificates.revoke(market, issued.id, l.revoked, origin);
    }
  }
  const idCards = await entryId('居民身份证电子证照信息');
  if (idCards) {
    const police = producerOf('police');
    const tenYears = `${Number(today.slice(0, 4)) + 10}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
    for (const [i, r] of RESIDENTS.entries()) {
      await services.exchange.certificates.issue(
        police,
        idCards,
        {
          holderName: r.name,
          holderIdType: 'resident_id',
          holderId: r.id,
          number: `RC-SFZ-${today.slice(0, 4)}-${String(i + 1).padStart(6, '0')}`,
          items: {
            公民身份号码: r.id,
            姓名: r.name,
            性别: r.sex,
            民族: r.nation,
            出生日期: r.birth,
            住址: r.address,
            签发机关: '榕城市公安局鼓楼分局',
            有效期限起始日期: today,
            有效期限截止日期: tenYears,
          },
          validFrom: today,
          validUntil: tenYears,
        },
        origin,
      );
    }
  }
}
