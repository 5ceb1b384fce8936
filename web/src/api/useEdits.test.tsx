// @vitest-environment jsdom
import { act, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { render } from '../test-support.js';
import { useEdits } from './useEdits.js';

describe('useEdits', () => {
  it('keeps edits to an answer until the next answer replaces them', async () => {
    let edit: (change: (rows: string[]) => string[]) => void = () => {};
    let answer: (rows: string[]) => void = () => {};
    function Rows({ loaded }: { loaded: string[] }) {
      const [rows, change, edited] = useEdits(loaded);
      edit = change;
      return <span>{`${rows.join(',')}${edited ? ' (edited)' : ''}`}</span>;
    }
    function Page() {
      const [loaded, setLoaded] = useState(['a']);
      const [, setRenders] = useState(0);
      answer = setLoaded;
      // A render of the page for another reason keeps the edits.
      return (
        <div onClick={() => setRenders((n) => n + 1)}>
          <Rows loaded={loaded} />
        </div>
      );
    }
    const page = await render(<Page />);
    expect(page.text()).toBe('a');
    await act(async () => edit((rows) => [...rows, 'b']));
    await act(async () => edit((rows) => [...rows, 'c']));
    expect(page.text()).toBe('a,b,c (edited)');
    await act(async () => page.container.querySelector('div')!.click());
    expect(page.text()).toBe('a,b,c (edited)');
    await act(async () => answer(['a', 'b']));
    expect(page.text()).toBe('a,b');
    page.unmount();
  });
});
