// Processes by their names (施工许可一件事), not their keys (bundle_1): the deployments the caller
// sees, read once per page; a key stands in until they arrive and for a process without a name.
import { useEffect, useState } from 'react';
import { engineApi } from './api.js';

export function useProcessNames(): (key: string | null | undefined) => string {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    const controller = new AbortController();
    engineApi.deployments(controller.signal).then(
      (list) => setNames(new Map(list.filter((d) => d.name).map((d) => [d.processKey, d.name!]))),
      () => undefined, // the keys still show
    );
    return () => controller.abort();
  }, []);
  return (key) => (key ? (names.get(key) ?? key) : '');
}
