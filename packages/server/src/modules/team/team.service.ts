import { addDays, instantOfLocal } from '@huikuan/domain';
import type { z } from 'zod';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { ScopedUser } from '../contacts/case-scope.js';
import type { SystemService } from '../system/system.service.js';
import type { TeamConsoleView } from './team.schemas.js';

type TeamConsoleViewT = z.infer<typeof TeamConsoleView>;

const rate = (n: number, d: number): string | null => (d === 0 ? null : (n / d).toFixed(4));

/**
 * 团队看板 the team console: queue health, today's contact statistics and per-collector figures
 * (cases held, attempts, right-party contacts, promises taken, kept and broken, collected) for
 * a team lead's teams — or the whole book for a user whose data scope is everything. "Today" is
 * the business date, in the institution's time zone.
 */
export class TeamService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly system: SystemService,
    private readonly timeZone: string,
  ) {}

  async console(
    user: Omit<ScopedUser, 'teams'> & { teams: readonly { id: string; code: string; name: string }[] },
  ) {
    const r = this.uow.repositories.team;
    const businessDate = await this.system.businessDate();
    const from = new Date(instantOfLocal(businessDate, '00:00', this.timeZone));
    const to = new Date(instantOfLocal(addDays(businessDate, 1), '00:00', this.timeZone));
    const whole = user.dataScope === 'all';
    const members = await r.members(whole ? null : user.teams.map((t) => t.id));
    const scoped = whole ? null : members;
    const [health, totals, figures] = await Promise.all([
      r.queueHealth({ userIds: scoped, businessDate }),
      r.contactTotals({ userIds: scoped, from, to }),
      r.collectorFigures({ userIds: members, businessDate, from, to }),
    ]);
    const view: TeamConsoleViewT = {
      businessDate,
      scope: whole ? 'all' : 'teams',
      teams: user.teams.map((t) => ({ id: t.id, code: t.code, name: t.name })),
      queueHealth: {
        openCases: health.open_cases,
        unassigned: whole ? health.unassigned : 0,
        byStage: {
          early: health.early,
          middle: health.middle,
          late: health.late,
          other: health.other_stages,
        },
        callsDueToday: health.calls_due_today,
        callsDoneToday: health.calls_done_today,
        callsOverdue: health.calls_overdue,
        promisesDueToday: health.promises_due_today,
        promisesBrokenToday: health.promises_broken_today,
        onHold: health.on_hold,
      },
      today: {
        attempts: totals.attempts,
        connected: totals.connected,
        rightPartyContacts: totals.right_party,
        refusedByGate: totals.refused_by_gate,
        breaches: totals.breaches,
        messagesSent: totals.messages_sent,
        contactRate: rate(totals.connected, totals.attempts),
        rightPartyRate: rate(totals.right_party, totals.attempts),
      },
      collectors: figures.map((f) => ({
        userId: f.user_id,
        username: f.username,
        displayName: f.display_name,
        disabled: f.disabled,
        openCases: f.open_cases,
        attempts: f.attempts,
        connected: f.connected,
        rightPartyContacts: f.right_party,
        promises: f.promises,
        promisedFen: f.promised_fen,
        kept: f.kept,
        broken: f.broken,
        collectedFen: f.collected_fen,
      })),
    };
    return view;
  }
}
