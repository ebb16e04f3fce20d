import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Table } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import type { ListResponse, TeamRef, UserRecord } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { PageHeader } from '../app/PageHeader';
import { RoleTags } from '../auth/RoleTags';
import { useSession } from '../auth/useSession';
import { useFormatInstant } from '../system/useFormatInstant';
import { AddUserModal } from './AddUserModal';
import { DisableUserButton } from './DisableUserButton';
import { UserStatusTag } from './UserStatusTag';

/** 用户管理 the institution's users; managers can add and disable them. */
export function UsersPage() {
  const { t } = useTranslation();
  const { user: me, can } = useSession();
  const canManage = can('users.manage');
  const users = useApiQuery<ListResponse<UserRecord>>('/api/v1/users');
  const formatInstant = useFormatInstant();
  const [adding, setAdding] = useState(false);
  // One clock reading per load, so every row's "still locked?" is judged at the same instant.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read the clock when the data changes.
  const now = useMemo(() => Date.now(), [users.data]);

  return (
    <div className="hk-stack">
      <PageHeader
        title={t('users.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={users.reload} loading={users.loading}>
              {t('common.refresh')}
            </Button>
            {canManage ? (
              <Button
                type="primary"
                icon={<PlusOutlined aria-hidden />}
                onClick={() => setAdding(true)}
                data-testid="add-user-button"
              >
                {t('users.add')}
              </Button>
            ) : null}
          </>
        }
      />
      {users.error ? <ApiErrorAlert error={users.error} onRetry={users.reload} /> : null}
      <Card size="small">
        <Table<UserRecord>
          rowKey="id"
          size="middle"
          loading={users.loading && !users.data}
          dataSource={users.data?.items ?? []}
          data-testid="users-table"
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showTotal: (count) => t('users.total', { count }),
          }}
          columns={[
            {
              title: t('users.username'),
              dataIndex: 'username',
              render: (username: string) => <span className="hk-mono">{username}</span>,
              sorter: (a, b) => a.username.localeCompare(b.username),
            },
            { title: t('users.displayName'), dataIndex: 'displayName' },
            {
              title: t('users.roles'),
              dataIndex: 'roles',
              render: (roles: string[]) => <RoleTags roles={roles} />,
            },
            {
              title: t('users.teams'),
              dataIndex: 'teams',
              render: (teams: TeamRef[]) => teams.map((team) => team.name).join('、') || '—',
            },
            {
              title: t('users.status'),
              key: 'status',
              render: (_: unknown, u) => <UserStatusTag user={u} now={now} />,
            },
            {
              title: t('users.lastLoginAt'),
              dataIndex: 'lastLoginAt',
              render: (at: string | null) =>
                at ? <span className="hk-num">{formatInstant(at)}</span> : t('users.never'),
            },
            {
              title: t('users.createdAt'),
              dataIndex: 'createdAt',
              render: (at: string) => <span className="hk-num">{formatInstant(at)}</span>,
            },
            ...(canManage
              ? [
                  {
                    title: t('users.actions'),
                    key: 'actions',
                    render: (_: unknown, u: UserRecord) => (
                      <DisableUserButton user={u} isSelf={u.id === me?.id} onDisabled={users.reload} />
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {canManage ? (
        <AddUserModal
          open={adding}
          onClose={() => setAdding(false)}
          onCreated={() => {
            setAdding(false);
            users.reload();
          }}
        />
      ) : null}
    </div>
  );
}
