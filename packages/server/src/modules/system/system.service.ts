import { type BusinessDate, CodedError, dateInZone, isBusinessDate } from '@huikuan/domain';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor, AuditService } from '../audit/audit.service.js';

export const BUSINESS_DATE_KEY = 'business_date';

/**
 * 营业日 the business date: the "today" of all business logic. It defaults to today in the
 * institution's time zone until first set, and is then only moved forward (demo, tests,
 * back-tests run the whole system through time).
 */
export class SystemService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** The current business date. */
  async businessDate(): Promise<BusinessDate> {
    const stored = await this.uow.repositories.settings.get<string>(BUSINESS_DATE_KEY);
    return stored ?? dateInZone(this.clock.now().getTime(), this.timeZone);
  }

  /** Moves the business date forward (or keeps it); moving it back is refused. */
  async setBusinessDate(date: string, actor: Actor): Promise<BusinessDate> {
    if (!isBusinessDate(date)) throw new CodedError('BUSINESS_DATE_INVALID', { date });
    return this.uow.transaction(async (t) => {
      const stored = await t.settings.getForUpdate<string>(BUSINESS_DATE_KEY);
      const current = stored ?? dateInZone(this.clock.now().getTime(), this.timeZone);
      if (date < current) throw new CodedError('BUSINESS_DATE_BACKWARDS', { current, requested: date });
      if (date === current && stored) return current;
      await t.settings.set(BUSINESS_DATE_KEY, date, this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'system.business_date.set',
        targetType: 'setting',
        targetId: BUSINESS_DATE_KEY,
        before: { businessDate: current },
        after: { businessDate: date },
      });
      return date;
    });
  }
}
