import { AuditOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RevealRequest } from './types';
import { type Reveals, revealKey } from './useReveals';

/**
 * A masked personal-data value (138****5678) with 查看 / 隐藏 for users allowed to reveal it.
 * Users without pii.reveal see the masked value and no button. A revealed value shows in place
 * with a note that the reveal went into the audit trail.
 */
export function MaskedValue({
  masked,
  label,
  request,
  reveals,
  canReveal,
  testId,
}: {
  masked: string | null;
  /** What the value is, for the buttons' accessible names ("the mobile number"). */
  label: string;
  request: RevealRequest;
  reveals: Reveals;
  canReveal: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  if (masked === null || masked === '') return <span data-testid={`pii-${testId}`}>—</span>;
  const key = revealKey(request);
  const clear = reveals.valueOf(key);
  const revealed = clear !== undefined;

  return (
    <span className="hk-pii" data-testid={`pii-${testId}`} data-revealed={revealed ? 'true' : 'false'}>
      <span
        className={`hk-mono hk-pii-value${revealed ? ' hk-pii-clear' : ''}`}
        data-testid="pii-value"
        aria-live="polite"
      >
        {revealed ? clear : masked}
      </span>
      {canReveal && !revealed ? (
        <Button
          size="small"
          type="link"
          className="hk-pii-button"
          icon={<EyeOutlined aria-hidden />}
          loading={reveals.pendingOf(key)}
          onClick={() => void reveals.reveal(request)}
          aria-label={t('customers.pii.revealField', { field: label })}
          data-testid={`reveal-${testId}`}
        >
          {t('customers.pii.reveal')}
        </Button>
      ) : null}
      {canReveal && revealed ? (
        <>
          <Button
            size="small"
            type="link"
            className="hk-pii-button"
            icon={<EyeInvisibleOutlined aria-hidden />}
            onClick={() => reveals.hide(key)}
            aria-label={t('customers.pii.hideField', { field: label })}
            data-testid={`hide-${testId}`}
          >
            {t('customers.pii.hide')}
          </Button>
          <Tooltip title={t('customers.pii.recordedHint')}>
            <span className="hk-pii-note" data-testid="pii-recorded">
              <AuditOutlined aria-hidden /> {t('customers.pii.recorded')}
            </span>
          </Tooltip>
        </>
      ) : null}
    </span>
  );
}
