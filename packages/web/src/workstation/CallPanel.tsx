import { PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Space, Table, Tag } from 'antd';
import { forwardRef, useImperativeHandle, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/ApiError';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { useLabel, useLocalized } from '../compliance/labels';
import { MaskedValue } from '../customers/MaskedValue';
import type { CustomerContact } from '../customers/types';
import type { Reveals } from '../customers/useReveals';
import { useFormatInstant } from '../system/useFormatInstant';
import type { GateDecision, StartContactResponse, Workspace } from './types';

const VALIDITY_COLORS: Record<string, string> = { valid: 'green', invalid: 'red', unverified: 'default' };

/** What the last dial came to: the gate refused it, or allowed it and the call is in progress. */
export type DialResult =
  | { kind: 'refused'; contact: CustomerContact; decision: GateDecision }
  | { kind: 'allowed'; contact: CustomerContact; attemptId: string; decision: GateDecision }
  | { kind: 'failed'; contact: CustomerContact; error: unknown };

export interface CallPanelHandle {
  /** Dials the debtor's own number (the D shortcut). */
  dialPrimary: () => void;
}

/** The gate's decision inside a 409 CONTACT_DENIED problem. */
function decisionOf(error: unknown): GateDecision | null {
  if (!(error instanceof ApiError) || error.code !== 'CONTACT_DENIED') return null;
  const problem = error.problem as unknown as { decision?: GateDecision } | null;
  return problem?.decision ?? null;
}

/**
 * 通话 the customer's contacts with their validity and a dial button each. Dialling asks the
 * compliance gate first (POST /contact-attempts): a refusal shows the rule, the reason, its
 * citation and the next allowed time; an allowed call opens the outcome form (`onAllowed`).
 */
export const CallPanel = forwardRef<
  CallPanelHandle,
  {
    workspace: Workspace;
    reveals: Reveals;
    canReveal: boolean;
    disabled: boolean;
    onAllowed: (attemptId: string, contact: CustomerContact) => void;
    onDialed: () => void;
  }
>(function CallPanel({ workspace, reveals, canReveal, disabled, onAllowed, onDialed }, ref) {
  const { t } = useTranslation();
  const label = useLabel();
  const localized = useLocalized();
  const formatInstant = useFormatInstant();
  const [dialing, setDialing] = useState<string | null>(null);
  const [result, setResult] = useState<DialResult | null>(null);
  const contacts = workspace.customer.contacts;

  const dial = async (contact: CustomerContact) => {
    if (dialing || disabled) return;
    setDialing(contact.id);
    setResult(null);
    try {
      const started = await apiRequest<StartContactResponse>('POST', '/api/v1/contact-attempts', {
        body: { caseId: workspace.case.id, contactId: contact.id, channel: 'call' },
      });
      setResult({ kind: 'allowed', contact, attemptId: started.attempt.id, decision: started.decision });
      onAllowed(started.attempt.id, contact);
    } catch (cause) {
      const decision = decisionOf(cause);
      setResult(
        decision ? { kind: 'refused', contact, decision } : { kind: 'failed', contact, error: cause },
      );
    } finally {
      setDialing(null);
      onDialed();
    }
  };

  useImperativeHandle(ref, () => ({
    dialPrimary: () => {
      const self = contacts.find((c) => c.role === 'self' && !c.refused) ?? contacts[0];
      if (self) void dial(self);
    },
  }));

  return (
    <Card size="small" title={t('workstation.call.title')} data-testid="call-panel">
      {contacts.length === 0 ? (
        <Empty description={t('workstation.call.noContact')} />
      ) : (
        <Table<CustomerContact>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={contacts}
          data-testid="call-contacts"
          columns={[
            {
              title: t('customers.contacts.role'),
              dataIndex: 'role',
              width: 80,
              render: (role: string) => (
                <Tag color={role === 'self' ? 'blue' : 'default'}>{label('partyRoles', role)}</Tag>
              ),
            },
            { title: t('customers.contacts.name'), dataIndex: 'name', width: 90 },
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
                  testId={`call-phone-${c.id}`}
                />
              ),
            },
            {
              title: t('workstation.customer.validity'),
              key: 'validity',
              width: 90,
              render: (_: unknown, c) => (
                <Space size={2} wrap>
                  <Tag color={VALIDITY_COLORS[c.validity] ?? 'default'}>
                    {t(`customers.contacts.validities.${c.validity}` as never)}
                  </Tag>
                  {c.refused ? <Tag color="red">{t('workstation.customer.refused')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: '',
              key: 'dial',
              width: 90,
              render: (_: unknown, c) => (
                <Button
                  size="small"
                  type={c.role === 'self' ? 'primary' : 'default'}
                  icon={<PhoneOutlined aria-hidden />}
                  loading={dialing === c.id}
                  disabled={disabled || c.refused || (dialing !== null && dialing !== c.id)}
                  onClick={() => void dial(c)}
                  aria-label={t('workstation.customer.dialLabel', {
                    role: label('partyRoles', c.role),
                    name: c.name,
                  })}
                  aria-keyshortcuts={c.role === 'self' ? 'D' : undefined}
                  data-testid={`dial-${c.role}`}
                >
                  {t('workstation.customer.dial')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {dialing ? (
        <Alert className="hk-ws-gap" type="info" showIcon title={t('workstation.customer.dialing')} />
      ) : null}
      {result?.kind === 'refused' ? (
        <Alert
          className="hk-ws-gap"
          type="error"
          showIcon
          role="alert"
          data-testid="gate-refusal"
          title={t('workstation.call.refusedTitle')}
          description={
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'reason',
                  label: result.decision.ruleId ?? t('workstation.call.rule'),
                  children: <span data-testid="gate-reason">{localized(result.decision.reason)}</span>,
                },
                ...(result.decision.citation
                  ? [
                      {
                        key: 'citation',
                        label: t('workstation.call.citation'),
                        children: result.decision.citation,
                      },
                    ]
                  : []),
                ...(result.decision.nextAllowedAt
                  ? [
                      {
                        key: 'next',
                        label: '',
                        children: (
                          <strong data-testid="gate-next-allowed">
                            {t('workstation.call.nextAllowed', {
                              at: formatInstant(result.decision.nextAllowedAt),
                            })}
                          </strong>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          }
        />
      ) : null}
      {result?.kind === 'allowed' ? (
        <Alert
          className="hk-ws-gap"
          type="success"
          showIcon
          role="status"
          data-testid="gate-allowed"
          title={t('workstation.call.allowedTitle', { name: result.contact.name })}
        />
      ) : null}
      {result?.kind === 'failed' ? (
        <div className="hk-ws-gap">
          <ApiErrorAlert error={result.error} />
        </div>
      ) : null}
    </Card>
  );
});
