import type { DescriptionsProps } from 'antd';
import type { TFunction } from 'i18next';
import { MaskedValue } from './MaskedValue';
import type { Customer } from './types';
import type { Reveals } from './useReveals';

/**
 * The customer's ID number, mobile and address as Descriptions items: masked, each with its
 * audited 查看 reveal (the customers page and the workstation's customer card show the same).
 */
export function maskedPiiItems(
  customer: Customer,
  reveals: Reveals,
  canReveal: boolean,
  t: TFunction,
): NonNullable<DescriptionsProps['items']> {
  const fields = [
    { key: 'idNumber', masked: customer.idNumberMasked, label: t('customers.idNumber') },
    { key: 'mobile', masked: customer.mobileMasked, label: t('customers.mobile') },
    { key: 'address', masked: customer.addressMasked, label: t('customers.address') },
  ] as const;
  return fields.map(({ key, masked, label }) => ({
    key,
    label,
    ...(key === 'address' ? { span: 'filled' as const } : {}),
    children: (
      <MaskedValue
        masked={masked}
        label={label}
        request={{ field: key }}
        reveals={reveals}
        canReveal={canReveal}
        testId={key}
      />
    ),
  }));
}
