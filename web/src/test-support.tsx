// Helpers for component tests under jsdom: render with react-dom and act, a fetch double that
// answers like the API, and the browser APIs jsdom lacks that Ant Design uses.
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { vi } from 'vitest';

declare global {
  // React reads this to know act() is in charge of flushing updates.
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

export function installBrowserShims(): void {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!('ResizeObserver' in globalThis)) {
    globalThis.ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
  }
  // Ant Design measures scrollbars through getComputedStyle with a pseudo-element, which jsdom does not implement.
  const original = window.getComputedStyle.bind(window);
  window.getComputedStyle = (element: Element) => original(element);
}

export interface Rendered {
  container: HTMLElement;
  unmount: () => void;
  text: () => string;
}

export async function render(ui: ReactNode): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(ui);
  });
  return {
    container,
    unmount: () => {
      act(() => root?.unmount());
      container.remove();
    },
    text: () => document.body.textContent ?? '',
  };
}

/** Retry an assertion until it holds, letting React and pending promises run in between. */
export async function waitFor<T>(check: () => T, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
      });
    }
  }
}

/** Type into an input the way React notices (through the native value setter and an input event). */
export async function typeInto(input: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  const setter = Object.getOwnPropertyDescriptor(input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype, 'value')?.set;
  await act(async () => {
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function click(element: Element): Promise<void> {
  await act(async () => {
    (element as HTMLElement).click();
  });
}

export function byTestId<T extends Element = HTMLElement>(id: string): T {
  const element = document.querySelector<T>(`[data-testid="${id}"]`);
  if (!element) throw new Error(`no element with data-testid="${id}"`);
  return element;
}

export function buttonByText(text: string): HTMLButtonElement {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes(text));
  if (!button) throw new Error(`no button with text "${text}"`);
  return button;
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

export type Answer = { status: number; body?: unknown };
export type Handler = (call: RecordedCall) => Answer;

/** Replace fetch with a table of `METHOD /path` handlers; unknown requests answer 404. */
export function mockApi(handlers: Record<string, Handler | Answer>): RecordedCall[] {
  const calls: RecordedCall[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries((init.headers as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const call: RecordedCall = { method, path, headers, body: init.body ? JSON.parse(String(init.body)) : undefined, credentials: init.credentials };
    calls.push(call);
    const handler = handlers[`${method} ${path}`];
    const answer: Answer =
      handler === undefined
        ? { status: 404, body: { error: { code: 'not_found', message: { zh: '未找到', en: 'not found' } } } }
        : typeof handler === 'function'
          ? handler(call)
          : handler;
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, { status: answer.status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

export const apiError = (status: number, code: string, zh: string, en: string, details?: unknown): Answer => ({
  status,
  body: { error: { code, message: { zh, en }, details } },
});
