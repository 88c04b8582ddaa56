/** Chrome DevTools Protocol helpers: the content-script world, and the accessibility tree. */
import type { CDPSession, Page } from 'playwright-core';

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; frameId?: string; isDefault?: boolean };
}

/**
 * Evaluates `expression` in the extension's content-script (isolated) world of the page's main
 * frame and returns its value (promises are awaited; the value must be JSON-serialisable).
 * Waits up to `timeoutMs` for the content script to be injected.
 */
export async function isolatedWorldEvaluate<T = unknown>(
  page: Page,
  extensionId: string,
  expression: string,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {},
): Promise<T> {
  const session = await page.context().newCDPSession(page);
  try {
    const { frameTree } = await session.send('Page.getFrameTree');
    const mainFrameId = frameTree.frame.id;
    const origin = `chrome-extension://${extensionId}`;
    const contextId = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no content-script world of ${extensionId} in ${page.url()} after ${timeoutMs} ms`)),
        timeoutMs,
      );
      session.on('Runtime.executionContextCreated', ({ context }: { context: ExecutionContext }) => {
        if (context.auxData?.type === 'isolated' && context.origin === origin && context.auxData.frameId === mainFrameId) {
          clearTimeout(timer);
          resolve(context.id);
        }
      });
      // Runtime.enable reports every existing context first, then new ones as they appear.
      session.send('Runtime.enable').catch(reject);
    });
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
      expression,
      contextId,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) {
      throw new Error(`isolated-world evaluation failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    }
    return result.value as T;
  } finally {
    await session.detach().catch(() => {});
  }
}

export interface AXValue {
  type: string;
  value?: unknown;
}

export interface AXNode {
  nodeId: string;
  ignored: boolean;
  role?: AXValue;
  name?: AXValue;
  description?: AXValue;
  value?: AXValue;
  properties?: { name: string; value: AXValue }[];
  childIds?: string[];
  parentId?: string;
  backendDOMNodeId?: number;
  frameId?: string;
}

/** The full accessibility tree of the page; it includes the contents of closed shadow roots. */
export async function axTree(page: Page): Promise<AXNode[]> {
  const session: CDPSession = await page.context().newCDPSession(page);
  try {
    await session.send('Accessibility.enable');
    const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    return nodes;
  } finally {
    await session.detach().catch(() => {});
  }
}

/** The text of every node with role `alert` (its name, else the text of its descendants). */
export async function findAlertTexts(page: Page): Promise<string[]> {
  const nodes = await axTree(page);
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const textOf = (node: AXNode): string => {
    if (node.role?.value === 'StaticText') return String(node.name?.value ?? '');
    return (node.childIds ?? [])
      .map((id) => byId.get(id))
      .filter((child): child is AXNode => child !== undefined)
      .map(textOf)
      .join(' ');
  };
  return nodes
    .filter((node) => !node.ignored && node.role?.value === 'alert')
    .map((node) => {
      const name = String(node.name?.value ?? '').trim();
      return (name || textOf(node)).replace(/\s+/g, ' ').trim();
    });
}

/** A node of CDP's `DOM.getDocument({ pierce: true })`: closed shadow roots included. */
export interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
}

/** The whole document, shadow roots (closed ones too) pierced. */
export async function piercedDocument(cdp: CDPSession): Promise<DomNode> {
  return ((await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode }).root;
}

export function domAttribute(node: DomNode, name: string): string | undefined {
  const a = node.attributes ?? [];
  const i = a.indexOf(name);
  return i >= 0 ? a[i + 1] : undefined;
}

export function findDomNode(node: DomNode, match: (n: DomNode) => boolean): DomNode | undefined {
  if (match(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const hit = findDomNode(child, match);
    if (hit) return hit;
  }
  return undefined;
}
