import { Col, Empty, Row, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from './EChart';
import type { ChartOption } from './echarts';
import { addDays, formatPercent, monthEnd, percentNumber } from './format';
import { KpiSection } from './KpiSection';
import { RatioFigure } from './RatioFigure';
import { RollRateSection } from './RollRateSection';
import type { AnalyticsFilters, DrillTarget, PortfolioDashboard as Portfolio } from './types';

const percentAxis = { type: 'value', axisLabel: { formatter: '{value}%' } } as const;
/** The earlier of two dates YYYY-MM-DD. */
const earlierOf = (a: string, b: string) => (a.localeCompare(b) <= 0 ? a : b);
const percentTooltip = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '—');

/**
 * 资产质量 flow rates by month with the collection multiplier, the roll-rate matrix of an
 * observation month, entry rate with its daily series, vintage curves by disbursement month; with a breakdown (product, region), the figures by group.
 */
export function PortfolioDashboard({
  data,
  breakdown,
  filters,
  buckets,
  graceDays,
  onDrill,
}: {
  data: Portfolio;
  breakdown: Portfolio | undefined;
  filters: AnalyticsFilters;
  buckets: string[];
  graceDays: number;
  onDrill: (target: DrillTarget) => void;
}) {
  const { t } = useTranslation();
  const total = data.groups[0];
  const defs = data.definitions;
  const entryBucket = buckets[1];
  const entryBasis =
    defs.entryRate.settingsUsed.find((s) => s.path === 'entry.basis')?.value === 'count' ? 'count' : 'amount';
  const endOf = (month: string) => earlierOf(monthEnd(month), filters.to);

  const flowMonths = useMemo(() => total?.flowRates ?? [], [total]);
  const transitions = useMemo(() => flowMonths[0]?.flows.map((f) => `${f.from}→${f.to}`) ?? [], [flowMonths]);
  const flowOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: percentTooltip },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: flowMonths.map((m) => m.month) },
      yAxis: percentAxis,
      series: transitions.map((name, i) => ({
        name,
        type: 'line',
        symbolSize: 8,
        data: flowMonths.map((m) => percentNumber(m.flows[i]?.ratio.value ?? null)),
      })),
    }),
    [flowMonths, transitions],
  );

  const daily = useMemo(() => total?.entryRate.daily ?? [], [total]);
  const entryOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: percentTooltip },
      grid: { left: 48, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: daily.map((d) => d.date) },
      yAxis: percentAxis,
      series: [
        {
          name: t('analytics.portfolio.entryRate'),
          type: 'bar',
          data: daily.map((d) => percentNumber(d[entryBasis].value)),
        },
      ],
    }),
    [daily, entryBasis, t],
  );

  const cohorts = useMemo(() => total?.vintage.filter((c) => c.points.length > 0) ?? [], [total]);
  const maxMob = Math.max(0, ...cohorts.map((c) => c.points.length));
  const vintageOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: percentTooltip },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: {
        type: 'category',
        name: t('analytics.portfolio.mob'),
        data: Array.from({ length: maxMob }, (_, i) => String(i + 1)),
      },
      yAxis: percentAxis,
      series: cohorts.map((c) => ({
        name: c.cohort,
        type: 'line',
        data: c.points.map((p) => percentNumber(p.ratio.value)),
      })),
    }),
    [cohorts, maxMob, t],
  );

  const drillFlow = (monthIndex: number, flowIndex: number) => {
    const month = flowMonths[monthIndex];
    const flow = month?.flows[flowIndex];
    if (!month || !flow) return;
    onDrill({
      title: `${t('analytics.portfolio.flowRates')} ${month.month} ${flow.from}→${flow.to}`,
      day: endOf(month.month),
      bucket: flow.to,
      note: t('analytics.drill.atMonthEnd', { month: month.month, bucket: flow.to }),
    });
  };
  const drillEntryDay = (date: string) =>
    onDrill({
      title: `${t('analytics.portfolio.entryRate')} ${date}`,
      day: earlierOf(addDays(date, 1 + graceDays), filters.to),
      bucket: entryBucket,
      note: t('analytics.drill.entered', { day: date, bucket: entryBucket }),
    });

  return (
    <div className="hk-stack">
      <KpiSection
        title={t('analytics.portfolio.flowRates')}
        definitions={[defs.flowRate, defs.collectionMultiplier]}
        testId="section-flow"
      >
        {flowMonths.length === 0 ? (
          <Empty description={t('analytics.portfolio.flowEmpty')} />
        ) : (
          <>
            <EChart
              option={flowOption}
              label={t('analytics.portfolio.flowChart')}
              testId="chart-flow"
              onPointClick={({ seriesIndex, dataIndex }) => drillFlow(dataIndex, seriesIndex)}
            />
            <Table
              size="small"
              rowKey="month"
              pagination={false}
              scroll={{ x: 700 }}
              dataSource={flowMonths}
              data-testid="flow-table"
              columns={[
                { title: t('analytics.portfolio.month'), dataIndex: 'month', fixed: 'left', width: 90 },
                ...transitions.map((name, i) => ({
                  key: name,
                  title: name,
                  align: 'right' as const,
                  render: (_: unknown, m: (typeof flowMonths)[number], monthIndex: number) => {
                    const f = m.flows[i];
                    return f ? (
                      <RatioFigure
                        ratio={f.ratio}
                        label={`${m.month} ${name}`}
                        onClick={() => drillFlow(monthIndex, i)}
                      />
                    ) : null;
                  },
                })),
                {
                  key: 'multiplier',
                  title: `${t('analytics.portfolio.multiplier')} (${t('analytics.portfolio.multiplierTo', { to: flowMonths[0]?.multiplierTo ?? '' })})`,
                  align: 'right' as const,
                  render: (_: unknown, m: (typeof flowMonths)[number]) => (
                    <RatioFigure
                      ratio={m.multiplier}
                      label={t('analytics.portfolio.multiplier')}
                      testId={`multiplier-${m.month}`}
                    />
                  ),
                },
              ]}
            />
          </>
        )}
      </KpiSection>

      <RollRateSection matrices={total?.rollRate ?? []} definition={defs.rollRate} />

      <KpiSection
        title={t('analytics.portfolio.entryRate')}
        definitions={[defs.entryRate]}
        testId="section-entry"
      >
        {total ? (
          <Row gutter={[16, 8]}>
            <Col xs={12}>
              <Statistic
                title={t('analytics.portfolio.entryAmount')}
                valueRender={() => (
                  <RatioFigure
                    ratio={total.entryRate.amount}
                    label={t('analytics.portfolio.entryAmount')}
                    testId="entry-amount"
                  />
                )}
              />
            </Col>
            <Col xs={12}>
              <Statistic
                title={t('analytics.portfolio.entryCount')}
                valueRender={() => (
                  <RatioFigure
                    ratio={total.entryRate.count}
                    label={t('analytics.portfolio.entryCount')}
                    testId="entry-count"
                  />
                )}
              />
            </Col>
            <Col xs={24}>
              {daily.length === 0 ? (
                <Empty description={t('analytics.portfolio.entryEmpty')} />
              ) : (
                <EChart
                  option={entryOption}
                  height={220}
                  label={t('analytics.portfolio.entryChart')}
                  testId="chart-entry"
                  onPointClick={({ dataIndex }) => {
                    const d = daily[dataIndex];
                    if (d) drillEntryDay(d.date);
                  }}
                />
              )}
            </Col>
          </Row>
        ) : null}
      </KpiSection>

      <KpiSection
        title={t('analytics.portfolio.vintage')}
        definitions={[defs.vintage]}
        testId="section-vintage"
      >
        {cohorts.length === 0 ? (
          <Empty description={t('analytics.portfolio.vintageEmpty')} />
        ) : (
          <>
            <EChart
              option={vintageOption}
              label={t('analytics.portfolio.vintageChart')}
              testId="chart-vintage"
            />
            <Typography.Text type="secondary">{t('analytics.portfolio.noDrill')}</Typography.Text>
          </>
        )}
      </KpiSection>

      {breakdown?.dimension ? (
        <PortfolioBreakdown data={breakdown} filters={filters} entryBucket={entryBucket} onDrill={onDrill} />
      ) : null}
    </div>
  );
}

