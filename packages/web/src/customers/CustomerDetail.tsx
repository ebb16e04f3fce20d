import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Skeleton, Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { useApiQuery } from '../api/useApiQuery';
import { useSession } from '../auth/useSession';
import { ContactsTable } from './ContactsTable';
import { CustomerHolds } from './CustomerHolds';
import { maskedPiiItems } from './maskedPiiItems';
import type { Customer } from './types';
import { useReveals } from './useReveals';

/** Yes as a coloured tag, no as plain text. */
function Flag({ on, color, text, testId }: { on: boolean; color: string; text: string; testId: string }) {
  const { t } = useTranslation();
  return on ? (
    <Tag color={color} data-testid={testId}>
      {text}
    </Tag>
  ) : (
    <span data-testid={testId}>{t('customers.no')}</span>
  );
}

/**
 * One customer: identity and region, time zones, the deceased and vulnerable flags, the masked
 * ID number, mobile and address (revealable one at a time with pii.reveal), the contacts, and
 * the active holds for users who read compliance. Mount it with key={ref}: revealed values
 * belong to one customer and go when another is opened.
 */
export function CustomerDetail({ customerRef }: { customerRef: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const canReveal = can('pii.reveal');
  const query = useApiQuery<Customer>(`/api/v1/customers/${encodeURIComponent(customerRef)}`);
  const reveals = useReveals(customerRef);
  const customer = query.data;

  if (!customer) {
    return query.error ? (
      <ApiErrorAlert error={query.error} onRetry={query.reload} />
    ) : (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }

  const gender =
    customer.gender === 'M' || customer.gender === 'F'
      ? t(`customers.genders.${customer.gender}`)
      : (customer.gender ?? '—');
  const region = [customer.province, customer.city].filter(Boolean).join(' ') || '—';
  const [primaryZone, ...otherZones] = customer.timeZones;

  return (
    <div className="hk-stack" data-testid="customer-detail" data-customer-ref={customer.ref}>
      {query.error ? <ApiErrorAlert error={query.error} onRetry={query.reload} /> : null}
      <Card
        size="small"
        title={
          <span>
            {customer.name} <span className="hk-mono hk-customer-ref">{customer.ref}</span>
          </span>
        }
        extra={
          <Button
            size="small"
            icon={<ReloadOutlined aria-hidden />}
            onClick={query.reload}
            loading={query.loading}
          >
            {t('common.refresh')}
          </Button>
        }
      >
        <Alert
          type="info"
          showIcon
          className="hk-customer-note"
          data-testid="pii-notice"
          title={canReveal ? t('customers.pii.notice') : t('customers.pii.noticeNoReveal')}
        />
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          data-testid="customer-fields"
          items={[
            {
              key: 'ref',
              label: t('customers.ref'),
              children: (
                <span className="hk-mono" data-testid="customer-ref">
                  {customer.ref}
                </span>
              ),
            },
            {
              key: 'name',
              label: t('customers.name'),
              children: <span data-testid="customer-name">{customer.name}</span>,
            },
            { key: 'gender', label: t('customers.gender'), children: gender },
            {
              key: 'birthDate',
              label: t('customers.birthDate'),
              children: <span className="hk-num">{customer.birthDate ?? '—'}</span>,
            },
            { key: 'region', label: t('customers.region'), children: region },
            {
              key: 'timeZones',
              label: t('customers.timeZones'),
              children: (
                <Space size={4} wrap>
                  {primaryZone ? (
                    <Tooltip title={t('customers.primaryTimeZone')}>
                      <Tag color="blue" className="hk-mono" tabIndex={0}>
                        {primaryZone}
                      </Tag>
                    </Tooltip>
                  ) : (
                    '—'
                  )}
                  {otherZones.map((zone) => (
                    <Tooltip key={zone} title={t('customers.otherTimeZone')}>
                      <Tag className="hk-mono" tabIndex={0}>
                        {zone}
                      </Tag>
                    </Tooltip>
                  ))}
                </Space>
              ),
            },
            {
              key: 'deceased',
              label: t('customers.deceased'),
              children: (
                <Flag
                  on={customer.deceased}
                  color="default"
                  text={t('customers.deceasedTag')}
                  testId="customer-deceased"
                />
              ),
            },
            {
              key: 'vulnerable',
              label: t('customers.vulnerable'),
              children: (
                <Tooltip title={customer.vulnerable ? t('customers.vulnerableHint') : undefined}>
                  <span>
                    <Flag
                      on={customer.vulnerable}
                      color="orange"
                      text={t('customers.vulnerableTag')}
                      testId="customer-vulnerable"
                    />
                  </span>
                </Tooltip>
              ),
            },
            ...maskedPiiItems(customer, reveals, canReveal, t),
          ]}
        />
      </Card>

      {can('compliance.read') ? <CustomerHolds customerRef={customer.ref} /> : null}

      <Card size="small" title={t('customers.contacts.title', { count: customer.contacts.length })}>
        <ContactsTable contacts={customer.contacts} reveals={reveals} canReveal={canReveal} />
      </Card>
    </div>
  );
}
