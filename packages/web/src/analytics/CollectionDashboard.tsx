import { type Fen, formatCny } from '@huikuan/domain';
import { Card, Col, Row, Segmented, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from './EChart';
import type { ChartOption } from './echarts';
import { FigureCard } from './FigureCard';
import { addDays, formatCount, formatPercent, percentNumber } from './format';
import { KpiSection } from './KpiSection';
import { RatioFigure } from './RatioFigure';
import type {
  AnalyticsFilters,
  CollectionDashboard as Collection,
  CollectionGroup,
  DrillTarget,
  Ratio,
} from './types';

type Group = Collection['groups'][number];
const yuan = (fen: number) => formatCny(fen as Fen);

/** The figures a breakdown can chart, each read from a group. */
const METRICS = [
  'amountCollected',
  'ptpRate',
  'keptRate',
  'broken',
  'contactRate',
  'coverage',
  'penetration',
  'cureRate',
  'recoveryRate',
] as const;
type Metric = (typeof METRICS)[number];

function metricRatio(g: CollectionGroup, m: Metric): Ratio | null {
  switch (m) {
    case 'ptpRate':
      return g.promises.ptpRate;
    case 'keptRate':
      return g.promises.keptRate;
    case 'contactRate':
      return g.contactRate;
    case 'coverage':
      return g.coverage;
    case 'penetration':
      return g.penetration;
    case 'cureRate':
      return g.cureRate.total;
    case 'recoveryRate':
      return g.recoveryRate[g.recoveryRate.basis];
    default:
      return null;
  }
}

/** A metric's value for a chart: percent for rates, yuan for money, plain for counts and penetration. */
function metricNumber(g: CollectionGroup, m: Metric): number | null {
  if (m === 'amountCollected') return g.amountCollected.collectedFen / 100;
  if (m === 'broken') return g.promises.broken;
  const r = metricRatio(g, m);
  if (!r) return null;
  return m === 'penetration' ? (r.value === null ? null : Number(r.value)) : percentNumber(r.value);
}

/**
 * 催收作业 the collection figures of the period — amount collected, PTP and kept rates, broken
 * promises, contact rate, coverage, penetration, recovery rate — each opening the cases behind
 * it; cure rate by bucket; promises; and with a breakdown, any figure by collector, team,
 * variant, product or region.
 */
export function CollectionDashboard({
  data,
  breakdown,
  filters,
  onDrill,
}: {
  data: Collection;
  breakdown: Collection | undefined;
  filters: AnalyticsFilters;
  onDrill: (target: DrillTarget) => void;
}) {
  const { t } = useTranslation();
  const total = data.groups[0];
  const defs = data.definitions;
  const startDay = addDays(filters.from, -1);
  const name = (m: Metric) => t(`analytics.collection.${m === 'broken' ? 'broken' : m}` as never) as string;

  const cureRows = useMemo(() => total?.cureRate.rows ?? [], [total]);
  const cureOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '—') },
      grid: { left: 48, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: cureRows.map((r) => r.bucket) },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('analytics.collection.cureRate'),
          type: 'bar',
          data: cureRows.map((r) => percentNumber(r.ratio.value)),
        },
      ],
    }),
    [cureRows, t],
  );
  const promiseOption = useMemo<ChartOption>(() => {
    const p = total?.promises;
    const labels = ['taken', 'due', 'kept', 'broken'] as const;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: labels.map((l) => t(`analytics.collection.${l}`)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('analytics.collection.promises'),
          type: 'bar',
          data: p ? [p.taken, p.due, p.kept, p.broken] : [],
        },
      ],
    };
  }, [total, t]);

  if (!total) return null;
  const atEnd = (title: string) => onDrill({ title, day: filters.to, note: t('analytics.drill.atEnd') });
  const drillCure = (bucket: string | undefined, title: string) =>
    onDrill({ title, day: startDay, bucket, note: t('analytics.drill.atStart') });
  const counts = (r: Ratio) =>
    t('analytics.collection.ofCounts', {
      numerator: formatCount(r.numerator),
      denominator: formatCount(r.denominator),
    });

  return (
    <div className="hk-stack">
      <Card size="small" title={t('analytics.collection.figures')} data-testid="section-figures">
        <Row gutter={[12, 12]}>
          <Col xs={12} lg={6}>
            <FigureCard
              definition={defs.amountCollected}
              title={name('amountCollected')}
              value={yuan(total.amountCollected.collectedFen)}
              sub={t('analytics.collection.payments', { count: total.amountCollected.payments })}
              onDrill={() => atEnd(name('amountCollected'))}
              testId="amountCollected"
            />
          </Col>
          {(['ptpRate', 'keptRate', 'contactRate', 'coverage'] as const).map((m) => {
            const r = metricRatio(total, m)!;
            return (
              <Col key={m} xs={12} lg={6}>
                <FigureCard
                  definition={defs[m]}
                  title={name(m)}
                  value={formatPercent(r.value)}
                  sub={
                    m === 'keptRate' && total.promises.awaiting > 0
                      ? `${counts(r)} · ${t('analytics.collection.awaiting', { count: total.promises.awaiting })}`
                      : counts(r)
                  }
                  onDrill={() => atEnd(name(m))}
                  testId={m}
                />
              </Col>
            );
          })}
          <Col xs={12} lg={6}>
            <FigureCard
              definition={defs.penetration}
              title={name('penetration')}
              value={`${total.penetration.value ?? '—'} ${t('analytics.collection.penetrationUnit')}`}
              sub={counts(total.penetration)}
              onDrill={() => atEnd(name('penetration'))}
              testId="penetration"
            />
          </Col>
          <Col xs={12} lg={6}>
            <FigureCard
              definition={defs.brokenPromises}
              title={name('broken')}
              value={formatCount(total.promises.broken)}
              sub={`${t('analytics.collection.due')} ${total.promises.due} · ${t('analytics.collection.kept')} ${total.promises.kept}`}
              onDrill={() => atEnd(name('broken'))}
              testId="broken"
            />
          </Col>
          <Col xs={12} lg={6}>
            <RecoveryFigure group={total} definition={defs.recoveryRate} onDrill={atEnd} />
          </Col>
        </Row>
      </Card>

      <KpiSection
        title={t('analytics.collection.cureRate')}
        definitions={[defs.cureRate]}
        testId="section-cure"
      >
        <EChart
          option={cureOption}
          height={220}
          label={t('analytics.collection.cureChart')}
          testId="chart-cure"
          onPointClick={({ dataIndex }) => {
            const row = cureRows[dataIndex];
            if (row) drillCure(row.bucket, `${t('analytics.collection.cureRate')} ${row.bucket}`);
          }}
        />
        <div className="hk-figure-strip" data-testid="cure-figures">
          {cureRows.map((r) => (
            <div key={r.bucket}>
              <Typography.Text type="secondary">{r.bucket}</Typography.Text>
              <RatioFigure
                ratio={r.ratio}
                label={`${t('analytics.collection.cureRate')} ${r.bucket}`}
                testId={`cure-${r.bucket}`}
                onClick={() => drillCure(r.bucket, `${t('analytics.collection.cureRate')} ${r.bucket}`)}
              />
            </div>
          ))}
          <div>
            <Typography.Text type="secondary">{t('analytics.collection.cureTotal')}</Typography.Text>
            <RatioFigure
              ratio={total.cureRate.total}
              label={`${t('analytics.collection.cureRate')} ${t('analytics.collection.cureTotal')}`}
              testId="cure-total"
              onClick={() => drillCure(undefined, t('analytics.collection.cureRate'))}
            />
          </div>
        </div>
      </KpiSection>

      <KpiSection
        title={t('analytics.collection.promises')}
        definitions={[defs.ptpRate, defs.keptRate, defs.brokenPromises]}
        testId="section-promises"
      >
        <EChart
          option={promiseOption}
          height={220}
          label={t('analytics.collection.promiseChart')}
          testId="chart-promises"
          onPointClick={() => atEnd(t('analytics.collection.promises'))}
        />
      </KpiSection>

      {breakdown?.dimension ? (
        <CollectionBreakdown data={breakdown} filters={filters} onDrill={onDrill} />
      ) : null}
    </div>
  );
}

