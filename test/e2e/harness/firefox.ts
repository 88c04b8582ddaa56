/**
 * Headless Firefox ESR driven over raw WebDriver BiDi (Playwright cannot drive ESR, and there is
 * no geckodriver). Firefox reaches the Flickr emulator through a local CONNECT proxy
 * (see proxy.ts), so the extension runs against the real Flickr URLs, unchanged.
 *
 * Usage:
 *   const fx = await launchFirefox({ extensionDir: 'dist/firefox', emulatorPort: emulator.port });
 *   try {
 *     // With no API key, the product opens its options page on install, in the first blank tab.
 *     const options = await fx.waitForContextUrl(fx.extensionUrl('src/options/index.html'));
 *     await fx.badge(options);
 *   } finally {
 *     await fx.close();
 *   }
 *
 * Firefox specifics: the background page is no BiDi context (evaluate `browser.*` in an
 * extension tab); the extension is a temporary add-on; a content script's world is not among
 * BiDi's realms; `identity.launchWebAuthFlow` first GETs its URL from the parent process, then
 * loads it again in a new window that starts at about:blank. A closed shadow root (the upload
 * warning) is out of reach of page and sandbox scripts: read it through `axTree`, the parent
 * process's accessibility tree (Firefox role names: 'pushbutton', 'statusbar', 'text leaf').
 * A password field has no role for BiDi's accessibility locator: target it by `{ label }`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BidiConnection, BidiError, deserialize, type BidiEvent, type RemoteValue } from './bidi';
import { startFlickrProxy, type FlickrProxy } from './proxy';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface FirefoxLaunchOptions {
  /** An unpacked extension whose manifest has `browser_specific_settings.gecko.id`. */
  extensionDir: string;
  /** Port of the Flickr emulator on 127.0.0.1; www/api.flickr.com are tunnelled to it. */
  emulatorPort: number;
  /** Default true. Headed needs a display. */
  headless?: boolean;
  /**
   * Sets `intl.locale.requested` and `intl.accept_languages`. The extension's `_locales` follow
   * the browser's UI language, which only changes when that language pack is installed
   * (Debian: `firefox-esr-l10n-<lang>`); a plain firefox-esr stays en-US.
   */
  locale?: string;
  /** More user.js prefs, applied last. */
  prefs?: Record<string, string | number | boolean>;
  executablePath?: string;
}

export interface EvaluateOptions {
  /** Default true: a returned promise is awaited and its value returned. */
  awaitPromise?: boolean;
  /** Run in a named BiDi sandbox instead of the page's realm (not the extension's content-script world). */
  sandbox?: string;
}

/**
 * Which element a command acts on: a CSS selector; a role and accessible name as the user
 * perceives them (BiDi's accessibility locator: exact match, no shadow roots); or the form
 * control labelled `label` (a password field has no role to match). Optionally only inside the
 * first element the CSS selector `within` matches.
 */
export type ElementTarget = string | { role?: string; name?: string; within?: string } | { label: string; within?: string };

const FORM_CONTROLS = new Set(['input', 'select', 'textarea']);

export interface BadgeState {
  text: string;
  color: [number, number, number, number];
  title: string;
}

/** One node of Firefox's accessibility tree (see `axTree`). */
export interface AXNode {
  /** Firefox's role string: 'alert', 'pushbutton', 'text leaf', 'document'... */
  role: string;
  /** The accessible name; null when it has none. */
  name: string | null;
  /** In CSS pixels relative to the page's viewport. */
  bounds: { x: number; y: number; width: number; height: number };
  children: AXNode[];
}

export interface ContextInfo {
  context: string;
  url: string;
}

export interface FirefoxTimings {
  /** Spawn until the BiDi server is listening. */
  launchMs: number;
  /** Websocket connect + session.new + subscribe. */
  sessionMs: number;
  /** webExtension.install. */
  installMs: number;
}

