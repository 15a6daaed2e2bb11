// The console's dates and times (web/src/format.ts) are computed as UTC+8 by arithmetic; these
// check them against the ICU time-zone database's Asia/Shanghai, across years and day boundaries.
import { formatDate, formatTime } from '../../web/src/format';

const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function byIcu(at: Date): { date: string; time: string } {
  const part = (type: string) => shanghai.formatToParts(at).find((p) => p.type === type)!.value;
  const date = `${part('year')}年${Number(part('month'))}月${Number(part('day'))}日`;
  return { date, time: `${date} ${part('hour')}:${part('minute')}` };
}

describe('console dates in Beijing time', () => {
  it('agrees with Asia/Shanghai for 2,000 instants from 1992 to 2040', () => {
    let x = 20261205;
    const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const from = Date.UTC(1992, 0, 1);
    const to = Date.UTC(2040, 0, 1);
    for (let i = 0; i < 2000; i++) {
      const at = new Date(from + Math.floor(next() * (to - from)));
      const expected = byIcu(at);
      expect([formatDate(at.toISOString()), formatTime(at.toISOString())]).toEqual([expected.date, expected.time]);
    }
  });

  it('shows the Beijing day, not the UTC day, around midnight', () => {
    expect(formatDate('2026-12-04T15:59:59Z')).toBe('2026年12月4日');
    expect(formatDate('2026-12-04T16:00:00Z')).toBe('2026年12月5日');
    expect(formatTime('2026-12-31T16:05:00Z')).toBe('2027年1月1日 00:05');
  });

  it('shows a plain date as that day, and what it cannot read as it is', () => {
    expect(formatDate('2026-02-28')).toBe('2026年2月28日');
    expect(formatDate(null)).toBe('—');
    expect(formatTime('明天')).toBe('明天');
  });
});
