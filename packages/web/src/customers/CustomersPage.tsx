import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { ListResponse } from '../api/types';
import { PageHeader } from '../app/PageHeader';
import { CustomerDetail } from './CustomerDetail';
import type { Customer } from './types';
import './customers.css';

const customerPath = (ref: string) => `/customers/${encodeURIComponent(ref)}`;

/**
 * 客户查询 customer lookup (cases.read): an exact search by customer ref, ID number or mobile
 * number, the customers found (masked), and one customer opened at /customers/:ref. What was
 * searched for stays in the page's memory only: an ID or phone number never goes into the URL.
 */
export function CustomersPage() {
  const { t } = useTranslation();
  const { ref } = useParams();
  const navigate = useNavigate();
  const [results, setResults] = useState<Customer[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ q: string }>();

  const search = async ({ q }: { q: string }) => {
    const text = q.trim();
    setSearching(true);
    setError(null);
    try {
      const found = await apiRequest<ListResponse<Customer>>('GET', '/api/v1/customers', {
        query: { q: text },
      });
      setResults(found.items);
      // One match: open it at once (the list stays, to come back to).
      const only = found.items.length === 1 ? found.items[0] : undefined;
      if (only && only.ref !== ref) navigate(customerPath(only.ref));
    } catch (cause) {
      setError(cause);
      setResults(null);
    } finally {
      setSearching(false);
    }
  };

  return (
    <div className="hk-stack">
      <PageHeader title={t('customers.title')} description={t('customers.description')} />
      <Card size="small">
        <Form<{ q: string }>
          form={form}
          name="customer-search"
          layout="vertical"
          onFinish={search}
          requiredMark={false}
          data-testid="customer-search"
          className="hk-customer-search"
        >
          {/* The label names the input (id customer-search_q, from the form and field names). */}
          <Form.Item
            label={t('customers.searchLabel')}
            htmlFor="customer-search_q"
            extra={t('customers.searchHint')}
          >
            <Space.Compact className="hk-customer-search-row">
              <Form.Item
                name="q"
                noStyle
                rules={[{ required: true, whitespace: true, message: t('customers.searchRequired') }]}
              >
                <Input
                  allowClear
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={64}
                  className="hk-mono"
                  placeholder={t('customers.searchPlaceholder')}
                  data-testid="customer-search-input"
                />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                icon={<SearchOutlined aria-hidden />}
                loading={searching}
                data-testid="customer-search-submit"
              >
                {t('customers.search')}
              </Button>
            </Space.Compact>
          </Form.Item>
        </Form>
      </Card>

      {error ? <ApiErrorAlert error={error} /> : null}

      {results !== null ? (
        <Card size="small" title={t('customers.results', { count: results.length })}>
          <Table<Customer>
            rowKey="ref"
            size="small"
            dataSource={results}
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="customer-results"
            rowClassName={(c) => (c.ref === ref ? 'hk-row-selected' : '')}
            locale={{ emptyText: t('customers.noResults') }}
            columns={[
              {
                title: t('customers.ref'),
                dataIndex: 'ref',
                width: 130,
                render: (r: string) => (
                  <Link
                    to={customerPath(r)}
                    className="hk-mono"
                    aria-label={t('customers.openCustomer', { ref: r })}
                    aria-current={r === ref ? 'page' : undefined}
                  >
                    {r}
                  </Link>
                ),
              },
              { title: t('customers.name'), dataIndex: 'name', width: 110 },
              {
                title: t('customers.idNumber'),
                dataIndex: 'idNumberMasked',
                width: 200,
                render: (v: string) => <span className="hk-mono">{v}</span>,
              },
              {
                title: t('customers.mobile'),
                dataIndex: 'mobileMasked',
                width: 140,
                render: (v: string | null) => <span className="hk-mono">{v ?? '—'}</span>,
              },
              {
                title: t('customers.region'),
                key: 'region',
                render: (_: unknown, c) => [c.province, c.city].filter(Boolean).join(' ') || '—',
              },
              {
                title: t('customers.flags'),
                key: 'flags',
                width: 160,
                render: (_: unknown, c) =>
                  c.deceased || c.vulnerable ? (
                    <>
                      {c.deceased ? <Tag>{t('customers.deceasedTag')}</Tag> : null}
                      {c.vulnerable ? <Tag color="orange">{t('customers.vulnerableTag')}</Tag> : null}
                    </>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </Card>
      ) : null}

      {ref ? (
        <CustomerDetail key={ref} customerRef={ref} />
      ) : results === null ? (
        <Card size="small">
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={<Typography.Text type="secondary">{t('customers.start')}</Typography.Text>}
          />
        </Card>
      ) : null}
    </div>
  );
}