export interface FirefoxHarness {
  readonly bidi: BidiConnection;
  readonly proxy: FlickrProxy;
  /** `moz-extension://<uuid>` (no trailing slash), fixed through the profile's user.js. */
  readonly extensionOrigin: string;
  /** The gecko id from the manifest. */
  readonly extensionId: string;
  readonly extensionUuid: string;
  readonly profileDir: string;
  /** Firefox's pid, also its process group id (content processes share the group). */
  readonly pid: number;
  readonly timings: FirefoxTimings;
  /** Opens a tab, loads `url` (waits for `complete`) and returns its context id. */
  newTab(url?: string): Promise<string>;
  /** `moz-extension://<uuid>/<path>` */
  extensionUrl(path: string): string;
  /** `newTab(extensionUrl(path))`: an extension page, where `browser.*` is available. */
  openExtensionPage(path: string): Promise<string>;
  /** Loads `url` and waits for `complete`; returns the URL the context ended on. */
  navigate(context: string, url: string): Promise<string>;
  /** `script.evaluate` of an expression; the result as plain JSON (see bidi.ts `deserialize`). */
  evaluate<T = unknown>(context: string, expression: string, options?: EvaluateOptions): Promise<T>;
  /** `script.callFunction` with JSON arguments. Pass source text: a bundler may rewrite a Function. */
  callFunction<T = unknown>(context: string, functionDeclaration: string, args?: unknown[], options?: EvaluateOptions): Promise<T>;
  /** Polls `expression` every 100 ms until it is truthy; returns that value. */
  waitFor<T = unknown>(context: string, expression: string, timeoutMs?: number): Promise<T>;
  /** `input.setFiles` on the element `selector` matches (an `<input type=file>`); fires input/change. */
  setFiles(context: string, selector: ElementTarget, paths: readonly string[]): Promise<void>;
  /** A trusted click: scrolls the element into view, then `input.performActions` pointer down/up at its centre. */
  click(context: string, selector: ElementTarget): Promise<void>;
  /** A trusted click at a point of the viewport, in CSS pixels (e.g. an `AXNode`'s centre). */
  clickAt(context: string, x: number, y: number): Promise<void>;
  /**
   * The accessibility tree of a tab's page as assistive technology gets it from Firefox's parent
   * process: shadow roots are flattened in, closed ones too, which no page or BiDi sandbox script
   * can read. Evaluated in the browser window's chrome realm (needs --remote-allow-system-access).
   * The parent's copy is updated asynchronously after DOM changes: poll for what you expect.
   */
  axTree(context: string): Promise<AXNode>;
  /** Focuses the element, selects its content, and types `text` as trusted key events. */
  fill(context: string, selector: ElementTarget, text: string): Promise<void>;
  /** PNG of the viewport. */
  screenshot(context: string, path: string): Promise<void>;
  /**
   * The next top-level context created after this call (a tab, or the window
   * `identity.launchWebAuthFlow` opens). Call it before triggering, await it after.
   */
  waitForNewContext(timeoutMs?: number): Promise<string>;
  /** Resolves when `context` is closed (e.g. the sign-in window after its redirect). */
  waitForContextClosed(context: string, timeoutMs?: number): Promise<void>;
  /**
   * The first top-level context whose URL starts with `urlPrefix` (or matches it, for a RegExp),
   * polling until one appears: e.g. the options tab the extension opens itself on install.
   */
  waitForContextUrl(urlPrefix: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Top-level contexts (tabs and windows) with their current URLs. */
  contexts(): Promise<ContextInfo[]>;
  closeContext(context: string): Promise<void>;
  /**
   * The toolbar button's global state, read through `browser.action` in an extension page
   * context (Firefox's background page is not a BiDi browsing context).
   */
  badge(extensionPage: string): Promise<BadgeState>;
  /**
   * Firefox's stdout and stderr so far: `console.*` of the background and extension pages
   * (`console.error: "..."`, via `devtools.console.stdout.chrome`), of web pages, and uncaught
   * errors (`JavaScript error: <url>, line N: ...`).
   */
  output(): string;
  /** Ends the session, kills the process group, stops the proxy, removes the profile. Idempotent. */
  close(): Promise<void>;
}

const LISTENING = /WebDriver BiDi listening on (ws:\/\/\S+)/;
const STARTUP_TIMEOUT_MS = 30_000;
const OUTPUT_LIMIT = 4 * 1024 * 1024;
const EVENTS = ['browsingContext.contextCreated', 'browsingContext.contextDestroyed'];

export async function launchFirefox(options: FirefoxLaunchOptions): Promise<FirefoxHarness> {
  const extensionDir = resolve(options.extensionDir);
  const extensionId = await geckoId(extensionDir);
  const extensionUuid = randomUUID();
  const profileDir = await mkdtemp(join(tmpdir(), 'fx-e2e-'));
  const cleanup = new Cleanup(profileDir);
  try {
    const proxy = await startFlickrProxy({ targetPort: options.emulatorPort });
    cleanup.proxy = proxy;
    await writeFile(join(profileDir, 'user.js'), userJs(profilePrefs(proxy.port, extensionId, extensionUuid, options)));

    const started = Date.now();
    const args = ['--remote-debugging-port=0', '--remote-allow-system-access', '--no-remote', '--profile', profileDir];
    if (options.headless ?? true) args.unshift('--headless');
    const child = spawn(options.executablePath ?? FIREFOX_PATH, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Release builds ignore `services.settings.server` unless MOZ_REMOTE_SETTINGS_DEVTOOLS is set.
      env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    });
    cleanup.child = child;
    const wsUrl = await bidiUrl(child, cleanup);
    const launchMs = Date.now() - started;

    const sessionStarted = Date.now();
    const bidi = await BidiConnection.connect(`${wsUrl}/session`);
    cleanup.bidi = bidi;
    await bidi.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
    const createdWaiters = new Set<(info: ContextInfo) => void>();
    const destroyed = new Set<string>();
    const destroyedWaiters = new Map<string, Set<() => void>>();
    bidi.on((event: BidiEvent) => {
      const { context, url, parent } = event.params as { context: string; url: string; parent?: string | null };
      if (parent) return;
      if (event.method === 'browsingContext.contextCreated') {
        for (const waiter of createdWaiters) waiter({ context, url });
      } else if (event.method === 'browsingContext.contextDestroyed') {
        destroyed.add(context);
        for (const waiter of destroyedWaiters.get(context) ?? []) waiter();
        destroyedWaiters.delete(context);
      }
    });
    await bidi.send('session.subscribe', { events: EVENTS });
    const sessionMs = Date.now() - sessionStarted;

    const installStarted = Date.now();
    const installed = await bidi.send<{ extension: string }>('webExtension.install', {
      extensionData: { type: 'path', path: extensionDir },
    });
    const installMs = Date.now() - installStarted;
    if (installed.extension !== extensionId) {
      throw new Error(`installed extension id ${installed.extension}, expected ${extensionId}`);
    }

    const extensionOrigin = `moz-extension://${extensionUuid}`;
    const extensionUrl = (path: string): string => `${extensionOrigin}/${path.replace(/^\//, '')}`;

    const evaluate = async <T>(context: string, expression: string, opts: EvaluateOptions = {}): Promise<T> => {
      const reply = await bidi.send<ScriptResult>('script.evaluate', {
        expression,
        target: target(context, opts.sandbox),
        awaitPromise: opts.awaitPromise ?? true,
        resultOwnership: 'none',
      });
      return scriptValue(reply, expression) as T;
    };

    const callFunction = async <T>(context: string, fn: string, args: unknown[] = [], opts: EvaluateOptions = {}): Promise<T> => {
      const reply = await bidi.send<ScriptResult>('script.callFunction', {
        functionDeclaration: fn,
        arguments: args.map(localValue),
        target: target(context, opts.sandbox),
        awaitPromise: opts.awaitPromise ?? true,
        resultOwnership: 'none',
      });
      return scriptValue(reply, fn) as T;
    };

    const locateAll = async (context: string, locator: object, within?: string, maxNodeCount?: number): Promise<RemoteValue[]> => {
      let startNodes: { sharedId: string }[] | undefined;
      if (within !== undefined) {
        const [scope] = await locateAll(context, { type: 'css', value: within }, undefined, 1);
        if (scope?.sharedId === undefined) throw new Error(`no element matches ${within}`);
        startNodes = [{ sharedId: scope.sharedId }];
      }
      const { nodes } = await bidi.send<{ nodes: RemoteValue[] }>('browsingContext.locateNodes', {
        context,
        locator,
        ...(maxNodeCount === undefined ? {} : { maxNodeCount }),
        ...(startNodes ? { startNodes } : {}),
      });
      return nodes;
    };

    const locate = async (context: string, selector: ElementTarget): Promise<string> => {
      let node: RemoteValue | undefined;
      if (typeof selector === 'string') {
        [node] = await locateAll(context, { type: 'css', value: selector }, undefined, 1);
      } else if ('label' in selector) {
        const named = await locateAll(context, { type: 'accessibility', value: { name: selector.label } }, selector.within);
        node = named.find((n) => FORM_CONTROLS.has(String((n.value as { localName?: string } | undefined)?.localName)));
      } else {
        const { within, role, name } = selector;
        const value = { ...(role === undefined ? {} : { role }), ...(name === undefined ? {} : { name }) };
        [node] = await locateAll(context, { type: 'accessibility', value }, within, 1);
      }
      if (node?.sharedId === undefined) {
        throw new Error(`no element matches ${typeof selector === 'string' ? selector : JSON.stringify(selector)}`);
      }
      return node.sharedId;
    };

    const onElement = async (context: string, sharedId: string, fn: string): Promise<void> => {
      const reply = await bidi.send<ScriptResult>('script.callFunction', {
        functionDeclaration: fn,
        arguments: [{ sharedId }],
        target: { context },
        awaitPromise: true,
      });
      scriptValue(reply, fn);
    };

    const navigate = async (context: string, url: string): Promise<string> => {
      const reply = await bidi.send<{ url: string }>('browsingContext.navigate', { context, url, wait: 'complete' });
      return reply.url;
    };

    const newTab = async (url?: string): Promise<string> => {
      const { context } = await bidi.send<{ context: string }>('browsingContext.create', { type: 'tab' });
      if (url !== undefined) await navigate(context, url);
      return context;
    };

    // A click may close its own context (the sign-in window after its redirect): nothing is left to release then.
    const releaseActions = async (context: string): Promise<void> => {
      await bidi.send('input.releaseActions', { context }).catch((error: unknown) => {
        if (!(error instanceof BidiError && error.code === 'no such frame')) throw error;
      });
    };

    const pointerClick = async (context: string, origin: unknown, x: number, y: number): Promise<void> => {
      await bidi.send('input.performActions', {
        context,
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', x, y, origin },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
      await releaseActions(context);
    };

    let chromeContext: string | undefined;
    const axTree = async (context: string): Promise<AXNode> => {
      if (chromeContext === undefined) {
        const { contexts } = await bidi.send<{ contexts: ContextInfo[] }>('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
        chromeContext = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml')?.context;
        if (chromeContext === undefined) throw new Error('no browser window among the chrome contexts');
      }
      // The first use starts the accessibility service; the tab's document follows shortly.
      const deadline = Date.now() + 5_000;
      for (;;) {
        const reply = await bidi.send<ScriptResult>('script.callFunction', {
          functionDeclaration: AX_TREE_FUNCTION,
          arguments: [localValue(context)],
          target: { context: chromeContext },
          awaitPromise: true,
          resultOwnership: 'none',
        });
        const tree = scriptValue(reply, 'axTree') as string | null;
        if (tree !== null) return JSON.parse(tree) as AXNode;
        if (Date.now() > deadline) throw new Error(`no accessible document for context ${context} within 5 s`);
        await sleep(100);
      }
    };

    const click = async (context: string, selector: ElementTarget): Promise<void> => {
      const sharedId = await locate(context, selector);
      await onElement(context, sharedId, '(el) => el.scrollIntoView({ block: "center", inline: "center" })');
      await pointerClick(context, { type: 'element', element: { sharedId } }, 0, 0);
    };

    const harness: FirefoxHarness = {
      bidi,
      proxy,
      extensionOrigin,
      extensionId,
      extensionUuid,
      profileDir,
      pid: child.pid ?? -1,
      timings: { launchMs, sessionMs, installMs },
      newTab,
      extensionUrl,
      openExtensionPage: (path) => newTab(extensionUrl(path)),
      navigate,
      evaluate,
      callFunction,
      async waitFor<T>(context: string, expression: string, timeoutMs = 10_000): Promise<T> {
        const deadline = Date.now() + timeoutMs;
        let last: unknown;
        for (;;) {
          try {
            last = await evaluate<T>(context, expression);
            if (last) return last as T;
          } catch (error) {
            // A navigation in progress discards the realm; keep polling.
            last = error;
          }
          if (Date.now() > deadline) {
            const seen = last instanceof Error ? last.message : JSON.stringify(last);
            throw new Error(`waitFor timed out after ${timeoutMs} ms: ${expression} (last: ${seen})`);
          }
          await sleep(100);
        }
      },
      async setFiles(context, selector, paths) {
        const sharedId = await locate(context, selector);
        await bidi.send('input.setFiles', {
          context,
          element: { sharedId },
          files: paths.map((path) => resolve(path)),
        });
      },
      click,
      clickAt: (context, x, y) => pointerClick(context, 'viewport', Math.round(x), Math.round(y)),
      axTree,
      async fill(context, selector, text) {
        const sharedId = await locate(context, selector);
        await onElement(context, sharedId, '(el) => { el.scrollIntoView({ block: "center" }); el.focus(); el.select?.(); }');
        const keys = [...text].flatMap((value) => [
          { type: 'keyDown', value },
          { type: 'keyUp', value },
        ]);
        // With the content selected, the first key replaces it; an empty text deletes it.
        const actions = text === '' ? [{ type: 'keyDown', value: '\uE017' }, { type: 'keyUp', value: '\uE017' }] : keys;
        await bidi.send('input.performActions', { context, actions: [{ type: 'key', id: 'keyboard', actions }] });
        await releaseActions(context);
      },
      async screenshot(context, path) {
        const { data } = await bidi.send<{ data: string }>('browsingContext.captureScreenshot', { context });
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, Buffer.from(data, 'base64'));
      },
      waitForNewContext(timeoutMs = 10_000) {
        return new Promise<string>((resolvePromise, reject) => {
          const waiter = (info: ContextInfo): void => {
            clearTimeout(timer);
            createdWaiters.delete(waiter);
            resolvePromise(info.context);
          };
          const timer = setTimeout(() => {
            createdWaiters.delete(waiter);
            reject(new Error(`no new browsing context within ${timeoutMs} ms`));
          }, timeoutMs);
          createdWaiters.add(waiter);
        });
      },
      waitForContextClosed(context, timeoutMs = 10_000) {
        if (destroyed.has(context)) return Promise.resolve();
        return new Promise<void>((resolvePromise, reject) => {
          const waiters = destroyedWaiters.get(context) ?? new Set<() => void>();
          destroyedWaiters.set(context, waiters);
          const waiter = (): void => {
            clearTimeout(timer);
            resolvePromise();
          };
          const timer = setTimeout(() => {
            waiters.delete(waiter);
            reject(new Error(`context ${context} still open after ${timeoutMs} ms`));
          }, timeoutMs);
          waiters.add(waiter);
        });
      },
      async waitForContextUrl(urlPrefix, timeoutMs = 10_000) {
        const matches = (url: string): boolean => (typeof urlPrefix === 'string' ? url.startsWith(urlPrefix) : urlPrefix.test(url));
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = (await harness.contexts()).find((info) => matches(info.url));
          if (found) return found.context;
          if (Date.now() > deadline) throw new Error(`no context at ${String(urlPrefix)} within ${timeoutMs} ms`);
          await sleep(100);
        }
      },
      async contexts() {
        const { contexts } = await bidi.send<{ contexts: ContextInfo[] }>('browsingContext.getTree', { maxDepth: 0 });
        return contexts.map(({ context, url }) => ({ context, url }));
      },
      async closeContext(context) {
        await bidi.send('browsingContext.close', { context });
      },
      async badge(extensionPage) {
        return evaluate(
          extensionPage,
          `Promise.all([browser.action.getBadgeText({}), browser.action.getBadgeBackgroundColor({}), browser.action.getTitle({})])
             .then(([text, color, title]) => ({ text, color, title }))`,
        );
      },
      output: () => cleanup.output,
      close: () => cleanup.run(),
    };
    return harness;
  } catch (error) {
    await cleanup.run();
    const tail = cleanup.output.split('\n').slice(-20).join('\n');
    if (error instanceof Error && tail.trim() !== '') error.message += `\n--- firefox output (tail) ---\n${tail}`;
    throw error;
  }
}

/**
 * Runs in the browser window's chrome realm: finds the tab's <browser> through the remote agent's
 * own id map and walks the parent process's copy of its accessibility tree. Returned as JSON text
 * (a deep tree would exceed BiDi's serialization depth); null while the document has no
 * accessible yet.
 */
const AX_TREE_FUNCTION = String.raw`(contextId) => {
  const { NavigableManager } = ChromeUtils.importESModule('chrome://remote/content/shared/NavigableManager.sys.mjs');
  const browser = NavigableManager.getBrowserById(contextId);
  if (!browser) throw new Error('no tab for context ' + contextId);
  const service = Cc['@mozilla.org/accessibilityService;1'].getService(Ci.nsIAccessibilityService);
  const outer = service.getAccessibleFor(browser);
  const doc = outer && outer.firstChild;
  if (!doc) return null;
  const rect = (acc) => {
    const x = {}, y = {}, w = {}, h = {};
    try { acc.getBoundsInCSSPixels(x, y, w, h); } catch { return { x: 0, y: 0, width: 0, height: 0 }; }
    return { x: x.value, y: y.value, width: w.value, height: h.value };
  };
  const origin = rect(doc);
  const walk = (acc, depth) => {
    const r = rect(acc);
    const children = [];
    if (depth < 200) for (let child = acc.firstChild; child; child = child.nextSibling) children.push(walk(child, depth + 1));
    return {
      role: service.getStringRole(acc.role),
      name: acc.name,
      bounds: { x: r.x - origin.x, y: r.y - origin.y, width: r.width, height: r.height },
      children,
    };
  };
  return JSON.stringify(walk(doc, 0));
}`;

/** Everything launchFirefox started, torn down in reverse order, also when the test process exits. */
class Cleanup {
  child: ChildProcess | undefined;
  bidi: BidiConnection | undefined;
  proxy: FlickrProxy | undefined;
  output = '';
  private done: Promise<void> | undefined;
  private readonly onExit = (): void => this.killGroup('SIGKILL');

