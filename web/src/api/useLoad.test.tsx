// @vitest-environment jsdom
import { act, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { render, waitFor } from '../test-support.js';
import { useLoad, type LoadOptions, type Loaded } from './useLoad.js';

/** A request the test answers by hand, seeing whether the hook aborted it. */
interface Pending {
  input: string;
  signal: AbortSignal;
  resolve: (value: string) => void;
  reject: (error: unknown) => void;
}

function harness(options: LoadOptions = {}) {
  const requests: Pending[] = [];
  let latest: Loaded<string> | null = null;
  const load = (input: string) => (signal: AbortSignal) => new Promise<string>((resolve, reject) => requests.push({ input, signal, resolve, reject }));
  function Probe({ input }: { input: string }) {
    latest = useLoad(load(input), [input], options);
    return <span data-testid="probe">{latest.data ?? (latest.error ? 'failed' : 'loading')}</span>;
  }
  return { requests, Probe, current: () => latest! };
}

describe('useLoad', () => {
  it('aborts a request whose inputs changed and ignores its late answer', async () => {
    const { requests, Probe } = harness();
    let setInput: (value: string) => void = () => {};
    function Page() {
      const [input, set] = useState('a');
      setInput = set;
      return <Probe input={input} />;
    }
    const page = await render(<Page />);
    await act(async () => setInput('b'));
    expect(requests.map((r) => r.input)).toEqual(['a', 'b']);
    expect(requests[0].signal.aborted).toBe(true);
    await act(async () => requests[0].resolve('old answer'));
    expect(page.text()).toBe('loading');
    await act(async () => requests[1].resolve('new answer'));
    await waitFor(() => expect(page.text()).toBe('new answer'));
    page.unmount();
  });

  it('aborts the request of a page that is left', async () => {
    const { requests, Probe } = harness();
    const page = await render(<Probe input="a" />);
    expect(requests[0].signal.aborted).toBe(false);
    page.unmount();
    expect(requests[0].signal.aborted).toBe(true);
  });

  it('shows the answer, keeps it while reloading, and reports a failure until the next load', async () => {
    const { requests, Probe, current } = harness();
    const page = await render(<Probe input="x" />);
    await act(async () => requests[0].resolve('answer 1'));
    await waitFor(() => expect(page.text()).toBe('answer 1'));
    expect(current().loading).toBe(false);
    await act(async () => current().reload());
    expect(requests).toHaveLength(2);
    expect(page.text()).toBe('answer 1');
    expect(current().loading).toBe(true);
    await act(async () => requests[1].reject(new Error('offline')));
    await waitFor(() => expect(current().error).toBeInstanceOf(Error));
    expect(current().data).toBe('answer 1');
    expect(current().loading).toBe(false);
    await act(async () => current().reload());
    expect(current().error).toBeNull();
    page.unmount();
  });

  it("shows an action's answer handed to set() until the next load", async () => {
    const { requests, Probe, current } = harness();
    const page = await render(<Probe input="x" />);
    await act(async () => requests[0].resolve('loaded'));
    await act(async () => current().set('after the action'));
    expect(page.text()).toBe('after the action');
    expect(requests).toHaveLength(1);
    await act(async () => current().reload());
    await act(async () => requests[1].resolve('loaded again'));
    expect(page.text()).toBe('loaded again');
    page.unmount();
  });

  it('keeps the answer while other inputs load, unless told to keep it only across reloads', async () => {
    for (const [keep, shownWhileBLoads] of [
      ['always', 'answer a again'],
      ['reload', 'loading'],
    ] as const) {
      const { requests, Probe, current } = harness({ keep });
      let setInput: (value: string) => void = () => {};
      function Page() {
        const [input, set] = useState('a');
        setInput = set;
        return <Probe input={input} />;
      }
      const page = await render(<Page />);
      await act(async () => requests[0].resolve('answer a'));
      await act(async () => current().reload());
      expect(page.text()).toBe('answer a');
      await act(async () => requests[1].resolve('answer a again'));
      await act(async () => setInput('b'));
      expect(page.text()).toBe(shownWhileBLoads);
      page.unmount();
    }
  });
});
