// For component tests of the reform pages: a fetch double routed by method and path (the
// query string parsed apart), answering in the API's shapes, and sample rows in those shapes.
import { vi } from 'vitest';
import type { Session } from '../../api/types.js';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

export type Reply = { status: number; body?: unknown };

export function fakeApi(route: (call: Call) => Reply | undefined): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const headers = Object.fromEntries(Object.entries((init.headers as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const call: Call = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers,
    };
    calls.push(call);
    const reply = route(call) ?? { status: 404, body: { error: { code: 'not_found', message: { zh: '未找到', en: 'not found' } } } };
    return new Response(reply.status === 204 || reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

export const reformSession: Session = {
  user: { id: 2, username: 'reform', displayName: '改革办 王主任', role: 'reform_office', regionCode: '370883', regionName: '邹城市', departmentId: null, departmentName: null },
  csrfToken: 'csrf-abc',
};

export const departments = {
  items: [
    { id: 1, code: 'XZSP', name: '行政审批服务局', regionCode: '370883' },
    { id: 2, code: 'ZJJ', name: '住房和城乡建设局', regionCode: '370883' },
  ],
};

export const figures = (f: Partial<Record<string, number>> = {}) => ({
  materials: 18,
  materialsToSubmit: 18,
  steps: 3,
  departments: 2,
  stamps: 1,
  countersigns: 1,
  visits: 2,
  promisedDays: 2,
  criticalPathDays: 2,
  ...f,
});

const basis = { document: '《中华人民共和国建筑法》', article: '第八条', text: '' };

export function step(id: string, name: string, kind: string, dependsOn: string[], departmentCode = 'XZSP') {
  return {
    id,
    name,
    kind,
    departmentCode,
    role: '科员',
    workdays: 0.5,
    stamps: kind === 'stamp' ? ['行政审批专用章'] : [],
    applicantPresent: kind === 'intake',
    onlinePossible: true,
    legalBases: kind === 'stamp' ? [] : [basis],
    dependsOn,
    needsResultOf: [],
  };
}

export function permitMatter(
  steps = [step('S01', '窗口受理', 'intake', []), step('S02', '质量监督会签', 'countersign', ['S01'], 'ZJJ'), step('S03', '加盖行政审批专用章', 'stamp', ['S02'])],
) {
  return {
    code: '370883-JS-001',
    name: '建筑工程施工许可证核发',
    kind: 'licensing',
    departmentCode: 'XZSP',
    legalBases: [basis],
    statutoryDays: 7,
    promisedDays: 2,
    visits: 2,
    fee: { charged: false, standard: '', basis: '' },
    onlineDepth: 'online_application',
    result: { name: '建筑工程施工许可证', kind: 'licence', fields: [] },
    materials: [
      {
        id: 'M08',
        name: '建设工程规划许可证及附件',
        canonicalId: 'construction_planning_permit',
        category: 'licence',
        requirement: 'required',
        condition: '',
        medium: 'paper',
        original: 'original',
        copies: 1,
        source: {
          kind: 'government',
          issuerType: null,
          presentOnly: false,
          noSharingChannel: false,
          departmentCode: 'ZRZY',
          matterCode: null,
          certificate: '',
          issuer: '',
          dataSharing: false,
        },
        legalBases: [basis],
        commitmentAllowed: false,
        commitmentExclusion: null,
        postDecisionCheck: null,
      },
      {
        id: 'M14',
        name: '保证工程质量和安全的具体措施',
        canonicalId: 'safety_measures',
        category: 'report',
        requirement: 'required',
        condition: '',
        medium: 'paper',
        original: 'original',
        copies: 1,
        source: {
          kind: 'applicant',
          issuerType: null,
          presentOnly: false,
          noSharingChannel: false,
          departmentCode: null,
          matterCode: null,
          certificate: '',
          issuer: '',
          dataSharing: false,
        },
        legalBases: [basis],
        commitmentAllowed: false,
        commitmentExclusion: 'public_safety',
        postDecisionCheck: { legalBasis: { document: '《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》（国办发〔2019〕11号）', article: '', text: '' } },
      },
    ],
    steps,
    prerequisites: [],
    formFields: [],
  };
}

export const permitSummary = (toBeVersion: number | null = null) => ({
  code: '370883-JS-001',
  name: '建筑工程施工许可证核发',
  kind: 'licensing',
  departmentCode: 'XZSP',
  departmentName: '行政审批服务局',
  regionCode: '370883',
  latestVersion: toBeVersion ?? 1,
  asIsVersion: 1,
  toBeVersion,
  asIs: figures(),
  toBe: toBeVersion ? figures({ steps: 2, stamps: 0 }) : null,
  updatedAt: '2026-11-29T02:00:00.000Z',
});

export const qualitySummary = {
  ...permitSummary(),
  code: '370883-JS-002',
  name: '建设工程质量监督登记',
  kind: 'other_power',
  departmentCode: 'ZJJ',
  departmentName: '住房和城乡建设局',
};
