import {
  AreaChartOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  ExperimentOutlined,
  FieldTimeOutlined,
  HomeOutlined,
  IdcardOutlined,
  MailOutlined,
  MessageOutlined,
  PartitionOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import type { Permission } from '@huikuan/domain';
import type { ReactNode } from 'react';

/** One entry of the side menu; shown only when the user holds `permission`. */
export interface NavEntry {
  key:
    | 'home'
    | 'workstation'
    | 'team'
    | 'analytics'
    | 'imports'
    | 'dailyRun'
    | 'compliance'
    | 'customers'
    | 'outbox'
    | 'experiments'
    | 'strategies'
    | 'templates'
    | 'users'
    | 'audit'
    | 'system';
  path: string;
  icon: ReactNode;
  permission: Permission | null;
}

/** The console's pages, in menu order. Routes and the side menu both read this list. */
export const NAV_ENTRIES: readonly NavEntry[] = [
  { key: 'home', path: '/', icon: <HomeOutlined />, permission: null },
  { key: 'workstation', path: '/workstation', icon: <ThunderboltOutlined />, permission: 'cases.work' },
  { key: 'team', path: '/team', icon: <ClusterOutlined />, permission: 'cases.allocate' },
  { key: 'analytics', path: '/analytics', icon: <AreaChartOutlined />, permission: 'analytics.read' },
  { key: 'imports', path: '/imports', icon: <CloudUploadOutlined />, permission: 'portfolio.read' },
  { key: 'dailyRun', path: '/daily-run', icon: <FieldTimeOutlined />, permission: 'system.read' },
  { key: 'compliance', path: '/compliance', icon: <SafetyOutlined />, permission: 'compliance.read' },
  { key: 'customers', path: '/customers', icon: <IdcardOutlined />, permission: 'cases.read' },
  { key: 'outbox', path: '/outbox', icon: <MailOutlined />, permission: 'cases.read' },
  { key: 'experiments', path: '/experiments', icon: <ExperimentOutlined />, permission: 'strategy.read' },
  { key: 'strategies', path: '/strategies', icon: <PartitionOutlined />, permission: 'strategy.read' },
  { key: 'templates', path: '/templates', icon: <MessageOutlined />, permission: 'strategy.read' },
  { key: 'users', path: '/users', icon: <TeamOutlined />, permission: 'users.read' },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, permission: 'audit.read' },
  { key: 'system', path: '/system', icon: <SettingOutlined />, permission: 'system.read' },
];

/** The menu key of the entry a path belongs to. */
export function navKeyOf(pathname: string): NavEntry['key'] | undefined {
  const match = NAV_ENTRIES.filter((e) => e.path !== '/' && pathname.startsWith(e.path));
  if (match.length > 0) return match[0]?.key;
  return pathname === '/' ? 'home' : undefined;
}
