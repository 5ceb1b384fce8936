// Page tests: the app's routes rendered at a path against the fetch double, each test's page
// unmounted and the double removed after it.
import { afterEach, beforeAll, vi } from 'vitest';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { Providers, RootBoundary, routes } from '../App.js';
import { installBrowserShims, render, type Rendered } from '../test-support.js';

export async function renderAt(path: string): Promise<Rendered> {
  const router = createMemoryRouter([{ element: <RootBoundary />, children: routes }], { initialEntries: [path] });
  return render(
    <Providers lang="zh-CN">
      <RouterProvider router={router} />
    </Providers>,
  );
}

/** Call inside `describe`: browser shims before its tests; `open(path)` renders a page that is unmounted after the test. */
export function pageTests(): { open(path: string): Promise<Rendered> } {
  let view: Rendered | undefined;
  beforeAll(installBrowserShims);
  afterEach(() => {
    view?.unmount();
    view = undefined;
    vi.unstubAllGlobals();
  });
  return {
    async open(path) {
      view = await renderAt(path);
      return view;
    },
  };
}
