// @vitest-environment jsdom
// People's names on a page: asked for once, and their arrival renders the page once more, not
// again for a second, empty load (names are shared by every page of the session: each test uses
// its own login names).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installBrowserShims, mockApi, render, waitFor, type Rendered } from '../../test-support.js';
import { usePeople } from './shared.js';

function people(names: Record<string, string>) {
  return { status: 200, body: { items: Object.entries(names).map(([username, displayName]) => ({ username, displayName })) } };
}

describe('usePeople', () => {
  let page: Rendered | undefined;
  beforeAll(installBrowserShims);
  afterEach(() => {
    page?.unmount();
    page = undefined;
    vi.unstubAllGlobals();
  });

  it('asks once for the names a page holds and renders it once with them', async () => {
    const calls = mockApi({ 'GET /api/org/people?username=people.a&username=people.b': people({ 'people.a': '张三', 'people.b': '李四' }) });
    let namedRenders = 0;
    function Names({ users }: { users: Array<string | null> }) {
      const person = usePeople(users);
      const text = users.map(person).join(',');
      if (text.includes('张三')) namedRenders++;
      return <span>{text}</span>;
    }
    page = await render(<Names users={['people.b', null, 'people.a', 'people.b']} />);
    await waitFor(() => expect(page!.text()).toBe('李四,,张三,李四'));
    expect(namedRenders).toBe(1);
    expect(calls.map((c) => c.path)).toEqual(['/api/org/people?username=people.a&username=people.b']);
  });

  it('asks for many names two hundred at a time', async () => {
    const users = Array.from({ length: 250 }, (_, i) => `many.${String(i).padStart(3, '0')}`);
    const asked: number[] = [];
    vi.stubGlobal('fetch', async (path: string) => {
      const names = new URL(path, 'http://localhost').searchParams.getAll('username');
      asked.push(names.length);
      return new Response(JSON.stringify(people(Object.fromEntries(names.map((u) => [u, `名${u.slice(5)}`]))).body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    function Names() {
      const person = usePeople(users);
      return <span>{person('many.249')}</span>;
    }
    page = await render(<Names />);
    await waitFor(() => expect(page!.text()).toBe('名249'));
    expect(asked).toEqual([200, 50]);
  });
});