  constructor(private readonly profileDir: string) {
    process.once('exit', this.onExit);
  }

  append(chunk: Buffer): void {
    this.output += chunk.toString('utf8');
    if (this.output.length > OUTPUT_LIMIT) this.output = this.output.slice(-OUTPUT_LIMIT / 2);
  }

  run(): Promise<void> {
    this.done ??= this.teardown();
    return this.done;
  }

  private async teardown(): Promise<void> {
    process.off('exit', this.onExit);
    if (this.bidi && this.child && this.child.exitCode === null) {
      // A clean quit lets Firefox flush its profile; the process group is killed anyway below.
      await this.bidi.send('browser.close', {}, 3_000).catch(() => {});
    }
    this.bidi?.close();
    if (this.child) {
      const exited = await waitForExit(this.child, 3_000);
      if (!exited) {
        this.killGroup('SIGTERM');
        if (!(await waitForExit(this.child, 3_000))) this.killGroup('SIGKILL');
        await waitForExit(this.child, 3_000);
      }
      // Content processes share the group; make sure none outlives the parent.
      this.killGroup('SIGKILL');
      await this.groupGone(3_000);
    }
    await this.proxy?.stop().catch(() => {});
    await rm(this.profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => {});
  }

  /** SIGKILL is asynchronous: wait until no process of the group is left running. */
  private async groupGone(timeoutMs: number): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && (await groupRunning(pid))) await sleep(50);
  }

  private killGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  }
}

