/**
 * Token-exposure probes as data: what a hostile content-script context or web page tries in order
 * to reach the extension's tokens, secrets or privileged actions. Each probe is JavaScript source
 * run in one world; a browser-specific runner (test/e2e/security.e2e.ts for Chromium) evaluates
 * it, scans what came back for the secrets, and checks that the worker's state did not change.
 * `blocked` states the expectation in Chromium; a Firefox runner may judge some differently
 * (Firefox content scripts can read storage.local, which holds no secret) through `blockedIn`.
 */

export type ProbeWorld = 'content-script' | 'page';

/** What a probe's source produced: its JSON-safe return value, or the error it threw. */
export type ProbeResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface ProbeContext {
  extensionId: string;
  /** `chrome-extension://<id>` (or `moz-extension://<uuid>`), without a trailing slash. */
  extensionOrigin: string;
  /** Some text of the upload warning as shown (read by the runner from the accessibility tree). */
  warningText: string;
}

export interface Probe {
  id: string;
  world: ProbeWorld;
  /** The attempt, in words (for the report table). */
  attempt: string;
  /**
   * Body of an async function run in `world`, with `ctx` (a ProbeContext) in scope; what it
   * returns is what the attacker got.
   */
  source: string;
  /** Whether the attempt was blocked, judged on its result (the secret scan comes on top). */
  blocked(result: ProbeResult): boolean;
  /** Sends something to the worker: the worker's state must be the same afterwards. */
  mustNotChangeState?: boolean;
  /** Page-world script installed before any page script runs, in a tab of its own. */
  beforePageScripts?: string;
  /** Needs the upload-page warning on screen (files chosen). */
  needsWarning?: boolean;
  /** Other browsers' verdicts where they differ from Chromium's. */
  blockedIn?: Partial<Record<'firefox', (result: ProbeResult) => boolean>>;
}

const threw = (r: ProbeResult) => !r.ok;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const emptyObject = (r: ProbeResult) => !r.ok || (isRecord(r.value) && Object.keys(r.value).length === 0);
const refusedReply = (r: ProbeResult) => r.ok && isRecord(r.value) && r.value.ok === false && r.value.error === 'refused';

/** The expression to evaluate for `probe` (a promise of a ProbeResult). */
export function probeExpression(probe: Probe, ctx: ProbeContext): string {
  return `(async () => {
  const ctx = ${JSON.stringify(ctx)};
  try {
    const value = await (async () => {\n${probe.source}\n})();
    return { ok: true, value: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
  } catch (error) {
    return { ok: false, error: String((error && error.message) || error) };
  }
})()`;
}

// ---- content-script world: the extension's own content script context on www.flickr.com ----

/** Messages a content script must not get answered: popup/options requests, unknown and malformed ones. */
const REFUSED_MESSAGES: [string, unknown][] = [
  ['sign-out', { type: 'sign-out' }],
  ['sign-in', { type: 'sign-in' }],
  ['refresh', { type: 'refresh' }],
  ['popup-opened', { type: 'popup-opened' }],
  ['ping', { type: 'ping' }],
  ['credentials/save', { type: 'credentials/save', key: 'attacker-key', secret: 'attacker-secret' }],
  ['credentials/clear', { type: 'credentials/clear' }],
  ['settings/save', { type: 'settings/save', settings: { pollIntervalMinutes: 15, notifications: true } }],
  ['unknown: vault/get', { type: 'vault/get', key: 'access' }],
  ['unknown: get-token', { type: 'get-token' }],
  ['unknown: empty type', { type: '' }],
  ['malformed: null', null],
  ['malformed: bare string', 'sign-out'],
  ['malformed: array', ['sign-out']],
  ['malformed: number type', { type: 42 }],
  ['malformed: __proto__ type', JSON.parse('{"type":"__proto__","__proto__":{"type":"sign-out"}}')],
  ['malformed: extra key', { type: 'upload-limits/get', tab: 1 }],
  ['malformed: negative fileCount', { type: 'upload-session/ended', fileCount: -1 }],
  ['malformed: string fileCount', { type: 'upload-session/ended', fileCount: '3' }],
  ['malformed: oversized credentials', { type: 'credentials/save', key: 'k'.repeat(5000), secret: 's' }],
];

