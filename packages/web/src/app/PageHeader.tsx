import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useDocumentTitle } from './useDocumentTitle';

/** The title row of a page: heading on the left, page actions on the right. */
export function PageHeader({
  title,
  extra,
  description,
}: {
  title: string;
  extra?: ReactNode;
  description?: ReactNode;
}) {
  useDocumentTitle(title);
  return (
    <div className="hk-page-header">
      <div>
        <Typography.Title level={3} className="hk-page-title">
          {title}
        </Typography.Title>
        {description ? <Typography.Text type="secondary">{description}</Typography.Text> : null}
      </div>
      {extra ? <div className="hk-page-extra">{extra}</div> : null}
    </div>
  );
}
