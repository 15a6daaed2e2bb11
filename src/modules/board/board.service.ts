import { Clock } from '../../clock';
import { Actor, requireRole } from '../../domain/actor';
import { calendarWarnings, endOfShanghaiDay, shanghaiDate } from '../../domain/working-days';
import { projectStages } from '../../domain/vocabularies';
import { Schema } from '../../http/api-types';
import { minuteOf, ReadCache } from '../../db/read-cache';
import type { CalendarService } from '../calendar/calendar.service';
import type { ProjectService } from '../projects/projects.service';
import { Database } from '../../db/database';
import { BoardStore } from './board.store';
import { registrationDueDate } from '../../domain/project-lifecycle';

type Figures = Schema<'BoardFigures'>;

// The bureau's board: what the yearly evaluation reads (docs/domain.md rule 16; Xiuwu art. 23–24) — the catalog, sharing,
// projects by stage, projects the acceptance gate holds back and why, overdue registrations — and
// whether the working-day calendar lacks a year that deadlines are counted in.

function emptyFigures(): Figures {
  return {
    entriesRegistered: 0,
    entriesPublished: 0,
    sharedShare: null,
    requestsPending: 0,
    requestsOverdue: 0,
    projectsByStage: Object.fromEntries(projectStages.map((s) => [s.code, 0])),
    projectsBlocked: 0,
    registrationsOverdue: 0,
    exchangeCalls: 0,
    exchangeRows: 0,
    entriesUsed: 0,
    deliveriesOverdue: 0,
  };
}

/** What the board reads of the exchange: real sharing this year, and delivery streams that stopped. */
export interface ExchangeFigures {
  usageFigures(
    fromDay: string,
  ): Promise<Array<{ producerDepartmentId: string; resourceId: string; calls: number; rows: number; consumers: number }>>;
  overdueOf(departmentId: string | null): Promise<Array<Schema<'OverdueDelivery'>>>;
}

/** Entries listed by how much they were used this year. */
const ENTRIES_LISTED = 20;

export interface BoardDeps {
  db: Database;
  clock: Clock;
  /** The acceptance gate's verdict on each project in trial run. */
  projects: ProjectService;
  calendar: CalendarService;
  cache: ReadCache;
  /** Calls, rows and consumers of each entry; overdue delivery streams. */
  exchange: ExchangeFigures;
}

export class BoardService {
  private readonly store = new BoardStore();
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly projects: ProjectService;
  private readonly calendar: CalendarService;
  private readonly cache: ReadCache;
  private readonly exchange: ExchangeFigures;

  constructor(deps: BoardDeps) {
    ({
      db: this.db,
      clock: this.clock,
      projects: this.projects,
      calendar: this.calendar,
      cache: this.cache,
      exchange: this.exchange,
    } = deps);
  }

  /**
   * The board as of the last write, at most a minute old as to the clock: overdue counts move
   * with time as well as with writes, and the board's generatedAt says when it was read.
   */
  async board(actor: Actor): Promise<Schema<'Board'>> {
    requireRole(actor, 'bureau', 'auditor');
    const now = this.clock.now();
    return this.cache.read({ kind: 'board', minute: minuteOf(now) }, () => this.read(now));
  }

