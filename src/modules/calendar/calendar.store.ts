import { Knex } from 'knex';
import { Row, toIso, toIsoOrNull } from '../../db/rows';
import { CalendarDay } from '../../domain/official-holidays';
import { WorkingDayCalendar } from '../../domain/working-days';
import { withRowVersion } from '../../db/versions';
import { Conn } from '../../db/database';

export interface CalendarYearRecord {
  year: number;
  source: string;
  updatedAt: string;
  days: CalendarDay[];
}

export class CalendarStore {
  private cached: { stamp: string; calendar: WorkingDayCalendar } | null = null;

  /**
   * The working-day calendar as stored now: every loaded year's holidays and adjusted workdays.
   * Every deadline needs it; it is rebuilt only when the years' versions say it changed — a
   * one-row question asked each time, so a year entered on another instance counts at once.
   */
  async calendar(db: Conn): Promise<WorkingDayCalendar> {
    const version: Row | undefined = await db('calendar_years')
      .select(db.raw('COUNT(*) AS n'), db.raw('COALESCE(SUM(row_version), 0) AS v'), db.raw('MAX(updated_at) AS u'))
      .first();
    const stamp = `${version?.n}:${version?.v}:${toIsoOrNull(version?.u)}`;
    if (this.cached?.stamp === stamp) return this.cached.calendar;
    // One after the other: inside a transaction both would share its one connection anyway.
    const days: Row[] = await db('calendar_days').select('day', 'kind', 'name');
    const years: Row[] = await db('calendar_years').select('year');
    const calendar = new WorkingDayCalendar(
      days.map((d: Row) => ({ date: d.day as string, kind: d.kind as CalendarDay['kind'], name: d.name as string })),
      years.map((y: Row) => Number(y.year)),
    );
    this.cached = { stamp, calendar };
    return calendar;
  }

  async years(db: Conn) {
    const rows: Row[] = await db('calendar_years as y')
      .leftJoin('calendar_days as d', 'd.year', 'y.year')
      .groupBy('y.year', 'y.source', 'y.updated_at')
      .orderBy('y.year')
      .select('y.year', 'y.source', 'y.updated_at')
      .select(db.raw("SUM(CASE WHEN d.kind = 'holiday' THEN 1 ELSE 0 END) AS holidays"))
      .select(db.raw("SUM(CASE WHEN d.kind = 'workday' THEN 1 ELSE 0 END) AS workdays"));
    return rows.map((r) => ({
      year: Number(r.year),
      source: r.source as string,
      updatedAt: toIso(r.updated_at),
      holidays: Number(r.holidays ?? 0),
      workdays: Number(r.workdays ?? 0),
    }));
  }

  async year(db: Conn, year: number): Promise<CalendarYearRecord | null> {
    const row = await db('calendar_years').where({ year }).first();
    if (!row) return null;
    const days: Row[] = await db('calendar_days').where({ year }).orderBy('day');
    return withRowVersion(
      {
        year,
        source: row.source as string,
        updatedAt: toIso(row.updated_at),
        days: days.map((d) => ({ date: d.day as string, kind: d.kind as CalendarDay['kind'], name: d.name as string })),
      },
      row.row_version as number,
    );
  }

  async replaceYear(trx: Knex.Transaction, record: CalendarYearRecord): Promise<void> {
    await trx('calendar_days').where({ year: record.year }).delete();
    const updated = await trx('calendar_years')
      .where({ year: record.year })
      .update({ source: record.source, updated_at: record.updatedAt, row_version: trx.raw('row_version + 1') });
    if (!updated) await trx('calendar_years').insert({ year: record.year, source: record.source, updated_at: record.updatedAt });
    if (record.days.length > 0) {
      await trx('calendar_days').insert(record.days.map((d) => ({ day: d.date, year: record.year, kind: d.kind, name: d.name })));
    }
  }
}
