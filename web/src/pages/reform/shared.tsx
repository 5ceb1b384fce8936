// Pieces the catalogue, analyzer and bundle pages share: department names, labels of the
// domain's enumerations, dates in Asia/Shanghai, and a before/after figure table.
import { useMemo } from 'react';
import { Table, Tag, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { api, request } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import type { Department } from '../../api/types.js';
import type { ChangeStatus, LegalBasis, MatterFigures } from '../../api/catalogue.js';
import { useI18n, type MessageKey, type Translate } from '../../i18n/index.js';

/** Department code → name, from the organisation the caller can see (codes stand in until it arrives). */
export function useDepartments(): { departments: Department[]; name: (code: string) => string } {
  // Names are a convenience here: after a failure the codes still show.
  const answer = useLoad((signal) => api.departments(signal), []).data;
  const departments = useMemo(() => answer?.items ?? [], [answer]);
  const name = useMemo(() => {
    const byCode = new Map(departments.map((d) => [d.code, d.name]));
    return (code: string) => byCode.get(code) ?? code;
  }, [departments]);
  return { departments, name };
}

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An instant as Asia/Shanghai local time, 'YYYY-MM-DD HH:mm'. */
export function shanghaiTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(SHANGHAI.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`;
}

export function kindLabel(t: Translate, kind: string): string {
  const key = `matterKind.${kind}` as MessageKey;
  const text = t(key);
  return text === key ? kind : text;
}

export function stepKindLabel(t: Translate, kind: string): string {
  const key = `stepKind.${kind}` as MessageKey;
  const text = t(key);
  return text === key ? kind : text;
}

export function fieldTypeLabel(t: Translate, type: string): string {
  const key = `fieldType.${type}` as MessageKey;
  const text = t(key);
  return text === key ? type : text;
}

export function figureLabel(t: Translate, key: string): string {
  const k = `figure.${key}` as MessageKey;
  const text = t(k);
  return text === k ? key : text;
}

/** A label without its parenthesised unit, for chart axes: 承诺时限（工作日） → 承诺时限. */
export function shortLabel(label: string): string {
  return label.replace(/\s*[（(][^）)]*[）)]\s*$/, '');
}

export function legalBasisText(b: LegalBasis): string {
  return `${b.document}${b.article}`;
}

export function LegalBases({ bases }: { bases: LegalBasis[] }) {
  const { t } = useI18n();
  if (bases.length === 0) return <Tag color="error">{t('catalogue.noLegalBasis')}</Tag>;
  return (
    <span>
      {bases.map((b, i) => (
        <Typography.Text key={`${b.document}|${b.article}|${i}`} title={b.text || undefined} style={{ display: 'block' }}>
          {legalBasisText(b)}
        </Typography.Text>
      ))}
    </span>
  );
}

const CHANGE_COLORS: Record<ChangeStatus, string> = { added: 'success', removed: 'error', changed: 'warning', unchanged: 'default' };

export function ChangeTag({ status }: { status: ChangeStatus }) {
  const { t } = useI18n();
  return <Tag color={CHANGE_COLORS[status]}>{t(`change.${status}`)}</Tag>;
}

export interface FigureRow {
  key: string;
  label: string;
  before: number | null;
  after: number | null;
}

/** Rows of two figure sets, in the order of `keys`. */
export function figureRows(t: Translate, keys: readonly string[], before: Record<string, number> | null, after: Record<string, number> | null): FigureRow[] {
  return keys.map((key) => ({ key, label: figureLabel(t, key), before: before?.[key] ?? null, after: after?.[key] ?? null }));
}

export function Delta({ before, after }: { before: number | null; after: number | null }) {
  if (before === null || after === null) return null;
  const d = Math.round((after - before) * 100) / 100;
  if (d === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  return <Typography.Text type={d < 0 ? 'success' : 'danger'}>{d > 0 ? `+${d}` : d}</Typography.Text>;
}

/** A before/after table: figure, before, after, change. */
export function FigureTable({ rows, beforeTitle, afterTitle, testId }: { rows: FigureRow[]; beforeTitle: string; afterTitle: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <Table<FigureRow>
      data-testid={testId}
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('figure.name'), dataIndex: 'label' },
        { title: beforeTitle, dataIndex: 'before', align: 'right', render: (v: number | null) => (v === null ? '—' : v) },
        { title: '', key: 'arrow', width: 32, render: () => <ArrowRightOutlined style={{ color: '#bbb' }} /> },
        { title: afterTitle, dataIndex: 'after', align: 'right', render: (v: number | null) => (v === null ? '—' : <strong>{v}</strong>) },
        { title: t('figure.change'), key: 'change', align: 'right', render: (_: unknown, r) => <Delta before={r.before} after={r.after} /> },
      ]}
    />
  );
}

export type { MatterFigures };

// Login name → the name a person goes by, shared by every page (names do not change while a page is open).
const PEOPLE = new Map<string, string | null>();

/** How many names one request asks for. */
const PEOPLE_PER_REQUEST = 200;

/**
 * People's names for the login names a page holds (assignees, starters, authors): asks the
 * server once for those not yet known; a login name stands in until the name arrives, and stays
 * for someone the caller may not see.
 */
export function usePeople(usernames: ReadonlyArray<string | null | undefined>): (username: string | null | undefined) => string {
  // The names the page holds, not those still missing: the answer changes what is missing, and
  // must not count as new inputs (that would load again and render the page twice for nothing).
  const key = [...new Set(usernames.filter((u): u is string => !!u))].sort().join('\n');
  // The answer fills the shared names; its arrival renders the page again with them.
  // (names are a courtesy: after a failure the login names still show)
  useLoad(
    async (signal) => {
      const missing = key ? key.split('\n').filter((u) => !PEOPLE.has(u)) : [];
      for (let i = 0; i < missing.length; i += PEOPLE_PER_REQUEST) {
        const names = missing.slice(i, i + PEOPLE_PER_REQUEST);
        const query = names.map((u) => `username=${encodeURIComponent(u)}`).join('&');
        const answer = await request<{ items: Array<{ username: string; displayName: string }> }>('GET', `/api/org/people?${query}`, undefined, { signal });
        for (const u of names) PEOPLE.set(u, null);
        for (const p of answer.items) PEOPLE.set(p.username, p.displayName);
      }
      return missing.length;
    },
    [key],
  );
  return (username) => (username ? (PEOPLE.get(username) ?? username) : '');
}

/** Region code → name, from the regions the caller can see (codes stand in until they arrive). */
export function useRegions(): { name: (code: string) => string } {
  // (names are a convenience: after a failure the codes still show)
  const answer = useLoad((signal) => api.regions(signal), []).data;
  const regions = useMemo(() => new Map((answer?.items ?? []).map((r) => [r.code, r.name])), [answer]);
  return { name: (code: string) => regions.get(code) ?? code };
}
