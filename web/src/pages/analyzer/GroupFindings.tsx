// One group's findings (a rule or a department), a page at a time from the server: a county of
// ten thousand matters never sends every finding to the browser. The filters (search, decision
// state) are the server's; the page is fetched when the group is opened.
import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { analyzerApi, type AnalyzerQuery, type Finding } from '../../api/analyzer.js';
import { useI18n } from '../../i18n/index.js';
import { FindingsTable, type FindingsTableProps } from './FindingsTable.js';

export const GROUP_PAGE_SIZE = 10;

export interface GroupFindingsProps extends Omit<FindingsTableProps, 'findings' | 'paging'> {
  /** The group and the page's filters, as GET /api/analyze takes them. */
  query: Omit<AnalyzerQuery, 'limit' | 'offset'>;
  /** Changes whenever the findings may have changed (after a decision or a fix). */
  reload: number;
  /** Each loaded page, so the page can name matters and keep the selection's findings. */
  onLoaded?: (findings: Finding[]) => void;
}

export function GroupFindings({ query, reload, onLoaded, ...table }: GroupFindingsProps) {
  const { lang } = useI18n();
  const [page, setPage] = useState(1);
  const key = JSON.stringify(query);
  // A new filter starts at the first page.
  useEffect(() => setPage(1), [key]);
  // (onLoaded is a callback of the parent; a new identity alone does not refetch)
  const { data, error, loading } = useLoad(
    (signal) =>
      analyzerApi.run({ ...(JSON.parse(key) as AnalyzerQuery), limit: GROUP_PAGE_SIZE, offset: (page - 1) * GROUP_PAGE_SIZE }, signal).then((a) => {
        onLoaded?.(a.findings);
        return { findings: a.findings, total: a.total };
      }),
    [key, page, reload],
  );
  if (error) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  return (
    <FindingsTable
      {...table}
      findings={data?.findings ?? []}
      paging={{ current: page, pageSize: GROUP_PAGE_SIZE, total: data?.total ?? 0, loading: loading || !data, onChange: setPage }}
    />
  );
}
