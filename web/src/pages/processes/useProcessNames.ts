// Processes by their names (施工许可一件事), not their keys (bundle_1): the deployments the caller
// sees, read once per page; a key stands in until they arrive and for a process without a name.
import { useMemo } from 'react';
import { useLoad } from '../../api/useLoad.js';
import { engineApi } from './api.js';

export function useProcessNames(): (key: string | null | undefined) => string {
  // (after a failure the keys still show)
  const deployments = useLoad((signal) => engineApi.deployments(signal), []).data;
  const names = useMemo(() => new Map((deployments ?? []).filter((d) => d.name).map((d) => [d.processKey, d.name!])), [deployments]);
  return (key) => (key ? (names.get(key) ?? key) : '');
}
