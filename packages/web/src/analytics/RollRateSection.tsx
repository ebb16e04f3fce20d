import { type Fen, formatCny } from '@huikuan/domain';
import { Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from './EChart';
import type { ChartOption } from './echarts';
import { formatCount, formatPercent, percentNumber } from './format';
import { KpiSection } from './KpiSection';
import { RatioFigure } from './RatioFigure';
import type { KpiDefinitionView, RollRateView } from './types';

type Row = RollRateView['rows'][number];

/** Text for the chart's HTML tooltip (bucket codes are settings an administrator types). */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The matrix shown first: the latest whose performance window has run, else the latest. */
function defaultMatrix(matrices: readonly RollRateView[]): RollRateView | undefined {
  return matrices.find((m) => m.complete) ?? matrices[0];
}

/**
 * 滚动率矩阵 the roll-rate matrix of one observation month (chosen among those the dashboard
 * returned): a heatmap and the same figures as a table — rows the worst bucket in the observation
 * window, columns the worst in the performance window, each cell the row's share — with the row
 * totals (loans or balance, by the basis), the loans left out for want of a performance snapshot,
 * and whether the performance window has run in full. Loan-level, by month end: no drill-down.
 */
export function RollRateSection({
  matrices,
  definition,
}: {
  /** Latest observation month first, as the API returns them. */
  matrices: readonly RollRateView[];
  definition: KpiDefinitionView;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const matrix = matrices.find((m) => m.observationMonth === chosen) ?? defaultMatrix(matrices);
  const codes = useMemo(() => matrix?.rows.map((r) => r.from) ?? [], [matrix]);
  const title = t('analytics.portfolio.rollRate');

  const option = useMemo<ChartOption>(() => {
    const cells = (matrix?.rows ?? []).flatMap((r, i) =>
      r.cells
        .map((c, j) => ({ from: r.from, to: c.to, ratio: c.ratio, x: j, y: i }))
        .filter((c) => c.ratio.value !== null),
    );
    const amount = (n: number) => (matrix?.basis === 'balance' ? formatCny(n as Fen) : formatCount(n));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params) => {
          const c = cells[(params as { dataIndex: number }).dataIndex];
          if (!c) return '';
          return `${escapeHtml(c.from)} → ${escapeHtml(c.to)}<br/>${formatPercent(c.ratio.value)} (${amount(c.ratio.numerator)} / ${amount(c.ratio.denominator)})`;
        },
      },
      grid: { left: 72, right: 16, top: 48, bottom: 8 },
      xAxis: {
        type: 'category',
        position: 'top',
        data: codes,
        name: t('analytics.portfolio.rollTo'),
        nameLocation: 'middle',
        nameGap: 28,
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: codes,
        name: t('analytics.portfolio.rollFrom'),
        nameLocation: 'middle',
        nameGap: 52,
        splitArea: { show: true },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max: 100,
        show: false,
        inRange: { color: ['#f0f5ff', '#91caff', '#4096ff'] },
      },
      series: [
        {
          name: title,
          type: 'heatmap',
          data: cells.map((c) => [c.x, c.y, percentNumber(c.ratio.value) ?? 0]),
          label: {
            show: true,
            color: 'rgba(0, 0, 0, 0.88)',
            formatter: (params) => formatPercent(cells[params.dataIndex]?.ratio.value ?? null),
          },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
        },
      ],
    };
  }, [matrix, codes, t, title]);

  const unit = matrix?.basis === 'balance' ? 'fen' : 'count';
  const total = (n: number) => (unit === 'fen' ? formatCny(n as Fen) : formatCount(n));
  const months = matrix?.performanceWindow.length ?? 0;
  const observed = matrix?.observationWindow ?? [];
  const performance = matrix?.performanceWindow ?? [];

  return (
    <KpiSection
      title={title}
      definitions={[definition]}
      testId="section-roll-rate"
      extra={
        matrix ? (
          <Space size={8} wrap>
            <Select
              size="small"
              value={matrix.observationMonth}
              onChange={setChosen}
              aria-label={t('analytics.portfolio.observationMonth')}
              style={{ width: 110 }}
              data-testid="roll-rate-month"
              options={matrices.map((m) => ({ value: m.observationMonth, label: m.observationMonth }))}
            />
            <Tag color={matrix.complete ? 'green' : 'orange'} data-testid="roll-rate-status">
              {matrix.complete
                ? t('analytics.portfolio.rollComplete')
                : t('analytics.portfolio.rollIncomplete', { performed: matrix.monthsPerformed, months })}
            </Tag>
          </Space>
        ) : null
      }
    >
      {!matrix ? (
        <Empty description={t('analytics.portfolio.rollEmpty')} data-testid="roll-rate-empty" />
      ) : (
        <>
          <EChart
            option={option}
            height={64 + 32 * codes.length}
            label={`${t('analytics.portfolio.rollChart')} ${matrix.observationMonth}`}
            testId="chart-roll-rate"
          />
          <Table<Row>
            size="small"
            rowKey="from"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={matrix.rows}
            data-testid="roll-rate-table"
            columns={[
              {
                title: t('analytics.portfolio.rollFrom'),
                dataIndex: 'from',
                fixed: 'left',
                width: 88,
              },
              {
                title: t('analytics.portfolio.rollTo'),
                children: codes.map((to, j) => ({
                  key: to,
                  title: to,
                  align: 'right' as const,
                  render: (_: unknown, r: Row) => {
                    const cell = r.cells[j];
                    return cell ? (
                      <RatioFigure
                        ratio={cell.ratio}
                        unit={unit}
                        label={`${r.from} → ${to}`}
                        testId={`roll-${r.from}-${to}`}
                      />
                    ) : null;
                  },
                })),
              },
              {
                key: 'total',
                title:
                  unit === 'fen'
                    ? t('analytics.portfolio.rollTotalBalance')
                    : t('analytics.portfolio.rollTotalLoans'),
                align: 'right',
                width: 88,
                render: (_, r) => (
                  <span className="hk-num" data-testid={`roll-total-${r.from}`}>
                    {total(r.total)}
                  </span>
                ),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" className="hk-roll-notes" data-testid="roll-rate-notes">
            {t('analytics.portfolio.rollWindows', {
              observedFrom: observed[0] ?? '',
              observedTo: observed.at(-1) ?? '',
              performedFrom: performance[0] ?? '',
              performedTo: performance.at(-1) ?? '',
            })}
            {' · '}
            <span data-testid="roll-rate-without">
              {t('analytics.portfolio.rollWithout', { count: matrix.withoutPerformance })}
            </span>
            <br />
            {t('analytics.portfolio.rollNoDrill')}
          </Typography.Paragraph>
        </>
      )}
    </KpiSection>
  );
}