/**
 * Whether a process of group `pgid` is still running. Zombies do not count: the content
 * processes are reparented to PID 1 when Firefox exits, and a container's PID 1 may reap late.
 */
export async function groupRunning(pgid: number): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return signalable(-pgid);
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => resolvePromise(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise(true);
    });
  });
}

function bidiUrl(child: ChildProcess, cleanup: Cleanup): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`Firefox printed no BiDi URL within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => cleanup.append(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      cleanup.append(chunk);
      const found = LISTENING.exec(cleanup.output);
      if (found?.[1]) {
        clearTimeout(timer);
        resolvePromise(found[1]);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Firefox exited before its BiDi server started (code ${code}, signal ${signal})`));
    });
  });
}

async function geckoId(extensionDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
    applications?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id ?? manifest.applications?.gecko?.id;
  if (!id) throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
  return id;
}

type Pref = string | number | boolean;

function profilePrefs(proxyPort: number, extensionId: string, uuid: string, options: FirefoxLaunchOptions): Record<string, Pref> {
  const prefs: Record<string, Pref> = {
    // Every connection goes through the local proxy, which only tunnels the Flickr hosts.
    // Loopback stays direct (allow_hijacking_localhost false), so a test may still use 127.0.0.1 servers.
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': false,
    'network.proxy.socks_remote_dns': true,
    'network.dns.disablePrefetch': true,
    'network.trr.mode': 5,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'network.captive-portal-service.enabled': false,
    // Remote Settings (blocklists, experiments) would poll firefox.settings.services.mozilla.com
    // (refused by the proxy, but noise in its log).
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'network.connectivity-service.enabled': false,
    'extensions.webextensions.uuids': JSON.stringify({ [extensionId]: uuid }),
    'extensions.autoDisableScopes': 0,
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'xpinstall.signatures.required': false,
    'app.update.enabled': false,
    'app.update.auto': false,
    'app.update.disabledForTesting': true,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.startup.page': 0,
    'browser.startup.homepage': 'about:blank',
    'startup.homepage_welcome_url': 'about:blank',
    'startup.homepage_welcome_url.additional': '',
    'browser.aboutwelcome.enabled': false,
    'browser.newtabpage.enabled': false,
    'browser.sessionstore.resume_from_crash': false,
    'browser.tabs.warnOnClose': false,
    'browser.warnOnQuit': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'browser.translations.enable': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'toolkit.startup.max_resumed_crashes': -1,
    'dom.disable_open_during_load': false,
    'devtools.console.stdout.chrome': true,
    'devtools.console.stdout.content': true,
    'security.enterprise_roots.enabled': false,
  };
  if (options.locale) {
    prefs['intl.locale.requested'] = options.locale;
    prefs['intl.accept_languages'] = options.locale;
  }
  return { ...prefs, ...options.prefs };
}

