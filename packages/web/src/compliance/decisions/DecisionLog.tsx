import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import { useFormatInstant } from '../../system/useFormatInstant';
import { useSystemInfo } from '../../system/useSystemInfo';
import { useLabel, useLocalized } from '../labels';
import type { PickedDate } from '../shared/PickedDate';
import { CONTACT_CHANNELS, DECISION_PATHS, type GateDecisionRecord } from '../types';
import { DecisionDetail } from './DecisionDetail';
import { useCursorList } from './useCursorList';

const PAGE_SIZE = 50;

interface FilterFields {
  allowed?: 'true' | 'false';
  ruleId?: string;
  path?: string;
  channel?: string;
  customerRef?: string;
  range?: [PickedDate | null, PickedDate | null] | null;
}

type DecisionQuery = Record<string, string | number | null>;

function toQuery(fields: FilterFields, deniedOnly: boolean): DecisionQuery {
  const [from, to] = fields.range ?? [null, null];
  return {
    allowed: deniedOnly ? 'false' : (fields.allowed ?? null),
    ruleId: fields.ruleId?.trim() || null,
    path: fields.path ?? null,
    channel: fields.channel ?? null,
    customerRef: fields.customerRef?.trim() || null,
    from: from ? from.format('YYYY-MM-DD') : null,
    to: to ? to.format('YYYY-MM-DD') : null,
    limit: PAGE_SIZE,
  };
}

/**
 * 决策日志 the compliance gate's decisions, newest first, with filters and "load more".
 * With `deniedOnly` it is 拦截记录, the blocked attempts: the same list fixed to allowed=false.
 * A row opens to the facts the gate judged, their hash and the rule's citation.
 */
