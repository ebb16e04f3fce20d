import { Card, Descriptions, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { PageHeader } from '../app/PageHeader';
import { useSession } from '../auth/useSession';
import { BusinessDateForm } from './BusinessDateForm';
import { useSystemInfo } from './useSystemInfo';

/** 系统设置 the institution's settings: business date, time zone, version and database. */
export function SystemPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { info, error, reload } = useSystemInfo();

  return (
    <div className="hk-stack">
      <PageHeader title={t('system.title')} />
      {error ? <ApiErrorAlert error={error} onRetry={reload} /> : null}
      <Card size="small" title={t('system.info')}>
        {info ? (
          <Descriptions
            size="small"
            column={2}
            bordered
            items={[
              { key: 'institutionName', label: t('system.institutionName'), children: info.institutionName },
              {
                key: 'businessDate',
                label: t('system.businessDate'),
                children: (
                  <span className="hk-mono" data-testid="system-business-date">
                    {info.businessDate}
                  </span>
                ),
              },
              { key: 'timeZone', label: t('system.timeZone'), children: info.timeZone },
              {
                key: 'version',
                label: t('system.version'),
                children: <span className="hk-mono">{info.version}</span>,
              },
              {
                key: 'databaseMode',
                label: t('system.databaseMode'),
                children: t(`system.databaseModes.${info.databaseMode}`),
              },
            ]}
          />
        ) : (
          <Skeleton active paragraph={{ rows: 3 }} />
        )}
      </Card>
      {info && can('system.business_date.set') ? (
        <Card size="small" title={t('system.moveTitle')}>
          <BusinessDateForm currentDate={info.businessDate} onMoved={reload} />
        </Card>
      ) : null}
    </div>
  );
}