/** Any collection figure by group: a bar chart of the chosen figure and a table of all of them. */
function CollectionBreakdown({
  data,
  filters,
  onDrill,
}: {
  data: Collection;
  filters: AnalyticsFilters;
  onDrill: (target: DrillTarget) => void;
}) {
  const { t } = useTranslation();
  const [metric, setMetric] = useState<Metric>('amountCollected');
  const dimension = t(`analytics.filters.dimensions.${data.dimension ?? 'team'}`);
  const name = (m: Metric) => t(`analytics.collection.${m}` as never) as string;
  const labelOf = (g: Group) => g.label ?? t('analytics.portfolio.unassigned');
  const definitionOf = (m: Metric) =>
    m === 'broken'
      ? data.definitions.brokenPromises
      : m === 'cureRate'
        ? data.definitions.cureRate
        : data.definitions[m];

  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 64, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: data.groups.map((g) => g.label ?? '—') },
      yAxis: {
        type: 'value',
        axisLabel:
          metric === 'amountCollected'
            ? { formatter: '¥{value}' }
            : metric === 'broken' || metric === 'penetration'
              ? {}
              : { formatter: '{value}%' },
      },
      series: [{ name: metric, type: 'bar', data: data.groups.map((g) => metricNumber(g, metric)) }],
    }),
    [data, metric],
  );

  const drill = (g: Group, m: Metric) =>
    onDrill({
      title: `${name(m)} — ${labelOf(g)}`,
      day: m === 'cureRate' ? addDays(filters.from, -1) : filters.to,
      key: g.key,
      groupLabel: g.label,
      note: t(m === 'cureRate' ? 'analytics.drill.atStart' : 'analytics.drill.atEnd'),
    });

  return (
    <KpiSection
      title={t('analytics.collection.byGroup', { dimension })}
      definitions={[definitionOf(metric)]}
      testId="section-collection-groups"
      extra={
        <Segmented<Metric>
          size="small"
          value={metric}
          onChange={setMetric}
          aria-label={t('analytics.collection.metric')}
          options={METRICS.map((m) => ({ value: m, label: name(m) }))}
        />
      }
    >
      <EChart
        option={option}
        label={`${t('analytics.collection.groupChart')}: ${name(metric)}`}
        testId="chart-collection-groups"
        onPointClick={({ dataIndex }) => {
          const g = data.groups[dataIndex];
          if (g) drill(g, metric);
        }}
      />
      <Table<Group>
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        rowKey={(g) => g.key ?? '∅'}
        dataSource={data.groups}
        scroll={{ x: 900 }}
        data-testid="collection-group-table"
        columns={[
          {
            title: t('analytics.collection.group'),
            key: 'label',
            fixed: 'left',
            width: 140,
            render: (_, g) => labelOf(g),
          },
          ...METRICS.map((m) => ({
            key: m,
            title: name(m),
            align: 'right' as const,
            render: (_: unknown, g: Group) => {
              if (m === 'amountCollected')
                return (
                  <button type="button" className="hk-figure-button hk-num" onClick={() => drill(g, m)}>
                    {yuan(g.amountCollected.collectedFen)}
                  </button>
                );
              if (m === 'broken') return <span className="hk-num">{g.promises.broken}</span>;
              const r = metricRatio(g, m)!;
              return (
                <RatioFigure
                  ratio={r}
                  asPercent={m !== 'penetration'}
                  unit={m === 'recoveryRate' && g.recoveryRate.basis === 'amount' ? 'fen' : 'count'}
                  label={`${name(m)} ${labelOf(g)}`}
                  onClick={() => drill(g, m)}
                />
              );
            },
          })),
        ]}
      />
    </KpiSection>
  );
}

