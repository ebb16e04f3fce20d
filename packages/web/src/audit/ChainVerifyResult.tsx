import { Alert, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditVerifyResult } from '../api/types';

/** The outcome of verifying the hash chain: intact, or the first broken link and why. */
export function ChainVerifyResult({ result, onClose }: { result: AuditVerifyResult; onClose: () => void }) {
  const { t } = useTranslation();
  const broken = result.firstBroken;
  if (result.ok || !broken) {
    return (
      <Alert
        type="success"
        showIcon
        role="status"
        data-testid="audit-verify-result"
        title={t('audit.verifyOkTitle')}
        description={t('audit.verifyOk', { checked: result.checked })}
        closable={{ onClose }}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="audit-verify-result"
      title={t('audit.verifyBrokenTitle', { seq: broken.seq })}
      closable={{ onClose }}
      description={
        <>
          <div>
            {t('audit.verifyBroken', {
              reason: t(`audit.reasons.${broken.reason}`),
              checked: result.checked,
            })}
          </div>
          {broken.expected || broken.actual ? (
            <Descriptions
              size="small"
              column={1}
              style={{ marginTop: 8 }}
              items={[
                {
                  key: 'expected',
                  label: t('audit.expected'),
                  children: <code>{broken.expected ?? '—'}</code>,
                },
                { key: 'actual', label: t('audit.actual'), children: <code>{broken.actual ?? '—'}</code> },
              ]}
            />
          ) : null}
        </>
      }
    />
  );
}
