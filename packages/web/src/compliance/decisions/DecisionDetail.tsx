import { Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormatInstant } from '../../system/useFormatInstant';
import type { GateDecisionRecord } from '../types';

/** What the gate judged: the facts (as hashed), every rule that refused, and the citation. */
export function DecisionDetail({ decision }: { decision: GateDecisionRecord }) {
  const { t } = useTranslation();
  const formatInstant = useFormatInstant();
  return (
    <div className="hk-decision-detail" data-testid="decision-detail">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'attemptAt',
            label: t('compliance.decisions.attemptAt'),
            children: <span className="hk-num">{formatInstant(decision.attemptAt)}</span>,
          },
          {
            key: 'ruleIds',
            label: t('compliance.decisions.ruleIds'),
            children:
              decision.ruleIds.length > 0
                ? decision.ruleIds.map((id) => (
                    <Tag key={id} className="hk-mono">
                      {id}
                    </Tag>
                  ))
                : '—',
          },
          {
            key: 'citation',
            label: t('compliance.pack.citation'),
            children: <span className="hk-citation">{decision.citation ?? '—'}</span>,
          },
          {
            key: 'refs',
            label: t('compliance.decisions.refs'),
            children: (
              <span className="hk-mono hk-small">
                {t('compliance.decisions.caseId')} {decision.caseId ?? '—'} ·{' '}
                {t('compliance.decisions.contactId')} {decision.contactId ?? '—'} ·{' '}
                {t('compliance.decisions.decisionId')} {decision.id}
              </span>
            ),
          },
          {
            key: 'hash',
            label: t('compliance.decisions.factsHash'),
            children: (
              <Typography.Text className="hk-mono hk-small" copyable>
                {decision.factsHash}
              </Typography.Text>
            ),
          },
        ]}
      />
      <figure className="hk-decision-facts">
        <figcaption>
          <Typography.Text strong>{t('compliance.decisions.facts')}</Typography.Text>
        </figcaption>
        <pre className="hk-json hk-mono">{JSON.stringify(decision.facts, null, 2)}</pre>
      </figure>
    </div>
  );
}
