import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../api/types';

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  const { t } = useTranslation();
  const empty = value === null || value === undefined;
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <Typography.Text strong>{label}</Typography.Text>
      </figcaption>
      <pre className="hk-json hk-mono">{empty ? t('audit.empty') : JSON.stringify(value, null, 2)}</pre>
    </figure>
  );
}

/** The before / after state an audit event recorded, side by side. */
export function AuditEventDetail({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  return (
    <div className="hk-json-pair">
      <JsonBlock label={t('audit.before')} value={event.before} />
      <JsonBlock label={t('audit.after')} value={event.after} />
    </div>
  );
}
