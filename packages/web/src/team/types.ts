/** Shapes of GET /team/console (团队看板). Amounts are integer fen. */
import type { Fen } from '@huikuan/domain';

export interface TeamConsole {
  businessDate: string;
  scope: 'all' | 'teams';
  teams: { id: string; code: string; name: string }[];
  queueHealth: {
    openCases: number;
    unassigned: number;
    byStage: { early: number; middle: number; late: number; other: number };
    callsDueToday: number;
    callsDoneToday: number;
    callsOverdue: number;
    promisesDueToday: number;
    promisesBrokenToday: number;
    onHold: number;
  };
  today: {
    attempts: number;
    connected: number;
    rightPartyContacts: number;
    refusedByGate: number;
    breaches: number;
    messagesSent: number;
    contactRate: string | null;
    rightPartyRate: string | null;
  };
  collectors: CollectorFigures[];
}

export interface CollectorFigures {
  userId: string;
  username: string;
  displayName: string;
  disabled: boolean;
  openCases: number;
  attempts: number;
  connected: number;
  rightPartyContacts: number;
  promises: number;
  promisedFen: Fen;
  kept: number;
  broken: number;
  collectedFen: Fen;
}
