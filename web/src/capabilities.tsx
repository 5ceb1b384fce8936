// The navigation: one entry per capability of the mission, grouped as the reform works.
// Capabilities that are not built yet open an honest under-construction page.
import type { ReactNode } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  AppstoreAddOutlined,
  AuditOutlined,
  ClusterOutlined,
  ExperimentOutlined,
  LikeOutlined,
  NodeIndexOutlined,
  ProjectOutlined,
  SolutionOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { Role } from './api/types.js';
import type { MessageKey } from './i18n/index.js';

export type CapabilityKey =
  | 'catalogue'
  | 'analyzer'
  | 'bundles'
  | 'processes'
  | 'window'
  | 'cases'
  | 'ratings'
  | 'mining'
  | 'projects'
  | 'org'
  | 'audit';

export type NavGroup = 'groupReform' | 'groupService' | 'groupMeasure' | 'groupSystem';

export interface Capability {
  key: CapabilityKey;
  path: string;
  group: NavGroup;
  icon: ReactNode;
  /** Built: has a real page. Not built: the page says what it will do, and shows no data. */
  built: boolean;
  /** Only these roles see it; everyone signed in when absent. */
  roles?: readonly Role[];
  /** A further note on the under-construction page about what already works. */
  note?: MessageKey;
}

export const CAPABILITIES: readonly Capability[] = [
  { key: 'catalogue', path: '/catalogue', group: 'groupReform', icon: <UnorderedListOutlined />, built: true },
  { key: 'analyzer', path: '/analyzer', group: 'groupReform', icon: <ExperimentOutlined />, built: true },
  { key: 'bundles', path: '/bundles', group: 'groupReform', icon: <AppstoreAddOutlined />, built: true },
  { key: 'processes', path: '/processes', group: 'groupReform', icon: <ApartmentOutlined />, built: true },
  { key: 'window', path: '/window', group: 'groupService', icon: <SolutionOutlined />, built: false },
  { key: 'cases', path: '/cases', group: 'groupService', icon: <AlertOutlined />, built: false },
  { key: 'projects', path: '/projects', group: 'groupService', icon: <ProjectOutlined />, built: false },
  { key: 'ratings', path: '/ratings', group: 'groupMeasure', icon: <LikeOutlined />, built: true, roles: ['admin', 'reform_office', 'leader', 'department_officer', 'window_clerk', 'applicant'] },
  { key: 'mining', path: '/mining', group: 'groupMeasure', icon: <NodeIndexOutlined />, built: true },
  { key: 'org', path: '/org', group: 'groupSystem', icon: <ClusterOutlined />, built: true },
  { key: 'audit', path: '/audit', group: 'groupSystem', icon: <AuditOutlined />, built: false, roles: ['admin'], note: 'cap.auditNow' },
];

export const NAV_GROUPS: readonly NavGroup[] = ['groupReform', 'groupService', 'groupMeasure', 'groupSystem'];

export function allowed(capability: Capability, role: Role): boolean {
  return !capability.roles || capability.roles.includes(role);
}

export function capabilityDescription(key: CapabilityKey): MessageKey {
  return `cap.${key}`;
}

export function navLabel(key: CapabilityKey): MessageKey {
  return `nav.${key}`;
}
