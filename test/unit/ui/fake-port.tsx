/** A stand-in for the browser: stored state you can change, and a log of what was sent. */
import { render, type ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import type { Reply, Request } from '../../../src/messages';
import { INITIAL_STATE, type StoredState } from '../../../src/state';
import type { ExtensionPort, UiServices } from '../../../src/ui/services';
import { ServicesContext } from '../../../src/ui/services';
import { catalogueTranslate } from '../../support/i18n';

type Answer = Reply | ((request: Request) => Promise<Reply>);

export class FakePort implements ExtensionPort {
  state: StoredState;
  readonly sent: Request[] = [];
  readonly answers = new Map<Request['type'], Answer>();
  permissionAnswer: boolean | Promise<boolean> = true;
  permissionRequests: string[] = [];
  optionsOpened = 0;
  private listeners = new Set<(patch: Partial<StoredState>) => void>();

  constructor(state: Partial<StoredState> = {}) {
    this.state = { ...INITIAL_STATE, ...state };
  }

  loadState() {
    return Promise.resolve(this.state);
  }

  watchState(listener: (patch: Partial<StoredState>) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the worker would do: write keys, which reach every page through onChanged. */
  write(patch: Partial<StoredState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(patch);
  }

  send(request: Request): Promise<Reply> {
    this.sent.push(request);
    const answer = this.answers.get(request.type) ?? { ok: true };
    return typeof answer === 'function' ? answer(request) : Promise.resolve(answer);
  }

  openOptionsPage() {
    this.optionsOpened++;
    return Promise.resolve();
  }

  requestPermission(permission: 'notifications') {
    this.permissionRequests.push(permission);
    return Promise.resolve(this.permissionAnswer);
  }

  sentTypes(): string[] {
    return this.sent.map((r) => r.type);
  }
}

/** 10 June 2025, 09:00 local time. */
export const NOW = new Date(2025, 5, 10, 9, 0).getTime();

export function fakeServices(port: ExtensionPort, clock: { now: number } = { now: NOW }): UiServices {
  return { port, t: catalogueTranslate(), lang: 'en', now: () => clock.now };
}

export async function mount(ui: ComponentChildren, services: UiServices): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  await act(() => {
    render(<ServicesContext.Provider value={services}>{ui}</ServicesContext.Provider>, container);
  });
  return container;
}

/** Let pending promises (replies) and the renders they cause finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

export function buttonNamed(root: HTMLElement, name: string): HTMLButtonElement {
  const matches = [...root.querySelectorAll('button')].filter((b) => b.textContent?.trim() === name);
  if (matches.length !== 1) throw new Error(`expected one button "${name}", found ${matches.length}`);
  return matches[0] as HTMLButtonElement;
}

export function hasButton(root: HTMLElement, name: string): boolean {
  return [...root.querySelectorAll('button')].some((b) => b.textContent?.trim() === name);
}

export function byTestId<T extends Element = HTMLElement>(root: ParentNode, id: string): T {
  const el = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no element with data-testid="${id}"`);
  return el;
}

export function text(root: ParentNode, id: string): string {
  return byTestId(root, id).textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The input a <label> with exactly this text points to. */
export function inputLabelled(root: HTMLElement, label: string): HTMLInputElement {
  const labels = [...root.querySelectorAll('label')].filter((l) => l.textContent?.trim() === label);
  if (labels.length !== 1) throw new Error(`expected one label "${label}", found ${labels.length}`);
  const input = root.querySelector<HTMLInputElement>(`#${labels[0]!.htmlFor}`);
  if (!input) throw new Error(`label "${label}" points at nothing`);
  return input;
}

export async function click(el: HTMLElement): Promise<void> {
  await act(() => {
    el.click();
  });
  await settle();
}

export async function type(input: HTMLInputElement, value: string): Promise<void> {
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
