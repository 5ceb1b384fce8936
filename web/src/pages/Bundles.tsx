// 一件事: bundles of matters merged into one service. The list, a wizard that picks matters
// from any department and previews the draft, and a saved bundle with its unified form,
// material list, commitment letter, process diagram, before/after, print/PDF and publishing.
import { useParams } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext.js';
import { Forbidden } from './StatusPage.js';
import BundleDetail from './bundles/BundleDetail.js';
import BundleList from './bundles/BundleList.js';
import BundleWizard from './bundles/BundleWizard.js';
import { WRITERS } from './bundles/shared.js';

export default function Bundles() {
  const rest = useParams()['*'] ?? '';
  const { user } = useAuth();
  if (rest === 'new') return user && WRITERS.has(user.role) ? <BundleWizard /> : <Forbidden />;
  const id = /^(\d+)$/.exec(rest);
  if (id) return <BundleDetail id={Number(id[1])} />;
  return <BundleList />;
}
