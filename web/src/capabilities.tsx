// The navigation: one entry per capability of the mission, grouped as the reform works. A
// role sees an entry only when the shared rule table (src/org/access-rules.ts, which the
// server's routes read too) lets it use the page. Capabilities not built yet stay out of the
// menu; their address opens an honest under-construction page.
// Adding a page is one line here: `{ key, path, group, icon, rule: 'page.x', page: lazy(() => import('./pages/X.js')) }`.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { mayUse, type AccessRule } from '../../src/org/access-rules.js';
import {
  AlertOutlined,
  ApartmentOutlined,
  AppstoreAddOutlined,
  AuditOutlined,
  CalendarOutlined,
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

export type CapabilityKey = 'catalogue' | 'analyzer' | 'bundles' | 'processes' | 'window' | 'cases' | 'ratings' | 'mining' | 'projects' | 'org' | 'calendar' | 'audit';

export type NavGroup = 'groupReform' | 'groupService' | 'groupMeasure' | 'groupSystem';

export interface Capability {
  key: CapabilityKey;
  path: string;
  group: NavGroup;
  icon: ReactNode;
  /** The page, once built. Without one the capability is not in the menu, and its address says what it will do. */
  page?: LazyExoticComponent<ComponentType>;
  /** Who may use the page: a rule of the shared table; everyone signed in when absent. */
  rule?: AccessRule;
  /** A further note on the under-construction page about what already works. */
  note?: MessageKey;
}

export const CAPABILITIES: readonly Capability[] = [
  { key: 'catalogue', path: '/catalogue', group: 'groupReform', icon: <UnorderedListOutlined />, rule: 'page.catalogue', page: lazy(() => import('./pages/Catalogue.js')) },
  { key: 'analyzer', path: '/analyzer', group: 'groupReform', icon: <ExperimentOutlined />, rule: 'page.analyzer', page: lazy(() => import('./pages/Analyzer.js')) },
  { key: 'bundles', path: '/bundles', group: 'groupReform', icon: <AppstoreAddOutlined />, rule: 'page.bundles', page: lazy(() => import('./pages/Bundles.js')) },
  {
    key: 'processes',
    path: '/processes',
    group: 'groupReform',
    icon: <ApartmentOutlined />,
    rule: 'page.processes',
    page: lazy(() => import('./pages/processes/ProcessesPage.js')),
  },
  { key: 'window', path: '/window', group: 'groupService', icon: <SolutionOutlined />, rule: 'page.window', page: lazy(() => import('./pages/window/WindowPage.js')) },
  { key: 'cases', path: '/cases', group: 'groupService', icon: <AlertOutlined />, rule: 'page.cases', page: lazy(() => import('./pages/cases/CasesPage.js')) },
  { key: 'projects', path: '/projects', group: 'groupService', icon: <ProjectOutlined />, rule: 'page.projects', page: lazy(() => import('./pages/projects/ProjectsPage.js')) },
  { key: 'ratings', path: '/ratings', group: 'groupMeasure', icon: <LikeOutlined />, rule: 'page.ratings', page: lazy(() => import('./pages/ratings/RatingsPage.js')) },
  { key: 'mining', path: '/mining', group: 'groupMeasure', icon: <NodeIndexOutlined />, rule: 'page.mining', page: lazy(() => import('./pages/mining/MiningPage.js')) },
  { key: 'org', path: '/org', group: 'groupSystem', icon: <ClusterOutlined />, rule: 'page.org', page: lazy(() => import('./pages/Org.js')) },
  { key: 'calendar', path: '/calendar', group: 'groupSystem', icon: <CalendarOutlined />, rule: 'page.calendar', page: lazy(() => import('./pages/calendar/CalendarPage.js')) },
  { key: 'audit', path: '/audit', group: 'groupSystem', icon: <AuditOutlined />, rule: 'page.audit', page: lazy(() => import('./pages/Audit.js')) },
];

export const NAV_GROUPS: readonly NavGroup[] = ['groupReform', 'groupService', 'groupMeasure', 'groupSystem'];

export function allowed(capability: Capability, role: Role): boolean {
  return !capability.rule || mayUse(capability.rule, role);
}

/** What the menu offers a role: built pages it may use. */
export function inMenu(capability: Capability, role: Role): boolean {
  return capability.page !== undefined && allowed(capability, role);
}

export function capabilityDescription(key: CapabilityKey): MessageKey {
  return `cap.${key}`;
}

export function navLabel(key: CapabilityKey): MessageKey {
  return `nav.${key}`;
}