const messageProbes: Probe[] = REFUSED_MESSAGES.map(([name, message]) => ({
  id: `message ${name}`,
  world: 'content-script',
  attempt: `runtime.sendMessage(${JSON.stringify(message)?.slice(0, 60)})`,
  source: `return await chrome.runtime.sendMessage(${JSON.stringify(message)});`,
  blocked: refusedReply,
  mustNotChangeState: true,
}));

const UPLOAD_LIMIT_KEYS = [
  'photoMaxBytes',
  'videoMaxBytes',
  'videosLeft',
  'itemsLeft',
  'bandwidthLeftBytes',
  'videoMaxSeconds',
  'fetchedAt',
];

export const CONTENT_SCRIPT_PROBES: Probe[] = [
  {
    id: 'storage.local read',
    world: 'content-script',
    attempt: 'chrome.storage.local.get(null)',
    source: 'return await chrome.storage.local.get(null);',
    blocked: threw,
    blockedIn: { firefox: () => true }, // readable there; holds no secret (the scan decides)
  },
  {
    id: 'storage.local write',
    world: 'content-script',
    attempt: "chrome.storage.local.set({ session: 'signed-out' })",
    source: "await chrome.storage.local.set({ session: { state: 'signed-out' } }); return 'written';",
    blocked: threw,
    mustNotChangeState: true,
  },
  {
    id: 'storage.session read',
    world: 'content-script',
    attempt: 'chrome.storage.session.get(null)',
    source: 'return await chrome.storage.session.get(null);',
    blocked: threw,
  },
  {
    id: 'storage.sync read',
    world: 'content-script',
    attempt: 'chrome.storage.sync.get(null)',
    source: 'return await chrome.storage.sync.get(null);',
    blocked: emptyObject,
  },
  {
    id: 'storage.onChanged eavesdrop',
    world: 'content-script',
    attempt: 'chrome.storage.onChanged listener while the worker refreshes',
    // Listens for 4 s; the runner makes the worker write storage (a popup Refresh) meanwhile.
    source: `const seen = [];
try { chrome.storage.onChanged.addListener((changes, area) => seen.push({ area, changes })); } catch (e) { return { error: String(e.message || e) }; }
globalThis.__qbProbeListening = true;
await new Promise((r) => setTimeout(r, 4000));
return seen;`,
    blocked: (r) => !r.ok || (Array.isArray(r.value) && r.value.length === 0) || (isRecord(r.value) && 'error' in r.value),
  },
  {
    id: 'IndexedDB list',
    world: 'content-script',
    attempt: 'indexedDB.databases()',
    source: 'return (await indexedDB.databases()).map((d) => d.name);',
    blocked: (r) => !r.ok || (Array.isArray(r.value) && !r.value.includes('quota-badge-vault')),
  },
  {
    id: 'IndexedDB open vault',
    world: 'content-script',
    attempt: "indexedDB.open('quota-badge-vault') and read 'secrets'",
    source: `const db = await new Promise((resolve, reject) => {
  const open = indexedDB.open('quota-badge-vault');
  open.onsuccess = () => resolve(open.result);
  open.onerror = () => reject(open.error);
});
const stores = [...db.objectStoreNames];
let secrets = null;
if (stores.includes('secrets')) {
  secrets = await new Promise((resolve) => {
    const all = db.transaction('secrets').objectStore('secrets').getAll();
    all.onsuccess = () => resolve(all.result);
    all.onerror = () => resolve(null);
  });
}
db.close();
// Opening created an empty database of the page's own origin: remove it again.
await new Promise((resolve) => { const del = indexedDB.deleteDatabase('quota-badge-vault'); del.onsuccess = del.onerror = resolve; });
return { stores, secrets };`,
    blocked: (r) => !r.ok || (isRecord(r.value) && Array.isArray(r.value.stores) && r.value.stores.length === 0),
  },
  ...messageProbes,
  {
    id: 'message upload-limits/get (allowed)',
    world: 'content-script',
    attempt: "runtime.sendMessage({ type: 'upload-limits/get' }): limits only",
    source: "return await chrome.runtime.sendMessage({ type: 'upload-limits/get' });",
    blocked: (r) =>
      r.ok &&
      isRecord(r.value) &&
      r.value.state === 'ready' &&
      isRecord(r.value.limits) &&
      Object.keys(r.value).sort().join() === 'limits,state' &&
      Object.keys(r.value.limits).every((k) => UPLOAD_LIMIT_KEYS.includes(k)),
    mustNotChangeState: true,
  },
  {
    id: 'runtime.connect',
    world: 'content-script',
    attempt: "runtime.connect() then port.postMessage({ type: 'sign-out' })",
    source: `const port = chrome.runtime.connect({ name: 'probe' });
const got = [];
port.onMessage.addListener((m) => got.push(m));
port.postMessage({ type: 'sign-out' });
port.postMessage({ type: 'vault/get', key: 'access' });
await new Promise((r) => { port.onDisconnect.addListener(r); setTimeout(r, 1500); });
return got;`,
    blocked: (r) => !r.ok || (Array.isArray(r.value) && r.value.length === 0),
    mustNotChangeState: true,
  },
  {
    id: 'privileged APIs',
    world: 'content-script',
    attempt: 'chrome.identity / alarms / tabs / action / permissions / cookies from a content script',
    source: "return ['identity', 'alarms', 'tabs', 'action', 'permissions', 'cookies', 'scripting'].filter((k) => chrome[k] !== undefined);",
    blocked: (r) => r.ok && Array.isArray(r.value) && r.value.length === 0,
  },
  {
    id: 'fetch worker bundle',
    world: 'content-script',
    attempt: 'fetch(runtime.getURL(service-worker-loader.js)) and every asset it names',
    source: `const base = chrome.runtime.getURL('');
const loader = await (await fetch(base + 'service-worker-loader.js')).text();
const names = [...loader.matchAll(/['"]\\.?\\/?(assets\\/[^'"]+\\.js)['"]/g)].map((m) => m[1]);
const bodies = [loader];
for (const name of names) bodies.push(await (await fetch(base + name)).text());
return bodies.join('\\n');`,
    blocked: threw,
  },
  {
    id: 'extension page in an iframe',
    world: 'content-script',
    attempt: 'iframe the popup into flickr.com and read it',
    source: `const frame = document.createElement('iframe');
frame.src = chrome.runtime.getURL('src/popup/index.html');
document.body.append(frame);
await new Promise((r) => { frame.onload = r; setTimeout(r, 2000); });
let text = null;
try { text = frame.contentDocument ? frame.contentDocument.body.innerText : null; } catch (e) { text = null; }
frame.remove();
return text;`,
    blocked: (r) => !r.ok || r.value === null || r.value === '',
  },
];

