import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RuleKind } from '../types';

const COLORS: Record<RuleKind, string> = {
  BLOCK: 'red',
  WARN: 'orange',
  REQUIRE: 'blue',
  LOGIC: 'purple',
};

/** BLOCK / WARN / REQUIRE / LOGIC, coloured, with what the kind means on hover. */
export function RuleKindTag({ kind }: { kind: RuleKind }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`compliance.ruleKinds.${kind}`)}>
      <Tag color={COLORS[kind] ?? 'default'} className="hk-mono" tabIndex={0}>
        {kind}
      </Tag>
    </Tooltip>
  );
}
