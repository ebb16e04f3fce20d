import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { CASE_CLOSE_REASONS } from '@huikuan/domain';
import {
  Alert,
  App as AntApp,
  Button,
  Checkbox,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { AnalyticsSettings, SettingsSaved } from './types';

const CHANNELS = ['call', 'sms', 'push', 'email', 'visit', 'letter', 'im'] as const;

type Bucket = AnalyticsSettings['buckets'][number];

/** Bucket edges from each bucket's lower edge: the upper edge is the next one's minus 1, the last open. */
function withUpperEdges(buckets: Bucket[]): Bucket[] {
  return buckets.map((b, i) => {
    const next = buckets[i + 1];
    return { ...b, maxDpd: next ? next.minDpd - 1 : null };
  });
}

/**
 * 统计口径 the analytics settings (strategy.manage): bucket edges and the denominators and bases
 * institutions define differently. Saved with PUT /analytics/settings (the server validates with
 * the domain's schema); when the change makes the stored rollups stale, a rebuild of the period
 * in view is offered.
 */
export function SettingsDrawer({
  open,
  settings,
  rebuildRange,
  onClose,
  onSaved,
}: {
  open: boolean;
  settings: AnalyticsSettings | undefined;
  rebuildRange: { from: string; to: string };
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [draft, setDraft] = useState<AnalyticsSettings | undefined>(settings);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rebuildNeeded, setRebuildNeeded] = useState(false);
  const [rebuilding, setRebuilding] = useState(false);
  // Stable keys of the bucket rows while they are added and removed (codes change as typed).
  const nextId = useRef(0);
  const [rowIds, setRowIds] = useState<number[]>([]);

  useEffect(() => {
    if (open) {
      setDraft(settings);
      setRowIds((settings?.buckets ?? []).map(() => nextId.current++));
      setError(null);
    }
  }, [open, settings]);

  if (!draft) return null;
  const s = (key: string) => t(`analytics.settings.${key}` as never) as string;
  const v = (value: string) => t(`analytics.settings.values.${value}` as never) as string;
  const options = (values: readonly string[]) => values.map((x) => ({ value: x, label: v(x) }));
  const patch = <K extends keyof AnalyticsSettings>(key: K, value: Partial<AnalyticsSettings[K]>) =>
    setDraft((d) =>
      d ? { ...d, [key]: Array.isArray(value) ? value : { ...(d[key] as object), ...value } } : d,
    );
  const setBuckets = (buckets: Bucket[], ids: number[] = rowIds) => {
    setRowIds(ids);
    setDraft((d) => (d ? { ...d, buckets: withUpperEdges(buckets) } : d));
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await apiRequest<SettingsSaved>('PUT', '/api/v1/analytics/settings', { body: draft });
      setRebuildNeeded(saved.rebuildNeeded);
      void message.success(s('saved'));
      onSaved();
    } catch (cause) {
      setError(cause);
    } finally {
      setSaving(false);
    }
  };

  const rebuild = async () => {
    setRebuilding(true);
    setError(null);
    try {
      const done = await apiRequest<{ days: number }>('POST', '/api/v1/analytics/rollups/rebuild', {
        body: rebuildRange,
      });
      setRebuildNeeded(false);
      void message.success(t('analytics.settings.rebuilt', { days: done.days }));
      onSaved();
    } catch (cause) {
      setError(cause);
    } finally {
      setRebuilding(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={560}
      title={s('title')}
      data-testid="analytics-settings"
      extra={
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="settings-save">
          {s('save')}
        </Button>
      }
    >
      <div className="hk-stack">
        <Typography.Text type="secondary">{s('description')}</Typography.Text>
        {error ? <ApiErrorAlert error={error} /> : null}
        {rebuildNeeded ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            title={s('rebuildNeeded')}
            action={
              <Button
                size="small"
                loading={rebuilding}
                onClick={() => void rebuild()}
                data-testid="settings-rebuild"
              >
                {t('analytics.settings.rebuild', rebuildRange)}
              </Button>
            }
          />
        ) : null}
        <Form layout="vertical" size="small">
          <fieldset className="hk-settings-buckets">
            <legend>{s('buckets')}</legend>
            {draft.buckets.map((b, i) => (
              <Space key={rowIds[i] ?? b.code} align="center" className="hk-settings-bucket">
                <Input
                  aria-label={`${s('bucketCode')} ${i + 1}`}
                  value={b.code}
                  style={{ width: 80 }}
                  onChange={(e) =>
                    setBuckets(draft.buckets.map((x, j) => (j === i ? { ...x, code: e.target.value } : x)))
                  }
                />
                <InputNumber
                  aria-label={`${s('bucketMin')} ${b.code}`}
                  min={0}
                  value={b.minDpd}
                  disabled={i === 0}
                  style={{ width: 90 }}
                  onChange={(n) =>
                    setBuckets(draft.buckets.map((x, j) => (j === i ? { ...x, minDpd: Number(n ?? 0) } : x)))
                  }
                />
                <span className="hk-num">{b.maxDpd === null ? `– ${s('openTop')}` : `– ${b.maxDpd}`}</span>
                {i > 0 && draft.buckets.length > 2 ? (
                  <Button
                    type="text"
                    size="small"
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={t('analytics.settings.removeBucket', { code: b.code })}
                    onClick={() =>
                      setBuckets(
                        draft.buckets.filter((_, j) => j !== i),
                        rowIds.filter((_, j) => j !== i),
                      )
                    }
                  />
                ) : null}
              </Space>
            ))}
            <Button
              size="small"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => {
                const last = draft.buckets.at(-1);
                setBuckets(
                  [
                    ...draft.buckets,
                    { code: `M${draft.buckets.length}`, minDpd: (last?.minDpd ?? 0) + 30, maxDpd: null },
                  ],
                  [...rowIds, nextId.current++],
                );
              }}
            >
              {s('addBucket')}
            </Button>
          </fieldset>
          <Divider />
          <Form.Item label={s('decimalPlaces')}>
            <InputNumber
              aria-label={s('decimalPlaces')}
              min={0}
              max={12}
              value={draft.decimalPlaces}
              onChange={(n) => setDraft({ ...draft, decimalPlaces: Number(n ?? 4) })}
            />
          </Form.Item>
          <Form.Item label={s('flowBasis')}>
            <Select
              aria-label={s('flowBasis')}
              value={draft.flow.basis}
              options={options(['balance', 'count'])}
              onChange={(x) => patch('flow', { basis: x })}
            />
          </Form.Item>
          <Form.Item label={s('multiplierTo')}>
            <Select
              aria-label={s('multiplierTo')}
              value={draft.flow.multiplierTo ?? ''}
              options={[
                { value: '', label: s('lastBucket') },
                ...draft.buckets.slice(1).map((b) => ({ value: b.code, label: b.code })),
              ]}
              onChange={(x: string) => patch('flow', { multiplierTo: x === '' ? null : x })}
            />
          </Form.Item>
          <Form.Item label={s('entryMode')}>
            <Select
              aria-label={s('entryMode')}
              value={draft.entry.mode}
              options={options(['first-day', 'period'])}
              onChange={(x) => patch('entry', { mode: x })}
            />
          </Form.Item>
          <Form.Item label={s('entryBasis')}>
            <Select
              aria-label={s('entryBasis')}
              value={draft.entry.basis}
              options={options(['amount', 'count'])}
              onChange={(x) => patch('entry', { basis: x })}
            />
          </Form.Item>
          <Form.Item label={s('entryDenominator')}>
            <Select
              aria-label={s('entryDenominator')}
              value={draft.entry.denominator}
              options={options(['all-due', 'current-due'])}
              onChange={(x) => patch('entry', { denominator: x })}
            />
          </Form.Item>
          <Form.Item label={s('graceDays')}>
            <InputNumber
              aria-label={s('graceDays')}
              min={0}
              max={30}
              value={draft.entry.graceDays}
              onChange={(n) => patch('entry', { graceDays: Number(n ?? 0) })}
            />
          </Form.Item>
          <Form.Item label={s('cureReasons')}>
            <Checkbox.Group
              value={draft.cure.reasons}
              options={options(CASE_CLOSE_REASONS)}
              onChange={(x) => patch('cure', { reasons: x as AnalyticsSettings['cure']['reasons'] })}
            />
          </Form.Item>
          <Form.Item label={s('recoveryBasis')}>
            <Select
              aria-label={s('recoveryBasis')}
              value={draft.recovery.basis}
              options={options(['amount', 'count'])}
              onChange={(x) => patch('recovery', { basis: x })}
            />
          </Form.Item>
          <Form.Item label={s('settledReasons')}>
            <Checkbox.Group
              value={draft.recovery.settledReasons}
              options={options(CASE_CLOSE_REASONS)}
              onChange={(x) =>
                patch('recovery', { settledReasons: x as AnalyticsSettings['recovery']['settledReasons'] })
              }
            />
          </Form.Item>
          <Form.Item label={s('dpdThreshold')}>
            <InputNumber
              aria-label={s('dpdThreshold')}
              min={1}
              max={3650}
              value={draft.vintage.dpdThreshold}
              onChange={(n) => patch('vintage', { dpdThreshold: Number(n ?? 31) })}
            />
          </Form.Item>
          <Form.Item label={s('maxMob')}>
            <InputNumber
              aria-label={s('maxMob')}
              min={1}
              max={120}
              value={draft.vintage.maxMob}
              onChange={(n) => patch('vintage', { maxMob: Number(n ?? 24) })}
            />
          </Form.Item>
          <Form.Item label={s('partlyKept')}>
            <Switch
              aria-label={s('partlyKept')}
              checked={draft.promises.partlyKeptCountsAsKept}
              onChange={(x) => patch('promises', { partlyKeptCountsAsKept: x })}
            />
          </Form.Item>
          <Form.Item label={s('attemptChannels')}>
            <Checkbox.Group
              value={draft.contact.attemptChannels}
              options={options(CHANNELS)}
              onChange={(x) =>
                patch('contact', { attemptChannels: x as AnalyticsSettings['contact']['attemptChannels'] })
              }
            />
          </Form.Item>
          <Form.Item label={s('observationMonths')}>
            <InputNumber
              aria-label={s('observationMonths')}
              min={1}
              max={24}
              value={draft.rollRate.observationMonths}
              onChange={(n) => patch('rollRate', { observationMonths: Number(n ?? 6) })}
            />
          </Form.Item>
          <Form.Item label={s('performanceMonths')}>
            <InputNumber
              aria-label={s('performanceMonths')}
              min={1}
              max={24}
              value={draft.rollRate.performanceMonths}
              onChange={(n) => patch('rollRate', { performanceMonths: Number(n ?? 6) })}
            />
          </Form.Item>
          <Form.Item label={s('rollBasis')}>
            <Select
              aria-label={s('rollBasis')}
              value={draft.rollRate.basis}
              options={options(['count', 'balance'])}
              onChange={(x) => patch('rollRate', { basis: x })}
            />
          </Form.Item>
        </Form>
      </div>
    </Drawer>
  );
}