  private async read(now: Date): Promise<Schema<'Board'>> {
    const nowIso = now.toISOString();
    const [departments, entries, requests, projects, calendar, usage, overdueDeliveries] = await Promise.all([
      this.store.departments(this.db),
      this.store.entryCounts(this.db),
      this.store.pendingRequestCounts(this.db, now),
      this.store.projects(this.db),
      this.calendar.calendar(),
      // This year's sharing (Beijing calendar year): what the yearly evaluation ties to next year's budget.
      this.exchange.usageFigures(`${shanghaiDate(now).slice(0, 4)}-01-01`),
      this.exchange.overdueOf(null),
    ]);

    const byDepartment = new Map(
      departments.map((d) => [d.id as string, { departmentId: d.id as string, departmentName: d.name as string, ...emptyFigures() }]),
    );
    const city = emptyFigures();
    let cityShared = 0;
    for (const e of entries) {
      const f = byDepartment.get(e.department_id as string)!;
      f.entriesRegistered = Number(e.registered);
      f.entriesPublished = Number(e.published);
      f.sharedShare = f.entriesPublished > 0 ? Number(e.shared) / f.entriesPublished : null;
      city.entriesRegistered += f.entriesRegistered;
      city.entriesPublished += f.entriesPublished;
      cityShared += Number(e.shared);
    }
    city.sharedShare = city.entriesPublished > 0 ? cityShared / city.entriesPublished : null;
    for (const r of requests) {
      const f = byDepartment.get(r.producer_department_id as string)!;
      f.requestsPending = Number(r.pending);
      f.requestsOverdue = Number(r.overdue);
      city.requestsPending += f.requestsPending;
      city.requestsOverdue += f.requestsOverdue;
    }

    for (const u of usage) {
      const f = byDepartment.get(u.producerDepartmentId);
      if (!f) continue;
      f.exchangeCalls += u.calls;
      f.exchangeRows += u.rows;
      f.entriesUsed += 1;
      city.exchangeCalls += u.calls;
      city.exchangeRows += u.rows;
      city.entriesUsed += 1;
    }
    for (const d of overdueDeliveries) {
      const f = byDepartment.get(d.departmentId);
      if (f) f.deliveriesOverdue += 1;
      city.deliveriesOverdue += 1;
    }
    const names = await this.store.entryNames(
      this.db,
      usage.map((u) => u.resourceId),
    );
    const sharingByEntry = [...usage]
      .sort((a, b) => b.calls - a.calls || b.rows - a.rows)
      .slice(0, ENTRIES_LISTED)
      .map((u) => ({
        resourceId: u.resourceId,
        resourceName: names.get(u.resourceId) ?? '',
        departmentId: u.producerDepartmentId,
        departmentName: byDepartment.get(u.producerDepartmentId)?.departmentName ?? '',
        calls: u.calls,
        rows: u.rows,
        consumers: u.consumers,
      }));

    // Every project in trial run is checked for acceptance; their onboarding is evaluated together.
    const problems = await this.projects.acceptanceProblemsOfMany(
      this.db,
      projects.filter((p) => p.stage === 'trial_run'),
      now,
    );
    const blockedProjects: Schema<'BlockedProject'>[] = [];
    const overdueRegistrations: Schema<'OverdueRegistration'>[] = [];
    for (const p of projects) {
      const f = byDepartment.get(p.owner_department_id as string)!;
      const stage = p.stage as string;
      f.projectsByStage[stage] = (f.projectsByStage[stage] ?? 0) + 1;
      city.projectsByStage[stage] = (city.projectsByStage[stage] ?? 0) + 1;
      if (stage === 'trial_run') {
        const reasons = problems.get(p.id as string)!.map((x) => x.message);
        if (reasons.length > 0) {
          f.projectsBlocked += 1;
          city.projectsBlocked += 1;
          blockedProjects.push({
            projectId: p.id as string,
            projectName: p.name as string,
            departmentId: p.owner_department_id as string,
            departmentName: p.owner_department_name as string,
            reasons,
          });
        }
      }
      if (stage === 'accepted' && !p.registered_on) {
        const due = registrationDueDate(new Date(String(p.accepted_at)).toISOString(), calendar);
        if (due && now.getTime() > endOfShanghaiDay(due).getTime()) {
          f.registrationsOverdue += 1;
          city.registrationsOverdue += 1;
          overdueRegistrations.push({
            projectId: p.id as string,
            projectName: p.name as string,
            departmentName: p.owner_department_name as string,
            acceptedAt: new Date(String(p.accepted_at)).toISOString(),
            dueDate: due,
          });
        }
      }
    }
    return {
      generatedAt: nowIso,
      // Entering the missing year is an audited write, so the held board is read again at once.
      calendarWarnings: calendarWarnings(shanghaiDate(now), calendar),
      city,
      departments: [...byDepartment.values()],
      blockedProjects,
      overdueRegistrations: overdueRegistrations.sort((a, b) => a.dueDate.localeCompare(b.dueDate)),
      sharingByEntry,
      overdueDeliveries,
    };
  }
}
