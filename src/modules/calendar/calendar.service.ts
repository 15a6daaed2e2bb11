import { Knex } from 'knex';
import { Clock } from '../../clock';
import { Actor, requireRole } from '../../domain/actor';
import { CalendarWarning, calendarWarnings, expandArrangement, replyDeadline, shanghaiDate } from '../../domain/working-days';
import { NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf } from '../../http/api-types';
import { recordAudit } from '../audit/audit.store';
import { assertIfMatch, lockRow } from '../../db/versions';
import { SharingStore } from '../sharing/sharing.store';
import { CalendarStore, CalendarYearRecord } from './calendar.store';

// The working-day calendar (工作日历): the official holiday arrangements shipped as data, and the
// years the bureau enters from each year's State Council notice.

export class CalendarService {
  private readonly store = new CalendarStore();
  private readonly sharing = new SharingStore();

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly replyWorkingDays: number,
  ) {}

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
    return this.db.transaction(async (trx) => {
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
      const moved: string[] = [];
      for (const request of await this.sharing.pendingRequests(trx)) {
        if (!request.submittedAt) continue;
        const due = replyDeadline(new Date(request.submittedAt), this.replyWorkingDays, calendar);
        // Only a request still awaiting its answer moves (one answered meanwhile keeps its date).
        if (due.dueDate !== request.dueDate && (await this.sharing.setDeadline(trx, request.id, due.dueDate, due.dueAt.toISOString()))) {
          moved.push(request.id);
        }
      }
      await recordAudit(trx, actor, now, {
        action: 'calendar.year_set',
        objectType: 'calendar_year',
        objectId: String(year),
        details: {
          source: record.source,
          holidays: days.filter((d) => d.kind === 'holiday').length,
          workdays: days.filter((d) => d.kind === 'workday').length,
          deadlinesMoved: moved,
        },
      });
      return (await this.store.year(trx, year))!;
    });
  }
}