/** The portfolio figures by product or region: entry rate and the last month's multiplier per group. */
function PortfolioBreakdown({
  data,
  filters,
  entryBucket,
  onDrill,
}: {
  data: Portfolio;
  filters: AnalyticsFilters;
  entryBucket: string | undefined;
  onDrill: (target: DrillTarget) => void;
}) {
  const { t } = useTranslation();
  const dimension = t(`analytics.filters.dimensions.${data.dimension ?? 'product'}`);
  const labelOf = (g: Portfolio['groups'][number]) => g.label ?? t('analytics.portfolio.unassigned');
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: percentTooltip },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: {
        type: 'category',
        data: data.groups.map((g) => g.label ?? t('analytics.portfolio.unassigned')),
      },
      yAxis: percentAxis,
      series: [
        {
          name: t('analytics.portfolio.entryAmount'),
          type: 'bar',
          data: data.groups.map((g) => percentNumber(g.entryRate.amount.value)),
        },
        {
          name: t('analytics.portfolio.entryCount'),
          type: 'bar',
          data: data.groups.map((g) => percentNumber(g.entryRate.count.value)),
        },
      ],
    }),
    [data, t],
  );
  const drill = (index: number) => {
    const g = data.groups[index];
    if (!g) return;
    onDrill({
      title: `${t('analytics.portfolio.entryRate')} — ${labelOf(g)}`,
      day: filters.to,
      key: g.key,
      groupLabel: g.label,
      bucket: entryBucket,
      note: t('analytics.drill.atEnd'),
    });
  };
  return (
    <KpiSection
      title={t('analytics.portfolio.byGroup', { dimension })}
      definitions={[data.definitions.entryRate, data.definitions.collectionMultiplier]}
      testId="section-portfolio-groups"
    >
      <EChart
        option={option}
        label={t('analytics.portfolio.groupChart')}
        testId="chart-portfolio-groups"
        onPointClick={({ dataIndex }) => drill(dataIndex)}
      />
      <Table
        size="small"
        pagination={false}
        rowKey={(g) => g.key ?? '∅'}
        dataSource={data.groups}
        data-testid="portfolio-group-table"
        columns={[
          { title: t('analytics.portfolio.group'), key: 'label', render: (_, g) => labelOf(g) },
          {
            title: t('analytics.portfolio.entryAmount'),
            key: 'amount',
            align: 'right',
            render: (_, g, i) => (
              <RatioFigure ratio={g.entryRate.amount} label={labelOf(g)} onClick={() => drill(i)} />
            ),
          },
          {
            title: t('analytics.portfolio.entryCount'),
            key: 'count',
            align: 'right',
            render: (_, g) => <RatioFigure ratio={g.entryRate.count} label={labelOf(g)} />,
          },
          {
            title: t('analytics.portfolio.multiplier'),
            key: 'multiplier',
            align: 'right',
            render: (_, g) => {
              const last = g.flowRates.at(-1);
              return last ? `${last.month} ${formatPercent(last.multiplier.value)}` : '—';
            },
          },
        ]}
      />
    </KpiSection>
  );
}
