import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../compliance/labels';
import { useFormatInstant } from '../system/useFormatInstant';
import { MaskedValue } from './MaskedValue';
import type { CustomerContact } from './types';
import type { Reveals } from './useReveals';

const VALIDITY_COLORS: Record<string, string> = { valid: 'green', invalid: 'red', unverified: 'default' };

/** 联系人 a customer's contacts: role, name, relation, masked phone, validity and refusal. */
export function ContactsTable({
  contacts,
  reveals,
  canReveal,
}: {
  contacts: CustomerContact[];
  reveals: Reveals;
  canReveal: boolean;
}) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const formatInstant = useFormatInstant();
  const validityLabel = (validity: string) => {
    const key = `customers.contacts.validities.${validity}`;
    return i18n.exists(key) ? String(i18n.t(key as never)) : validity;
  };

  return (
    <Table<CustomerContact>
      rowKey="id"
      size="small"
      dataSource={contacts}
      pagination={false}
      scroll={{ x: 900 }}
      data-testid="customer-contacts"
      locale={{ emptyText: t('customers.contacts.none') }}
      columns={[
        {
          title: t('customers.contacts.role'),
          dataIndex: 'role',
          width: 110,
          render: (role: string) => (
            <Tag color={role === 'self' ? 'blue' : 'default'}>{label('partyRoles', role)}</Tag>
          ),
        },
        { title: t('customers.contacts.name'), dataIndex: 'name', width: 120 },
        {
          title: t('customers.contacts.relation'),
          dataIndex: 'relation',
          width: 100,
          render: (relation: string | null) => relation ?? '—',
        },
        {
          title: t('customers.contacts.phone'),
          key: 'phone',
          render: (_: unknown, c) => (
            <MaskedValue
              masked={c.phoneMasked}
              label={t('customers.pii.contactPhone', { name: c.name })}
              request={{ field: 'contactPhone', contactId: c.id }}
              reveals={reveals}
              canReveal={canReveal}
              testId={`contactPhone-${c.id}`}
            />
          ),
        },
        {
          title: t('customers.contacts.validity'),
          dataIndex: 'validity',
          width: 100,
          render: (validity: string) => (
            <Tag color={VALIDITY_COLORS[validity] ?? 'default'} data-testid="contact-validity">
              {validityLabel(validity)}
            </Tag>
          ),
        },
        {
          title: t('customers.contacts.refused'),
          dataIndex: 'refused',
          width: 110,
          render: (refused: boolean) =>
            refused ? (
              <Tag color="red" data-testid="contact-refused">
                {t('customers.contacts.refusedTag')}
              </Tag>
            ) : (
              <span>
                <span aria-hidden>—</span>
                <span className="hk-visually-hidden">{t('customers.no')}</span>
              </span>
            ),
        },
        {
          title: t('customers.contacts.lastVerified'),
          dataIndex: 'lastVerifiedAt',
          width: 170,
          render: (at: string | null) =>
            at ? <span className="hk-num">{formatInstant(at)}</span> : t('customers.contacts.neverVerified'),
        },
      ]}
    />
  );
}
