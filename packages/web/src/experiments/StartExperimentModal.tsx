import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { DEFAULT_STRATEGY } from '@huikuan/domain';
import {
  Alert,
  App as AntApp,
  AutoComplete,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { useLocale } from '../i18n/useLocale';
import { startFormErrorsOf } from './fieldErrors';
import { formatShareTotal, percentToBps } from './format';
import type { Experiment, StartExperimentRequest } from './types';

interface VariantFields {
  id: string;
  sharePercent: number | null;
  strategyVersionId: string;
}

interface StartFields {
  code: string;
  segmentCode: string;
  variants: VariantFields[];
  holdoutPercent?: number | null;
}

/** The server's code format: a letter or digit, then letters, digits, . _ : - (64 at most). */
const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_VARIANTS = 20;

const INITIAL: StartFields = {
  code: '',
  segmentCode: '',
  variants: [
    { id: 'champion', sharePercent: 50, strategyVersionId: '' },
    { id: 'challenger', sharePercent: 50, strategyVersionId: '' },
  ],
  holdoutPercent: null,
};

/**
 * 开始实验 starts a champion/challenger experiment (strategy.manage): its code, the segment whose
 * new cases it splits, the variants — the first is the champion — with their shares typed in
 * percent (sent in basis points) and strategy versions, and an optional holdout. The server's
 * refusals show at the fields they name; "the shares do not add up" shows under the variants.
 */
export function StartExperimentModal({
  open,
  onClose,
  onStarted,
}: {
  open: boolean;
  onClose: () => void;
  onStarted: (experiment: Experiment) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<StartFields>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [variantErrors, setVariantErrors] = useState<string[]>([]);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const variants = Form.useWatch('variants', form) as VariantFields[] | undefined;
  const holdout = Form.useWatch('holdoutPercent', form) as number | null | undefined;
  const total =
    (variants ?? []).reduce((sum, v) => sum + (typeof v?.sharePercent === 'number' ? v.sharePercent : 0), 0) +
    (typeof holdout === 'number' ? holdout : 0);
  const totalBps = percentToBps(total);

  const clearErrors = () => {
    setError(null);
    setVariantErrors([]);
    setOtherErrors([]);
  };

  const submit = async (fields: StartFields) => {
    clearErrors();
    const body: StartExperimentRequest = {
      code: fields.code.trim(),
      segmentCode: fields.segmentCode.trim(),
      variants: fields.variants.map((v) => ({
        id: v.id.trim(),
        shareBps: percentToBps(v.sharePercent ?? 0),
        strategyVersionId: v.strategyVersionId.trim(),
      })),
      ...(typeof fields.holdoutPercent === 'number' && fields.holdoutPercent > 0
        ? { holdoutShareBps: percentToBps(fields.holdoutPercent) }
        : {}),
    };
    setSaving(true);
    try {
      const started = await apiRequest<Experiment>('POST', '/api/v1/experiments', { body });
      void message.success(t('experiments.started', { code: started.code }));
      onStarted(started);
    } catch (cause) {
      const mapped = startFormErrorsOf(cause, locale);
      if (mapped) {
        // Paths come from the server's answer, so they are typed loosely.
        form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
        setVariantErrors(mapped.variants);
        setOtherErrors(mapped.other);
      } else {
        setError(cause);
      }
    } finally {
      setSaving(false);
    }
  };

  const segmentOptions = DEFAULT_STRATEGY.segments.map((s) => ({
    value: s.code,
    label: (
      <span>
        <span className="hk-mono">{s.code}</span> · {s.name[locale]}
      </span>
    ),
  }));

  return (
    <Modal
      open={open}
      width={860}
      style={{ top: 24 }}
      title={t('experiments.startTitle')}
      okText={t('experiments.startOk')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      okButtonProps={{ htmlType: 'submit', loading: saving }}
      destroyOnHidden
      afterClose={clearErrors}
      modalRender={(dom) => (
        <Form<StartFields>
          form={form}
          name="start-experiment"
          layout="vertical"
          clearOnDestroy
          initialValues={INITIAL}
          onFinish={submit}
          onValuesChange={() => {
            if (variantErrors.length > 0) setVariantErrors([]);
          }}
          data-testid="start-experiment-form"
        >
          {dom}
        </Form>
      )}
    >
      {error ? (
        <div className="hk-experiments-form-alert">
          <ApiErrorAlert error={error} />
        </div>
      ) : null}
      {otherErrors.length > 0 ? (
        <Alert
          className="hk-experiments-form-alert"
          type="error"
          showIcon
          role="alert"
          title={otherErrors.join(';')}
        />
      ) : null}
      <div className="hk-experiments-form-row">
        <Form.Item
          label={t('experiments.form.code')}
          name="code"
          extra={t('experiments.form.codeHint')}
          rules={[
            { required: true, whitespace: true, message: t('experiments.form.codeRequired') },
            { pattern: CODE_RE, message: t('experiments.form.codeFormat') },
          ]}
        >
          <Input autoComplete="off" spellCheck={false} maxLength={64} className="hk-mono" autoFocus />
        </Form.Item>
        <Form.Item
          label={t('experiments.form.segmentCode')}
          name="segmentCode"
          extra={t('experiments.form.segmentHint')}
          rules={[{ required: true, whitespace: true, message: t('experiments.form.segmentRequired') }]}
        >
          <AutoComplete options={segmentOptions} className="hk-mono" maxLength={64} />
        </Form.Item>
      </div>

      <fieldset className="hk-experiments-variants" aria-describedby="start-experiment-variants-note">
        <legend>{t('experiments.form.variants')}</legend>
        <Typography.Paragraph
          type="secondary"
          id="start-experiment-variants-note"
          className="hk-experiments-note"
        >
          {t('experiments.form.championNote')}
        </Typography.Paragraph>
        <Form.List name="variants">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row, index) => (
                <div key={row.key} className="hk-experiments-variant" data-testid={`variant-row-${index}`}>
                  <div className="hk-experiments-variant-title">
                    {t('experiments.form.variantN', { index: index + 1 })}
                    {' · '}
                    {index === 0 ? t('experiments.champion') : t('experiments.challenger')}
                  </div>
                  <Form.Item
                    label={t('experiments.form.variantId')}
                    name={[row.name, 'id']}
                    rules={[
                      { required: true, whitespace: true, message: t('experiments.form.variantIdRequired') },
                      { pattern: CODE_RE, message: t('experiments.form.codeFormat') },
                    ]}
                  >
                    <Input autoComplete="off" spellCheck={false} maxLength={64} className="hk-mono" />
                  </Form.Item>
                  <Form.Item
                    label={t('experiments.form.share')}
                    name={[row.name, 'sharePercent']}
                    rules={[{ required: true, message: t('experiments.form.shareRequired') }]}
                  >
                    <InputNumber<number>
                      min={0.01}
                      max={100}
                      step={5}
                      precision={2}
                      suffix="%"
                      className="hk-experiments-share"
                    />
                  </Form.Item>
                  <Form.Item
                    label={t('experiments.form.strategyVersionId')}
                    name={[row.name, 'strategyVersionId']}
                    rules={[
                      {
                        required: true,
                        whitespace: true,
                        message: t('experiments.form.strategyVersionIdRequired'),
                      },
                      { pattern: UUID_RE, message: t('experiments.form.strategyVersionIdFormat') },
                    ]}
                  >
                    <Input
                      autoComplete="off"
                      spellCheck={false}
                      maxLength={36}
                      className="hk-mono"
                      placeholder="00000000-0000-0000-0000-000000000000"
                    />
                  </Form.Item>
                  <Button
                    className="hk-experiments-remove"
                    icon={<DeleteOutlined aria-hidden />}
                    disabled={rows.length <= 1}
                    onClick={() => remove(row.name)}
                    aria-label={t('experiments.form.removeVariant', { index: index + 1 })}
                  />
                </div>
              ))}
              <div className="hk-experiments-variants-foot">
                <Button
                  type="dashed"
                  icon={<PlusOutlined aria-hidden />}
                  disabled={rows.length >= MAX_VARIANTS}
                  onClick={() => add({ id: '', sharePercent: null, strategyVersionId: '' })}
                >
                  {t('experiments.form.addVariant')}
                </Button>
                <Typography.Text
                  type={totalBps === 10_000 ? 'secondary' : 'warning'}
                  data-testid="start-experiment-total"
                >
                  {t('experiments.form.total', { total: formatShareTotal(total, locale) })}
                </Typography.Text>
              </div>
              {variantErrors.length > 0 ? (
                <div className="hk-experiments-variants-error" role="alert" data-testid="variants-error">
                  {variantErrors.map((text) => (
                    <div key={text}>{text}</div>
                  ))}
                </div>
              ) : null}
            </>
          )}
        </Form.List>
      </fieldset>

      <Form.Item
        label={t('experiments.form.holdout')}
        name="holdoutPercent"
        extra={t('experiments.form.holdoutHint')}
      >
        <InputNumber<number>
          min={0}
          max={99.99}
          step={5}
          precision={2}
          suffix="%"
          className="hk-experiments-share"
        />
      </Form.Item>
      <Typography.Paragraph type="secondary" className="hk-experiments-note">
        {t('experiments.form.bpsHint')}
      </Typography.Paragraph>
    </Modal>
  );
}
