import { ExperimentOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { PageHeader } from '../app/PageHeader';
import { useSession } from '../auth/useSession';
import { ExperimentDetail } from './ExperimentDetail';
import { ExperimentStatusTag, SegmentName, SplitText } from './parts';
import { StartExperimentModal } from './StartExperimentModal';
import type { Experiment } from './types';
import './experiments.css';

const experimentPath = (code: string) => `/experiments/${encodeURIComponent(code)}`;

/**
 * 冠军/挑战者 champion/challenger experiments (strategy.read): the experiments, newest first;
 * one opened at /experiments/:code with its results per variant and the A/A check of its
 * split. strategy.manage starts an experiment and stops a running one.
 */
export function ExperimentsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { code } = useParams();
  const navigate = useNavigate();
  const [starting, setStarting] = useState(false);
  const list = useApiQuery<ListResponse<Experiment>>('/api/v1/experiments');
  const experiments = list.data?.items ?? [];
  const canManage = can('strategy.manage');

  return (
    <div className="hk-stack">
      <PageHeader
        title={t('experiments.title')}
        description={t('experiments.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={list.reload} loading={list.loading}>
              {t('common.refresh')}
            </Button>
            {canManage ? (
              <Button
                type="primary"
                icon={<ExperimentOutlined aria-hidden />}
                onClick={() => setStarting(true)}
                data-testid="start-experiment-button"
              >
                {t('experiments.start')}
              </Button>
            ) : null}
          </>
        }
      />
      {canManage ? null : (
        <Typography.Text type="secondary" data-testid="experiments-read-only">
          {t('experiments.readOnly')}
        </Typography.Text>
      )}
      {list.error ? <ApiErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Card size="small" title={t('experiments.list', { count: experiments.length })}>
        <Table<Experiment>
          rowKey="code"
          size="small"
          loading={list.loading && !list.data}
          dataSource={experiments}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 980 }}
          data-testid="experiments-table"
          rowClassName={(e) => (e.code === code ? 'hk-experiments-row-selected' : '')}
          locale={{ emptyText: t('experiments.none') }}
          columns={[
            {
              title: t('experiments.code'),
              dataIndex: 'code',
              width: 200,
              render: (c: string) => (
                <Link
                  to={experimentPath(c)}
                  className="hk-mono"
                  aria-label={t('experiments.open', { code: c })}
                  aria-current={c === code ? 'page' : undefined}
                >
                  {c}
                </Link>
              ),
            },
            {
              title: t('experiments.segment'),
              dataIndex: 'segmentCode',
              width: 190,
              render: (s: string) => <SegmentName code={s} />,
            },
            {
              title: t('experiments.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: string) => <ExperimentStatusTag status={s} />,
            },
            {
              title: t('experiments.split'),
              key: 'split',
              render: (_: unknown, e) => <SplitText experiment={e} />,
            },
            {
              title: t('experiments.period'),
              key: 'period',
              width: 190,
              render: (_: unknown, e) => (
                <span className="hk-num">
                  {e.startedOn} – {e.stoppedOn ?? t('experiments.ongoing')}
                </span>
              ),
            },
            {
              title: t('experiments.createdBy'),
              dataIndex: 'createdBy',
              width: 110,
              render: (u: string | null) => <span className="hk-mono">{u ?? '—'}</span>,
            },
          ]}
        />
      </Card>

      {code ? (
        <ExperimentDetail key={code} code={code} onChanged={list.reload} />
      ) : experiments.length > 0 ? (
        <Card size="small">
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={<Typography.Text type="secondary">{t('experiments.pick')}</Typography.Text>}
          />
        </Card>
      ) : null}

      {canManage ? (
        <StartExperimentModal
          open={starting}
          onClose={() => setStarting(false)}
          onStarted={(started) => {
            setStarting(false);
            list.reload();
            navigate(experimentPath(started.code));
          }}
        />
      ) : null}
    </div>
  );
}
