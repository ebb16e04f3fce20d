import { Alert, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ContactsTable } from '../customers/ContactsTable';
import { maskedPiiItems } from '../customers/maskedPiiItems';
import type { Customer } from '../customers/types';
import type { Reveals } from '../customers/useReveals';

/** 客户 the debtor with personal data masked; 查看 reveals one field at a time, audited. */
export function CustomerCard({
  customer,
  reveals,
  canReveal,
}: {
  customer: Customer;
  reveals: Reveals;
  canReveal: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="hk-stack" data-testid="ws-customer">
      <Alert
        type="info"
        showIcon
        title={canReveal ? t('customers.pii.notice') : t('customers.pii.noticeNoReveal')}
      />
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'ref',
            label: t('customers.ref'),
            children: <span className="hk-mono">{customer.ref}</span>,
          },
          { key: 'name', label: t('customers.name'), children: customer.name },
          {
            key: 'region',
            label: t('customers.region'),
            children: [customer.province, customer.city].filter(Boolean).join(' ') || '—',
          },
          {
            key: 'zones',
            label: t('customers.timeZones'),
            children: customer.timeZones.map((z) => (
              <Tag key={z} className="hk-mono">
                {z}
              </Tag>
            )),
          },
          ...maskedPiiItems(customer, reveals, canReveal, t),
        ]}
      />
      <ContactsTable contacts={customer.contacts} reveals={reveals} canReveal={canReveal} />
    </div>
  );
}