// ---- the page's main world: flickr.com's own scripts ---------------------------------------

const pageFetch = (path: string): string =>
  `const response = await fetch(ctx.extensionOrigin + '/${path}');
return { status: response.status, body: (await response.text()).slice(0, 200) };`;

const pageLoad = (tag: 'img' | 'script', path: string): string =>
  `return await new Promise((resolve, reject) => {
  const el = document.createElement('${tag}');
  el.onload = () => resolve('loaded');
  el.onerror = () => reject(new Error('load refused'));
  el.src = ctx.extensionOrigin + '/${path}';
  document.head.append(el);
  setTimeout(() => reject(new Error('no answer')), 3000);
});`;

const WARNING_TAG = 'quota-badge-warning';

export const PAGE_PROBES: Probe[] = [
  {
    id: 'external message',
    world: 'page',
    attempt: "chrome.runtime.sendMessage(<extension id>, { type: 'sign-out' })",
    source: "return await chrome.runtime.sendMessage(ctx.extensionId, { type: 'sign-out' });",
    blocked: threw,
    mustNotChangeState: true,
  },
  {
    id: 'external connect',
    world: 'page',
    attempt: 'chrome.runtime.connect(<extension id>)',
    source: "const port = chrome.runtime.connect(ctx.extensionId); port.postMessage({ type: 'sign-out' }); return 'connected';",
    blocked: threw,
    mustNotChangeState: true,
  },
  {
    id: 'window.postMessage',
    world: 'page',
    attempt: "window.postMessage({ type: 'sign-out' }) and a CustomEvent, hoping the content script relays",
    source: `for (const type of ['sign-out', 'credentials/clear', 'refresh']) {
  window.postMessage({ type }, '*');
  document.dispatchEvent(new CustomEvent(type, { detail: { type } }));
}
await new Promise((r) => setTimeout(r, 1000));
return 'sent';`,
    blocked: (r) => r.ok, // judged by the unchanged state
    mustNotChangeState: true,
  },
  { id: 'fetch manifest', world: 'page', attempt: 'fetch(chrome-extension://<id>/manifest.json)', source: pageFetch('manifest.json'), blocked: threw },
  {
    id: 'fetch content script',
    world: 'page',
    attempt: 'fetch(<the content script file>)',
    source: pageFetch('content/upload-warning.js'),
    blocked: threw,
  },
  {
    id: 'fetch worker',
    world: 'page',
    attempt: 'fetch(service-worker-loader.js)',
    source: pageFetch('service-worker-loader.js'),
    blocked: threw,
  },
  {
    id: 'fetch no-cors',
    world: 'page',
    attempt: "fetch(manifest.json, { mode: 'no-cors' })",
    source: "const r = await fetch(ctx.extensionOrigin + '/manifest.json', { mode: 'no-cors' }); return { type: r.type, status: r.status };",
    blocked: threw,
  },
  { id: 'img icon', world: 'page', attempt: '<img src=chrome-extension://<id>/icons/icon-16.png>', source: pageLoad('img', 'icons/icon-16.png'), blocked: threw },
  {
    id: 'script tag',
    world: 'page',
    attempt: '<script src=<the content script file>>',
    source: pageLoad('script', 'content/upload-warning.js'),
    blocked: threw,
  },
  {
    id: 'page storage',
    world: 'page',
    attempt: "the page's own localStorage, sessionStorage, cookies, IndexedDB and service workers",
    source: `return {
  local: { ...localStorage },
  session: { ...sessionStorage },
  cookie: document.cookie,
  databases: (await indexedDB.databases()).map((d) => d.name),
  workers: (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
};`,
    blocked: (r) =>
      r.ok &&
      isRecord(r.value) &&
      Array.isArray(r.value.databases) &&
      !r.value.databases.includes('quota-badge-vault') &&
      Array.isArray(r.value.workers) &&
      r.value.workers.every((scope) => typeof scope === 'string' && scope.startsWith('https://')),
  },
  {
    id: 'warning shadow root',
    world: 'page',
    attempt: `document.querySelector('${WARNING_TAG}').shadowRoot`,
    source: `const host = document.querySelector('${WARNING_TAG}');
return { host: !!host, shadowRoot: host ? host.shadowRoot !== null : null };`,
    blocked: (r) => r.ok && isRecord(r.value) && r.value.host === true && r.value.shadowRoot === false,
    needsWarning: true,
  },
  {
    id: 'warning text',
    world: 'page',
    attempt: 'the warning host’s textContent, innerText and children',
    source: `const host = document.querySelector('${WARNING_TAG}');
return host ? { text: host.textContent + host.innerText, children: host.children.length } : null;`,
    blocked: (r) => r.ok && isRecord(r.value) && r.value.text === '' && r.value.children === 0,
    needsWarning: true,
  },
  {
    id: 'warning restyle',
    world: 'page',
    attempt: 'a page rule `quota-badge-warning { display: none !important }`',
    source: `const style = document.createElement('style');
style.textContent = '${WARNING_TAG} { display: none !important; visibility: hidden !important; opacity: 0 !important }';
document.head.append(style);
const host = document.querySelector('${WARNING_TAG}');
const css = host ? getComputedStyle(host) : null;
const result = css ? { display: css.display, visibility: css.visibility, opacity: css.opacity } : null;
style.remove();
return result;`,
    blocked: (r) => r.ok && isRecord(r.value) && r.value.display === 'block' && r.value.visibility === 'visible' && r.value.opacity === '1',
    needsWarning: true,
  },
  {
    id: 'attachShadow hook',
    world: 'page',
    attempt: 'Element.prototype.attachShadow patched before any script, to catch the closed root',
    beforePageScripts: `(() => {
  const original = Element.prototype.attachShadow;
  window.__qbCaught = [];
  Element.prototype.attachShadow = function (init) {
    const root = original.call(this, init);
    window.__qbCaught.push({ tag: this.localName, root });
    return root;
  };
})();`,
    source: `const host = document.querySelector('${WARNING_TAG}');
return { host: !!host, caught: window.__qbCaught.map((c) => ({ tag: c.tag, text: c.root.textContent })) };`,
    blocked: (r) => r.ok && isRecord(r.value) && r.value.host === true && Array.isArray(r.value.caught) && r.value.caught.length === 0,
    needsWarning: true,
  },
  {
    id: 'custom element squat',
    world: 'page',
    attempt: `customElements.define('${WARNING_TAG}', …) before the content script, to get the host and its root`,
    beforePageScripts: `(() => {
  window.__qbSquat = [];
  customElements.define('${WARNING_TAG}', class extends HTMLElement {
    constructor() { super(); window.__qbSquat.push(this); }
    connectedCallback() { window.__qbSquat.push(this); }
  });
})();`,
    source: `await new Promise((r) => setTimeout(r, 500));
return window.__qbSquat.map((el) => ({ shadowRoot: el.shadowRoot !== null, text: el.textContent }));`,
    // The page may see its own element class instantiated (the DOM is shared); never the root or its text.
    blocked: (r) =>
      r.ok && Array.isArray(r.value) && r.value.every((el) => isRecord(el) && el.shadowRoot === false && el.text === ''),
    needsWarning: true,
  },
  {
    id: 'warning in innerText',
    world: 'page',
    attempt: 'document.documentElement.innerText, looking for the warning',
    source: 'return document.documentElement.innerText.includes(ctx.warningText);',
    blocked: (r) => r.ok && r.value === false,
    needsWarning: true,
  },
  {
    id: 'warning in a selection',
    world: 'page',
    attempt: 'select the whole document and read the selection',
    source: `const selection = getSelection();
selection.selectAllChildren(document.documentElement);
const text = selection.toString();
selection.removeAllRanges();
return text.includes(ctx.warningText);`,
    blocked: (r) => r.ok && r.value === false,
    needsWarning: true,
  },
  {
    id: 'custom element internals',
    world: 'page',
    attempt: `squat '${WARNING_TAG}' and read the closed root through attachInternals().shadowRoot`,
    beforePageScripts: `(() => {
  window.__qbInternals = [];
  customElements.define('${WARNING_TAG}', class extends HTMLElement {
    constructor() { super(); window.__qbInternals.push(this.attachInternals()); }
  });
})();`,
    source: `await new Promise((r) => setTimeout(r, 500));
return window.__qbInternals.map((internals) => (internals.shadowRoot ? internals.shadowRoot.textContent : null));`,
    blocked: (r) => r.ok && Array.isArray(r.value) && r.value.every((text) => text === null),
    needsWarning: true,
  },
];

export const ALL_PROBES: Probe[] = [...CONTENT_SCRIPT_PROBES, ...PAGE_PROBES];

/** Secrets that leaked into `text` (never the secrets themselves in a report: their labels). */
export function leakedSecrets(text: string, secrets: ReadonlyMap<string, string>): string[] {
  return [...secrets].filter(([, value]) => value.length >= 6 && text.includes(value)).map(([label]) => label);
}