export function DecisionLog({ deniedOnly = false }: { deniedOnly?: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const localized = useLocalized();
  const formatInstant = useFormatInstant();
  const { timeZone } = useSystemInfo();
  const [form] = Form.useForm<FilterFields>();
  const [query, setQuery] = useState<DecisionQuery>(() => toQuery({}, deniedOnly));
  const list = useCursorList<GateDecisionRecord>('/api/v1/compliance/decisions', query);
  const testId = deniedOnly ? 'blocked-attempts' : 'decision-log';

  return (
    <div className="hk-stack" data-testid={testId}>
      <Card size="small">
        <Form<FilterFields>
          form={form}
          name={deniedOnly ? 'blocked-filter' : 'decision-filter'}
          layout="inline"
          className="hk-filter-form"
          onFinish={(fields) => setQuery(toQuery(fields, deniedOnly))}
        >
          {deniedOnly ? null : (
            <Form.Item label={t('compliance.decisions.result')} name="allowed">
              <Select
                allowClear
                placeholder={t('compliance.decisions.anyResult')}
                style={{ width: 110 }}
                options={[
                  { value: 'true', label: t('compliance.decisions.allowed') },
                  { value: 'false', label: t('compliance.decisions.denied') },
                ]}
              />
            </Form.Item>
          )}
          <Form.Item label={t('compliance.decisions.ruleId')} name="ruleId">
            <Input allowClear placeholder="cn.quiet-hours" style={{ width: 170 }} className="hk-mono" />
          </Form.Item>
          <Form.Item label={t('compliance.decisions.path')} name="path">
            <Select
              allowClear
              placeholder={t('compliance.decisions.any')}
              style={{ width: 120 }}
              options={DECISION_PATHS.map((p) => ({ value: p, label: label('paths', p) }))}
            />
          </Form.Item>
          <Form.Item label={t('compliance.decisions.channel')} name="channel">
            <Select
              allowClear
              placeholder={t('compliance.decisions.any')}
              style={{ width: 110 }}
              options={CONTACT_CHANNELS.map((c) => ({ value: c, label: label('channels', c) }))}
            />
          </Form.Item>
          <Form.Item label={t('compliance.decisions.customerRef')} name="customerRef">
            <Input allowClear style={{ width: 130 }} className="hk-mono" />
          </Form.Item>
          <Form.Item label={t('compliance.decisions.dates')} name="range">
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              style={{ width: 250 }}
              aria-label={t('compliance.decisions.dates')}
            />
          </Form.Item>
          <Form.Item>
            <div className="hk-filter-buttons">
              <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
                {t('compliance.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setQuery(toQuery({}, deniedOnly));
                }}
              >
                {t('compliance.reset')}
              </Button>
              <Tooltip title={t('common.refresh')}>
                <Button
                  icon={<ReloadOutlined aria-hidden />}
                  onClick={list.reload}
                  loading={list.loading}
                  aria-label={t('common.refresh')}
                />
              </Tooltip>
            </div>
          </Form.Item>
        </Form>
      </Card>
      {list.error ? <ApiErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Card
        size="small"
        title={deniedOnly ? t('compliance.decisions.blockedTitle') : t('compliance.decisions.title')}
        extra={<Typography.Text type="secondary">{t('compliance.timesIn', { timeZone })}</Typography.Text>}
      >
        <Table<GateDecisionRecord>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 1400 }}
          data-testid={`${testId}-table`}
          locale={{
            emptyText: deniedOnly ? t('compliance.decisions.noBlocked') : t('compliance.decisions.none'),
          }}
          expandable={{ expandedRowRender: (d) => <DecisionDetail decision={d} /> }}
          columns={[
            {
              title: t('compliance.decisions.time'),
              dataIndex: 'decidedAt',
              width: 165,
              render: (at: string) => <span className="hk-num">{formatInstant(at)}</span>,
            },
            {
              title: t('compliance.decisions.path'),
              dataIndex: 'path',
              width: 90,
              render: (p: string) => label('paths', p),
            },
            {
              title: t('compliance.decisions.channel'),
              dataIndex: 'channel',
              width: 80,
              render: (c: string) => label('channels', c),
            },
            {
              title: t('compliance.decisions.partyRole'),
              dataIndex: 'partyRole',
              width: 100,
              render: (r: string) => label('partyRoles', r),
            },
            {
              title: t('compliance.decisions.customerRef'),
              dataIndex: 'customerRef',
              width: 110,
              render: (ref: string) => <span className="hk-mono">{ref}</span>,
            },
            {
              title: t('compliance.decisions.actor'),
              key: 'actor',
              width: 120,
              render: (_: unknown, d) =>
                d.actor ? (
                  <span className="hk-mono">
                    {d.actor}
                    {d.agency ? ` · ${d.agency}` : ''}
                  </span>
                ) : (
                  <Tag>{t('compliance.decisions.system')}</Tag>
                ),
            },
            {
              title: t('compliance.decisions.result'),
              key: 'result',
              width: 190,
              render: (_: unknown, d) =>
                d.allowed ? (
                  <Tag color="green">{t('compliance.decisions.allowed')}</Tag>
                ) : (
                  <Tag color="red" data-testid="decision-denied">
                    {t('compliance.decisions.denied')}
                    {d.ruleId ? <span className="hk-mono"> · {d.ruleId}</span> : null}
                  </Tag>
                ),
            },
            {
              title: t('compliance.decisions.reason'),
              dataIndex: 'reason',
              render: (reason: GateDecisionRecord['reason']) => (reason ? localized(reason) : '—'),
            },
            {
              title: t('compliance.decisions.nextAllowedAt'),
              dataIndex: 'nextAllowedAt',
              width: 165,
              render: (at: string | null) => (at ? <span className="hk-num">{formatInstant(at)}</span> : '—'),
            },
            {
              title: t('compliance.decisions.packVersion'),
              key: 'pack',
              width: 120,
              render: (_: unknown, d) => (
                <span className="hk-mono">
                  {/* Version labels name their pack (cn@2026.1+r2); older ones may not. */}
                  {d.packVersion.startsWith(`${d.packCode}@`)
                    ? d.packVersion
                    : `${d.packCode} ${d.packVersion}`}
                </span>
              ),
            },
          ]}
        />
        <div className="hk-pager">
          <Typography.Text type="secondary">
            {t('compliance.decisions.shown', { count: list.items.length })}
          </Typography.Text>
          <Button
            onClick={list.loadMore}
            disabled={!list.hasMore || list.loading}
            loading={list.loadingMore}
            data-testid={`${testId}-more`}
          >
            {list.hasMore ? t('compliance.loadMore') : t('compliance.noMore')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
