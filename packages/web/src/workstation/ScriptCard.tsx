import { CheckCircleOutlined } from '@ant-design/icons';
import { Card, Checkbox, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocalized } from '../compliance/labels';
import type { Workspace } from './types';
import { useStageLabel } from './useStageLabel';

/**
 * 话术 the stage's script: its goal and statements, the required ones (the penalty formula, the
 * credit-record impact, …) tagged; the collector ticks each as they say it, so none is forgotten.
 */
export function ScriptCard({ script }: { script: Workspace['script'] }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const stageLabel = useStageLabel();
  const [stated, setStated] = useState<Record<string, boolean>>({});
  const required = script.statements.filter((s) => s.required);
  const left = required.filter((s) => !stated[s.id]).length;
  return (
    <Card
      size="small"
      title={t('workstation.script.title', { stage: stageLabel(script.stage) })}
      data-testid="script-card"
      extra={
        left === 0 ? (
          <Tag color="green" icon={<CheckCircleOutlined aria-hidden />}>
            {t('workstation.script.statedAll')}
          </Tag>
        ) : (
          <Tag color="orange">{t('workstation.script.statedSome', { count: left })}</Tag>
        )
      }
    >
      <Typography.Paragraph>
        <Typography.Text strong>{t('workstation.script.goal')}:</Typography.Text>
        {localized(script.goal)}
      </Typography.Paragraph>
      <ol className="hk-ws-script">
        {script.statements.map((s) => {
          const text = localized(s.text);
          return (
            <li key={s.id} data-testid="script-statement" data-required={s.required ? 'true' : 'false'}>
              <Checkbox
                checked={stated[s.id] === true}
                onChange={(e) => setStated((v) => ({ ...v, [s.id]: e.target.checked }))}
                aria-label={t('workstation.script.markStated', { text })}
              >
                {s.required ? <Tag color="red">{t('workstation.script.required')}</Tag> : null}
                {text}
              </Checkbox>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
