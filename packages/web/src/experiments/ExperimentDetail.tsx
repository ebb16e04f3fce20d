import { ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { formatCny } from '@huikuan/domain';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { useApiQuery } from '../api/useApiQuery';
import { useErrorText } from '../api/useErrorText';
import { useSession } from '../auth/useSession';
import { useLocale } from '../i18n/useLocale';
import {
  formatBps,
  formatDecimal,
  formatPoints,
  formatPValue,
  formatRateWithInterval,
  SIGNIFICANCE,
} from './format';
import { ExperimentStatusTag, SegmentName, SplitText } from './parts';
import type { AaCheck, Experiment, ExperimentResults, VariantResult } from './types';

/** A challenger against the champion: the difference in points, p, and a note when significant. */
function VersusChampion({ result }: { result: VariantResult }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const test = result.versusChampion;
  if (!test) return <span>—</span>;
  const significant = test.pValue < SIGNIFICANCE;
  return (
    <div data-testid="versus-champion">
      <div className="hk-num">
        {t('experiments.results.points', { value: formatPoints(test.difference, locale) })}
      </div>
      <div className="hk-num hk-experiments-small">p {formatPValue(test.pValue)}</div>
      {significant ? (
        <Tag color={test.difference >= 0 ? 'green' : 'red'} data-testid="significant">
          {t('experiments.results.significant')}
        </Tag>
      ) : (
        <Typography.Text type="secondary" className="hk-experiments-small">
          {t('experiments.results.notSignificant')}
        </Typography.Text>
      )}
    </div>
  );
}

/** The results per variant: cases, cure rate with its interval, recovered, contacts, vs the champion. */
function ResultsCard({ results }: { results: ExperimentResults }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { experiment } = results;
  const shareOf = (variantId: string | null) =>
    variantId === null
      ? experiment.holdoutShareBps
      : (experiment.variants.find((v) => v.id === variantId)?.shareBps ?? null);
  const champion = experiment.variants[0]?.id ?? null;
  return (
    <Card size="small" title={t('experiments.results.title')}>
      <Table<VariantResult>
        rowKey={(r) => r.variantId ?? '__holdout'}
        size="small"
        pagination={false}
        dataSource={results.variants}
        scroll={{ x: 1060 }}
        data-testid="experiment-results"
        columns={[
          {
            title: t('experiments.results.variant'),
            key: 'variant',
            width: 170,
            render: (_: unknown, r) => (
              <div>
                <div className="hk-mono">{r.variantId ?? t('experiments.holdout')}</div>
                {r.variantId === null ? (
                  <Tag>{t('experiments.holdoutTag')}</Tag>
                ) : r.variantId === champion ? (
                  <Tag color="gold">{t('experiments.champion')}</Tag>
                ) : (
                  <Tag color="blue">{t('experiments.challenger')}</Tag>
                )}
              </div>
            ),
          },
          {
            title: t('experiments.results.share'),
            key: 'share',
            width: 70,
            align: 'right',
            render: (_: unknown, r) => {
              const bps = shareOf(r.variantId);
              return <span className="hk-num">{bps === null ? '—' : formatBps(bps, locale)}</span>;
            },
          },
          {
            title: t('experiments.results.cases'),
            dataIndex: 'cases',
            width: 70,
            align: 'right',
            render: (n: number) => <span className="hk-num">{n}</span>,
          },
          {
            title: t('experiments.results.cured'),
            dataIndex: 'cured',
            width: 70,
            align: 'right',
            render: (n: number) => <span className="hk-num">{n}</span>,
          },
          {
            title: t('experiments.results.cureRate'),
            key: 'cureRate',
            width: 180,
            render: (_: unknown, r) => (
              <span className="hk-num" data-testid="cure-rate">
                {formatRateWithInterval(r.cureRate, r.cureRateInterval, locale)}
              </span>
            ),
          },
          {
            title: t('experiments.results.recovered'),
            dataIndex: 'recoveredFen',
            width: 130,
            align: 'right',
            render: (_: unknown, r) => <span className="hk-num">{formatCny(r.recoveredFen)}</span>,
          },
          {
            title: t('experiments.results.meanRecovered'),
            key: 'meanRecovered',
            width: 110,
            align: 'right',
            render: (_: unknown, r) => (
              <span className="hk-num">
                {r.meanRecoveredFen === null ? '—' : formatCny(r.meanRecoveredFen)}
              </span>
            ),
          },
          {
            title: t('experiments.results.contactsPerCase'),
            key: 'contactsPerCase',
            width: 90,
            align: 'right',
            render: (_: unknown, r) => (
              <span className="hk-num">
                {r.contactsPerCase === null ? '—' : formatDecimal(r.contactsPerCase, 2, locale)}
              </span>
            ),
          },
          {
            title: t('experiments.results.versusChampion'),
            key: 'versus',
            width: 170,
            render: (_: unknown, r) => <VersusChampion result={r} />,
          },
        ]}
      />
      <Typography.Paragraph type="secondary" className="hk-experiments-note hk-experiments-footnote">
        {t('experiments.results.note')}
      </Typography.Paragraph>
    </Card>
  );
}

/** The A/A check: do the open cases fall into the arms as their shares say? */
function AaCheckCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const check = useApiQuery<AaCheck>(`/api/v1/experiments/${encodeURIComponent(code)}/aa-check`);
  const data = check.data;
  return (
    <Card
      size="small"
      title={t('experiments.aa.title')}
      extra={
        <Button
          size="small"
          icon={<ReloadOutlined aria-hidden />}
          onClick={check.reload}
          loading={check.loading}
          aria-label={t('experiments.aa.rerun')}
        >
          {t('experiments.aa.rerun')}
        </Button>
      }
    >
      <div className="hk-stack" data-testid="aa-check">
        <Typography.Text type="secondary" className="hk-experiments-small">
          {t('experiments.aa.hint')}
        </Typography.Text>
        {check.error ? <ApiErrorAlert error={check.error} onRetry={check.reload} /> : null}
        {!data && !check.error ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
        {data ? (
          <>
            <Alert
              type={data.fits ? 'success' : 'warning'}
              showIcon
              data-testid="aa-verdict"
              data-fits={String(data.fits)}
              title={data.fits ? t('experiments.aa.fits') : t('experiments.aa.notFits')}
              description={
                <span className="hk-num">
                  {t('experiments.aa.statistic', {
                    statistic: formatDecimal(data.statistic, 3, locale),
                    df: data.degreesOfFreedom,
                    critical: formatDecimal(data.criticalValue, 3, locale),
                  })}
                  {' · '}p {formatPValue(data.pValue)}
                  {' · '}
                  {t('experiments.aa.ids', { count: data.ids })}
                </span>
              }
            />
            <Table
              rowKey={(a) => a.variantId ?? '__holdout'}
              size="small"
              pagination={false}
              dataSource={data.arms}
              className="hk-experiments-arms"
              columns={[
                {
                  title: t('experiments.aa.arm'),
                  key: 'arm',
                  render: (_: unknown, a) => (
                    <span className="hk-mono">{a.variantId ?? t('experiments.holdout')}</span>
                  ),
                },
                {
                  title: t('experiments.aa.expected'),
                  dataIndex: 'expected',
                  align: 'right',
                  render: (n: number) => <span className="hk-num">{formatDecimal(n, 1, locale)}</span>,
                },
                {
                  title: t('experiments.aa.observed'),
                  dataIndex: 'observed',
                  align: 'right',
                  render: (n: number) => <span className="hk-num">{n}</span>,
                },
              ]}
            />
          </>
        ) : null}
      </div>
    </Card>
  );
}

/**
 * One experiment: its settings, the results per variant, the A/A check of the split and, for
 * strategy.manage while it runs, the stop button. Mount it with key={code}.
 */
export function ExperimentDetail({ code, onChanged }: { code: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const results = useApiQuery<ExperimentResults>(`/api/v1/experiments/${encodeURIComponent(code)}/results`);
  const [stopping, setStopping] = useState(false);
  const experiment: Experiment | undefined = results.data?.experiment;

  const stop = async () => {
    setStopping(true);
    try {
      await apiRequest<Experiment>('POST', `/api/v1/experiments/${encodeURIComponent(code)}/stop`);
      void message.success(t('experiments.stoppedDone', { code }));
      results.reload();
      onChanged();
    } catch (cause) {
      void message.error(errorText(cause));
    } finally {
      setStopping(false);
    }
  };

  if (!results.data) {
    return results.error ? (
      <ApiErrorAlert error={results.error} onRetry={results.reload} />
    ) : (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 5 }} />
      </Card>
    );
  }

  return (
    <div className="hk-stack" data-testid="experiment-detail" data-experiment-code={code}>
      {results.error ? <ApiErrorAlert error={results.error} onRetry={results.reload} /> : null}
      <Card
        size="small"
        title={
          <span>
            {t('experiments.detailTitle')} <span className="hk-mono">{code}</span>
          </span>
        }
        extra={
          <Space>
            <Button
              size="small"
              icon={<ReloadOutlined aria-hidden />}
              onClick={results.reload}
              loading={results.loading}
            >
              {t('common.refresh')}
            </Button>
            {can('strategy.manage') && experiment?.status === 'running' ? (
              <Popconfirm
                title={t('experiments.stopConfirm', { code })}
                description={t('experiments.stopBody')}
                okText={t('experiments.stop')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={stop}
              >
                <Button
                  size="small"
                  danger
                  icon={<StopOutlined aria-hidden />}
                  loading={stopping}
                  data-testid="stop-experiment"
                >
                  {t('experiments.stop')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        }
      >
        {experiment ? (
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 3 }}
            items={[
              {
                key: 'segment',
                label: t('experiments.segment'),
                children: <SegmentName code={experiment.segmentCode} />,
              },
              {
                key: 'status',
                label: t('experiments.status'),
                children: <ExperimentStatusTag status={experiment.status} />,
              },
              {
                key: 'createdBy',
                label: t('experiments.createdBy'),
                children: <span className="hk-mono">{experiment.createdBy ?? '—'}</span>,
              },
              {
                key: 'startedOn',
                label: t('experiments.startedOn'),
                children: <span className="hk-num">{experiment.startedOn}</span>,
              },
              {
                key: 'stoppedOn',
                label: t('experiments.stoppedOn'),
                children: <span className="hk-num">{experiment.stoppedOn ?? '—'}</span>,
              },
              {
                key: 'split',
                label: t('experiments.split'),
                children: <SplitText experiment={experiment} />,
              },
              {
                key: 'versions',
                label: t('experiments.versions'),
                span: 'filled',
                children: (
                  <ul className="hk-experiments-versions">
                    {experiment.variants.map((v) => (
                      <li key={v.id}>
                        <span className="hk-mono">{v.id}</span>:{' '}
                        <span className="hk-mono hk-experiments-small">{v.strategyVersionId ?? '—'}</span>
                      </li>
                    ))}
                    {experiment.holdoutShareBps > 0 ? (
                      <li>
                        {t('experiments.holdout')}: {t('experiments.holdoutStrategy')}
                      </li>
                    ) : null}
                  </ul>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
      <ResultsCard results={results.data} />
      <AaCheckCard code={code} />
    </div>
  );
}
