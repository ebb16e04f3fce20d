import { isRole, type Role } from '@huikuan/domain';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const ROLE_COLORS: Record<Role, string> = {
  admin: 'red',
  strategy_manager: 'purple',
  team_lead: 'blue',
  collector: 'cyan',
  compliance_officer: 'gold',
  legal_officer: 'volcano',
  agency_manager: 'geekblue',
  agency_collector: 'green',
  auditor: 'magenta',
};

/** The user's roles as translated tags; an unknown role shows its code. */
export function RoleTags({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <span className="hk-role-tags">
      {roles.map((role) =>
        isRole(role) ? (
          <Tag key={role} color={ROLE_COLORS[role]} title={role}>
            {t(`roles.${role}`)}
          </Tag>
        ) : (
          <Tag key={role}>{role}</Tag>
        ),
      )}
    </span>
  );
}