/**
 * 催回率 the recovery rate of the cases allocated in the period: the settings' basis first, the
 * other beside it, and under them the totals behind both (allocations, collected, due at
 * allocation, settled).
 */
function RecoveryFigure({
  group,
  definition,
  onDrill,
}: {
  group: CollectionGroup;
  definition: Collection['definitions']['recoveryRate'];
  onDrill: (title: string) => void;
}) {
  const { t } = useTranslation();
  const r = group.recoveryRate;
  const other = r.basis === 'amount' ? 'count' : 'amount';
  const title = t('analytics.collection.recoveryRate');
  return (
    <FigureCard
      definition={definition}
      title={title}
      value={formatPercent(r[r.basis].value)}
      aside={
        <>
          <span data-testid="recovery-basis">{t(`analytics.collection.recoveryBasis.${r.basis}`)}</span>
          {' · '}
          <span data-testid="recovery-other" data-value={r[other].value ?? ''}>
            {t(`analytics.collection.recoveryBasis.${other}`)} {formatPercent(r[other].value)}
          </span>
        </>
      }
      sub={
        <span data-testid="recovery-totals">
          {t('analytics.collection.recoveryTotals', {
            allocated: formatCount(r.allocated),
            collected: yuan(r.collectedFen),
            due: yuan(r.dueFen),
            settled: formatCount(r.settled),
          })}
        </span>
      }
      onDrill={() => onDrill(title)}
      testId="recoveryRate"
    />
  );
}
