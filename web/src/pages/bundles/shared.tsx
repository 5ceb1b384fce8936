// What the bundle pages share: who writes bundles, who sees drafts' internals, the status tag.
import { Tag } from 'antd';
import type { BundleSummary } from '../../api/bundles.js';
import { useI18n } from '../../i18n/index.js';
import { rolesFor } from '../../../../src/org/access-rules.js';

// Who writes bundles and who sees drafts' internals comes from the rule table the server reads.
export const WRITERS = new Set(rolesFor('bundles.write'));
export const DRAFT_READERS = new Set(rolesFor('bundles.drafts'));

/** A bundle's status: draft or published. */
export function StatusTag({ status }: { status: BundleSummary['status'] }) {
  const { t } = useI18n();
  return <Tag color={status === 'published' ? 'success' : 'default'}>{t(`bundleStatus.${status}`)}</Tag>;
}