function userJs(prefs: Record<string, Pref>): string {
  return Object.entries(prefs)
    .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
    .join('\n')
    .concat('\n');
}

type ScriptResult =
  | { type: 'success'; result: RemoteValue }
  | { type: 'exception'; exceptionDetails: { text?: string; exception?: RemoteValue; lineNumber?: number } };

function scriptValue(reply: ScriptResult, source: string): unknown {
  if (reply.type === 'success') return deserialize(reply.result);
  const text = reply.exceptionDetails.text ?? JSON.stringify(reply.exceptionDetails.exception);
  throw new Error(`script threw: ${text}\n  in: ${source.slice(0, 200)}`);
}

function target(context: string, sandbox: string | undefined): { context: string; sandbox?: string } {
  return sandbox === undefined ? { context } : { context, sandbox };
}

/** JSON to a BiDi LocalValue. */
function localValue(value: unknown): unknown {
  if (value === undefined) return { type: 'undefined' };
  if (value === null) return { type: 'null' };
  switch (typeof value) {
    case 'string':
      return { type: 'string', value };
    case 'boolean':
      return { type: 'boolean', value };
    case 'number':
      if (Number.isNaN(value)) return { type: 'number', value: 'NaN' };
      if (Object.is(value, -0)) return { type: 'number', value: '-0' };
      if (!Number.isFinite(value)) return { type: 'number', value: value > 0 ? 'Infinity' : '-Infinity' };
      return { type: 'number', value };
    case 'bigint':
      return { type: 'bigint', value: value.toString() };
    case 'object':
      if (Array.isArray(value)) return { type: 'array', value: value.map(localValue) };
      return { type: 'object', value: Object.entries(value).map(([key, item]) => [key, localValue(item)]) };
    default:
      throw new TypeError(`cannot pass a ${typeof value} to the browser`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

export { BidiError };
