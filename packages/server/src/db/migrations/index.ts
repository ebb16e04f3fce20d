/**
 * Forward-only migrations, in order. A merged migration is never edited: add a new one.
 * Listed explicitly (not read from a folder) so the compiled server needs no file scanning.
 */
import type { Migration } from 'kysely';
import * as foundation from './20261128100000-foundation.js';
import * as portfolio from './20261128100100-portfolio.js';
import * as delinquency from './20261128110000-delinquency.js';
import * as contactFlags from './20261128120000-contact-flags-and-lpr.js';
import * as compliance from './20261128130000-compliance.js';
import * as strategies from './20261128150000-strategies-and-dispatch.js';
import * as experiments from './20261128160000-experiments.js';
import * as promises from './20261128170000-promises.js';
import * as draftRevision from './20261128171000-draft-revision.js';
import * as dailyRunSteps from './20261128172000-daily-run-steps.js';
import * as allocation from './20261128180000-allocation.js';
import * as arrangements from './20261128181000-arrangements.js';
import * as workstation from './20261128182000-workstation.js';
import * as workstationIndexes from './20261128190000-workstation-indexes.js';
import * as analytics from './20261128200000-analytics.js';
import * as analyticsSpeed from './20261129100000-analytics-speed.js';
import * as analyticsOutcomes from './20261129110000-analytics-outcomes.js';
import * as analyticsCure from './20261129120000-analytics-cure.js';

export const migrations: Record<string, Migration> = {
  '20261128100000-foundation': foundation,
  '20261128100100-portfolio': portfolio,
  '20261128110000-delinquency': delinquency,
  '20261128120000-contact-flags-and-lpr': contactFlags,
  '20261128130000-compliance': compliance,
  '20261128150000-strategies-and-dispatch': strategies,
  '20261128160000-experiments': experiments,
  '20261128170000-promises': promises,
  '20261128172000-daily-run-steps': dailyRunSteps,
  '20261128171000-draft-revision': draftRevision,
  '20261128180000-allocation': allocation,
  '20261128181000-arrangements': arrangements,
  '20261128182000-workstation': workstation,
  '20261128190000-workstation-indexes': workstationIndexes,
  '20261128200000-analytics': analytics,
  '20261129100000-analytics-speed': analyticsSpeed,
  '20261129110000-analytics-outcomes': analyticsOutcomes,
  '20261129120000-analytics-cure': analyticsCure,
};
