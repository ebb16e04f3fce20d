import { z } from 'zod';

const Fen = z.int();

export const TeamConsoleView = z.object({
  businessDate: z.string(),
  /** 'all': the whole book (admin, data scope all); 'teams': the lead's teams. */
  scope: z.enum(['all', 'teams']),
  teams: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
  queueHealth: z.object({
    openCases: z.int(),
    /** Open cases nobody holds (only counted for the whole book). */
    unassigned: z.int(),
    byStage: z.object({ early: z.int(), middle: z.int(), late: z.int(), other: z.int() }),
    callsDueToday: z.int(),
    callsDoneToday: z.int(),
    /** Call tasks of earlier days still not done. */
    callsOverdue: z.int(),
    promisesDueToday: z.int(),
    promisesBrokenToday: z.int(),
    onHold: z.int(),
  }),
  today: z.object({
    attempts: z.int(),
    connected: z.int(),
    rightPartyContacts: z.int(),
    refusedByGate: z.int(),
    breaches: z.int(),
    messagesSent: z.int(),
    /** connected ÷ attempts and right-party ÷ attempts, as decimal strings (null without attempts). */
    contactRate: z.string().nullable(),
    rightPartyRate: z.string().nullable(),
  }),
  collectors: z.array(
    z.object({
      userId: z.uuid(),
      username: z.string(),
      displayName: z.string(),
      disabled: z.boolean(),
      openCases: z.int(),
      attempts: z.int(),
      connected: z.int(),
      rightPartyContacts: z.int(),
      promises: z.int(),
      promisedFen: Fen,
      kept: z.int(),
      broken: z.int(),
      collectedFen: Fen,
    }),
  ),
});
