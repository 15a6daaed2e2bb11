import { Clock } from '../../clock';
import { Actor, requireRole } from '../../domain/actor';
import { CalendarWarning, calendarWarnings, expandArrangement, shanghaiDate, WorkingDayCalendar } from '../../domain/working-days';
import { NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf } from '../../http/api-types';
import type { AuditService } from '../audit/audit.service';
import { assertIfMatch, lockRow } from '../../db/versions';
import { CalendarStore, CalendarYearRecord } from './calendar.store';
import { Conn, Database, transaction, Tx } from '../../db/database';

// The working-day calendar (工作日历): the official holiday arrangements shipped as data, and the
// years the bureau enters from each year's State Council notice.

export interface CalendarDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
}

/**
 * Told, inside the transaction that changed the calendar, to follow it: deadlines counted on the
 * calendar move with it (the sharing area's reply deadlines). Returns what it moved, for the trail.
 */
export type CalendarFollower = (tx: Tx, calendar: WorkingDayCalendar) => Promise<Record<string, unknown>>;

export class CalendarService {
  private readonly store = new CalendarStore();
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly audit: AuditService;
  private readonly followers: CalendarFollower[] = [];

  constructor(deps: CalendarDeps) {
    ({ db: this.db, clock: this.clock, audit: this.audit } = deps);
  }

  /**
   * Areas that count deadlines on the calendar subscribe here (the composition root wires it), so
   * the calendar depends on none of them while a year entered or corrected moves their deadlines
   * in its own transaction.
   */
  follow(follower: CalendarFollower): void {
    this.followers.push(follower);
  }

  /** The working-day calendar as `db` sees it (a transaction's view where one is given). */
  calendar(db: Conn = this.db): Promise<WorkingDayCalendar> {
    return this.store.calendar(db);
  }

  async listYears() {
    return { items: await this.store.years(this.db) };
  }

  /** What the bureau must be told today: a year deadlines are counted in has no arrangement (main.ts logs it at start and daily). */
  async warnings(): Promise<CalendarWarning[]> {
    return calendarWarnings(shanghaiDate(this.clock.now()), await this.store.calendar(this.db));
  }

  async getYear(year: number): Promise<CalendarYearRecord> {
    const record = await this.store.year(this.db, year);
    if (!record) throw new NotFoundError(`${year} 年节假日安排`);
    return record;
  }

  async putYear(actor: Actor, year: number, body: BodyOf<'putCalendarYear'>, ifMatch: string | undefined): Promise<CalendarYearRecord> {
    requireRole(actor, 'bureau');
    const { days, errors } = expandArrangement(year, { holidays: body.holidays, workdays: body.workdays });
    if (errors.length > 0)
      throw new RuleViolationError('invalid_arrangement', `节假日安排有 ${errors.length} 处错误 (the arrangement is invalid)`, errors);
    return transaction(this.db, async (trx) => {
      // Replacing a year that exists needs its ETag (checked on the locked row); entering a new year
      // does not (two entering it at once: the year's primary key lets one through, 409 the other).
      const version = await lockRow(trx, 'calendar_years', year);
      if (version !== null) assertIfMatch(ifMatch, version);
      const now = this.clock.now();
      const record: CalendarYearRecord = { year, source: body.source.trim(), updatedAt: now.toISOString(), days };
      await this.store.replaceYear(trx, record);
      // A deadline is counted on the calendar as it stands: requests awaiting an answer follow a
      // corrected or newly entered year at once.
      const calendar = await this.store.calendar(trx);
      const moved: Record<string, unknown> = {};
      for (const follower of this.followers) Object.assign(moved, await follower(trx, calendar));
      await this.audit.record(trx, actor, {
        action: 'calendar.year_set',
        objectType: 'calendar_year',
        objectId: String(year),
        details: {
          source: record.source,
          holidays: days.filter((d) => d.kind === 'holiday').length,
          workdays: days.filter((d) => d.kind === 'workday').length,
          ...moved,
        },
      });
      return (await this.store.year(trx, year))!;
    });
  }
}
