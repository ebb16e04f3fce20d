import { Card, Col, Row } from 'antd';
import type { ReactNode } from 'react';
import { DefinitionPanel } from './DefinitionPanel';
import type { KpiDefinitionView } from './types';

/** One dashboard section: the chart and its figures on the left, their definitions beside them. */
export function KpiSection({
  title,
  definitions,
  children,
  testId,
  extra,
}: {
  title: ReactNode;
  definitions: KpiDefinitionView[];
  children: ReactNode;
  testId: string;
  extra?: ReactNode;
}) {
  return (
    <Card size="small" title={title} extra={extra} data-testid={testId} className="hk-kpi-section">
      <Row gutter={[16, 12]}>
        <Col xs={24} xl={16}>
          {children}
        </Col>
        <Col xs={24} xl={8} className="hk-kpi-definitions">
          {definitions.map((d) => (
            <DefinitionPanel key={d.kpi} definition={d} compact={definitions.length > 1} />
          ))}
        </Col>
      </Row>
    </Card>
  );
}
