import { runInNewContext } from 'node:vm';
import { dashboardPage } from '../../../local/dashboard';

/** Just enough of the DOM for the dashboard script (no browser in CI): elements, text, attributes, children. */
export class FakeNode {
  className = '';
  textContent = '';
  colSpan = 1;
  readonly attributes = new Map<string, string>();
  children: FakeNode[] = [];

  constructor(readonly tag: string) {}

  appendChild(child: FakeNode): FakeNode {
    this.children.push(child);
    return child;
  }

  replaceChildren(...nodes: FakeNode[]): void {
    this.children = [...nodes];
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }

  get lastChild(): FakeNode | undefined {
    return this.children.at(-1);
  }

  /** Every text below this node, depth first. */
  allText(): string {
    return [this.textContent, ...this.children.map((c) => c.allText())].filter(Boolean).join(' ');
  }

  find(tag: string): FakeNode[] {
    return this.children.flatMap((c) => [...(c.tag === tag ? [c] : []), ...c.find(tag)]);
  }
}

export interface PageRun {
  readonly byId: (id: string) => FakeNode;
}

/**
 * Runs the page's script once against the dashboard at `baseUrl`: the first poll fetches every endpoint and renders;
 * resolves when it schedules the next poll (which is not run).
 */
export async function runPageScriptOnce(baseUrl: string): Promise<PageRun> {
  const html = dashboardPage();
  const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
  const elements = new Map<string, FakeNode>();
  for (const match of html.matchAll(/<(\w+)[^>]*\sid="([^"]+)"/g)) elements.set(match[2] ?? '', new FakeNode(match[1] ?? ''));
  const byId = (id: string): FakeNode => {
    const node = elements.get(id);
    if (!node) throw new Error(`the page has no element #${id}`);
    return node;
  };
  let done: () => void = () => undefined;
  const polled = new Promise<void>((resolve) => {
    done = resolve;
  });
  runInNewContext(script, {
    document: {
      getElementById: (id: string) => elements.get(id) ?? null,
      createElement: (tag: string) => new FakeNode(tag),
      createElementNS: (_ns: string, tag: string) => new FakeNode(tag),
    },
    Node: FakeNode,
    fetch: (path: string, init: RequestInit) => fetch(new URL(path, baseUrl), init),
    setTimeout: () => done(),
  });
  await polled;
  return { byId };
}
