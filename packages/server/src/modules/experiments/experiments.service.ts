import {
  aaCheck,
  CodedError,
  compareCureRates,
  type Experiment,
  fen,
  validateExperiment,
  variantResults,
} from '@huikuan/domain';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { ExperimentDefinition } from '../dispatch/dispatch.service.js';
import type { SystemService } from '../system/system.service.js';
import type { ExperimentRow } from './experiments.repository.js';

export interface StartExperiment {
  code: string;
  segmentCode: string;
  variants: { id: string; shareBps: number; strategyVersionId: string }[];
  holdoutShareBps?: number;
}

function view(row: ExperimentRow) {
  const d = row.definition as ExperimentDefinition;
  return {
    code: row.code,
    segmentCode: row.segment_code,
    status: row.status,
    startedOn: row.started_on,
    stoppedOn: row.stopped_on,
    createdBy: row.created_by,
    holdoutShareBps: d.experiment.holdoutShareBps ?? 0,
    variants: d.experiment.variants.map((v) => ({
      id: v.id,
      shareBps: v.shareBps,
      strategyVersionId: d.strategies[v.id] ?? null,
    })),
  };
}

/**
 * 冠军/挑战者 experiments: new cases of a segment are split between strategy versions by a
 * stable hash (planning does the split), with results per variant and the two-proportion test.
 */
export class ExperimentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly system: SystemService,
  ) {}

  async list() {
    return (await this.uow.repositories.experiments.list()).map(view);
  }

  async start(input: StartExperiment, actor: Actor) {
    const experiment: Experiment = {
      id: input.code,
      variants: input.variants.map((v) => ({ id: v.id, shareBps: v.shareBps })),
      ...(input.holdoutShareBps ? { holdoutShareBps: input.holdoutShareBps } : {}),
    };
    const issues = validateExperiment(experiment);
    const r = this.uow.repositories;
    const versions = await r.experiments.strategyVersionStatuses(
      input.variants.map((v) => v.strategyVersionId),
    );
    input.variants.forEach((v, i) => {
      const found = versions.find((x) => x.id === v.strategyVersionId);
      // Only an approved (active) version may plan real cases: a draft has had no four-eyes review.
      if (found?.status !== 'active') {
        issues.push({
          path: `variants.${i}.strategyVersionId`,
          code: 'VALUE_NOT_ALLOWED',
          params: {},
          message: {
            'zh-CN': '策略版本不存在或未经审批生效',
            'en-US': 'No such strategy version, or it is not approved and active',
          },
        });
      }
    });
    if (issues.length > 0) {
      throw new CodedError(
        'EXPERIMENT_INVALID',
        { count: issues.length },
        issues.map((i) => ({ path: i.path, code: i.code, message: i.message })),
      );
    }
    const definition: ExperimentDefinition = {
      experiment,
      strategies: Object.fromEntries(input.variants.map((v) => [v.id, v.strategyVersionId])),
    };
    const startedOn = await this.system.businessDate();
    await this.uow.transaction(async (t) => {
      const inserted = await t.experiments.insert({
        id: newId(),
        code: input.code,
        segmentCode: input.segmentCode,
        definition,
        startedOn,
        createdBy: actor.userId,
      });
      if (!inserted) {
        throw new CodedError('EXPERIMENT_INVALID', { count: 1 }, [
          {
            path: 'code',
            code: 'DUPLICATE_REFERENCE',
            message: {
              'zh-CN': '实验代码已存在,或该分群已有进行中的实验',
              'en-US': 'The code is taken, or the segment already has a running experiment',
            },
          },
        ]);
      }
      await this.audit.append(t.audit, actor, {
        action: 'experiment.started',
        targetType: 'experiment',
        targetId: input.code,
        after: { segmentCode: input.segmentCode, ...definition },
      });
    });
    return view((await this.uow.repositories.experiments.byCode(input.code))!);
  }

  async stop(code: string, actor: Actor) {
    const row = await this.uow.repositories.experiments.byCode(code);
    if (!row) throw new CodedError('NOT_FOUND');
    const on = await this.system.businessDate();
    await this.uow.transaction(async (t) => {
      await t.experiments.stop(code, on);
      await this.audit.append(t.audit, actor, {
        action: 'experiment.stopped',
        targetType: 'experiment',
        targetId: code,
      });
    });
    return view((await this.uow.repositories.experiments.byCode(code))!);
  }

  /** Results per variant (cure rate with its 95% interval, amount recovered, contacts) and each challenger vs the first. */
  async results(code: string) {
    const row = await this.uow.repositories.experiments.byCode(code);
    if (!row) throw new CodedError('NOT_FOUND');
    const d = row.definition as ExperimentDefinition;
    const outcomes = await this.uow.repositories.experiments.outcomes(code);
    const arms = [...d.experiment.variants.map((v) => v.id), ...(d.experiment.holdoutShareBps ? [null] : [])];
    const results = variantResults(
      arms,
      outcomes.map((o) => ({
        variantId: o.variant === 'holdout' ? null : o.variant,
        cured: o.cured,
        recoveredFen: fen(Number(o.recovered_fen)),
        contacts: o.contacts,
      })),
    );
    const champion = results[0]!;
    return {
      experiment: view(row),
      variants: results.map((v) => ({
        ...v,
        versusChampion: v === champion ? null : compareCureRates(champion, v),
      })),
    };
  }

  /** A/A check of the splitter on the current open cases: the split's counts against its shares. */
  async aaCheck(code: string) {
    const row = await this.uow.repositories.experiments.byCode(code);
    if (!row) throw new CodedError('NOT_FOUND');
    const d = row.definition as ExperimentDefinition;
    const ids = await this.uow.repositories.experiments.openCaseIds(200_000);
    return aaCheck(d.experiment, ids);
  }
}
