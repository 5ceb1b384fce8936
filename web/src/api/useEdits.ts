// A page's edits to what it loaded (rows of a table edited in place): they are kept until the
// next answer arrives, which replaces them — after saving, the saved state comes back from the
// server. `loaded` must keep its identity between answers (`useLoad`'s `data`, or a constant).
import { useState } from 'react';

export function useEdits<T>(loaded: T): [value: T, edit: (change: (current: T) => T) => void, edited: boolean] {
  const [edits, setEdits] = useState<{ of: T; value: T } | null>(null);
  const edited = edits !== null && edits.of === loaded;
  const edit = (change: (current: T) => T) => setEdits((prev) => ({ of: loaded, value: change(prev && prev.of === loaded ? prev.value : loaded) }));
  return [edited ? edits.value : loaded, edit, edited];
}
