/**
 * Designer layout for flows written as code. The Connect flow designer places each block at
 * `Metadata.ActionMetadata.<Identifier>.position` ({x, y}) and the start marker at
 * `Metadata.entryPointPosition` — the shape every designer export carries (e.g. the exports in
 * shared/corpus/external-flows/). A flow deployed without them opens with every block stacked in one
 * corner. `layoutFlow` gives such a flow a deterministic layered layout, left to right like the designer:
 * a block's column is its distance from the start (breadth first over its branches: conditions, then the
 * success path, then errors), its row its order of discovery in that column; blocks no path reaches go in
 * a last column.
 *
 * Positions a file already has (a flow pulled after a designer edit: `flows pull` keeps the designer's
 * Metadata) are kept as they are; only blocks without one are placed, in columns right of the saved ones.
 * Applied where infra serialises the flow (ContactFlows), so the files in contact-flows/ stay free of
 * coordinates until the designer saves some.
 */
import type { FlowAction, FlowContent, FlowFile } from './model.ts';

export interface Position {
  x: number;
  y: number;
}

/** Designer units: a block is ~200 wide; tall blocks (menus) need the row height. */
export const ENTRY_POSITION: Position = { x: 40, y: 40 };
export const FIRST_COLUMN_X = 240;
export const COLUMN_WIDTH = 280;
export const ROW_HEIGHT = 200;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function savedPosition(meta: unknown): Position | undefined {
  if (!isObject(meta) || !isObject(meta['position'])) return undefined;
  const { x, y } = meta['position'];
  return typeof x === 'number' && typeof y === 'number' ? { x, y } : undefined;
}

/** Branch targets of a block, in the order the designer draws them. */
function targets(a: FlowAction): string[] {
  const t = a.Transitions ?? {};
  return [
    ...(t.Conditions ?? []).map((c) => c.NextAction),
    ...(t.NextAction ? [t.NextAction] : []),
    ...(t.Errors ?? []).map((e) => e.NextAction),
  ];
}

/** Column (distance from the start) of every block; unreachable blocks get one column past the last. */
export function layers(content: Pick<FlowContent, 'StartAction' | 'Actions'>): Map<string, number> {
  const byId = new Map(content.Actions.map((a) => [a.Identifier, a]));
  const layer = new Map<string, number>();
  const queue: string[] = [];
  if (byId.has(content.StartAction)) {
    layer.set(content.StartAction, 0);
    queue.push(content.StartAction);
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const next of targets(byId.get(id)!))
      if (byId.has(next) && !layer.has(next)) {
        layer.set(next, layer.get(id)! + 1);
        queue.push(next);
      }
  }
  const last = Math.max(-1, ...layer.values());
  for (const a of content.Actions) if (!layer.has(a.Identifier)) layer.set(a.Identifier, last + 1);
  return layer;
}

/** Positions for the blocks that have none, starting at column x `startX`; discovery order within a column. */
function place(content: FlowContent, missing: ReadonlySet<string>, startX: number): Map<string, Position> {
  const layerOf = layers(content);
  // Discovery order = breadth-first order, then file order for unreachable blocks.
  const order = [...layerOf.keys()];
  const rows = new Map<number, number>();
  const columns = [...new Set(order.filter((id) => missing.has(id)).map((id) => layerOf.get(id)!))].sort(
    (a, b) => a - b,
  );
  const columnIndex = new Map(columns.map((l, i) => [l, i]));
  const out = new Map<string, Position>();
  for (const id of order) {
    if (!missing.has(id)) continue;
    const col = columnIndex.get(layerOf.get(id)!)!;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    out.set(id, { x: startX + col * COLUMN_WIDTH, y: ENTRY_POSITION.y + row * ROW_HEIGHT });
  }
  return out;
}

/**
 * The flow with designer positions for every block: saved ones kept, the others laid out. Returns the
 * same object when every block already has a position.
 */
export function layoutFlow<T extends Pick<FlowFile, 'content'>>(flow: T): T {
  const content = flow.content;
  const metadata = isObject(content.Metadata) ? content.Metadata : {};
  const saved = isObject(metadata['ActionMetadata']) ? metadata['ActionMetadata'] : {};
  const missing = new Set(
    content.Actions.map((a) => a.Identifier).filter((id) => savedPosition(saved[id]) === undefined),
  );
  if (missing.size === 0 && isObject(metadata['entryPointPosition'])) return flow;
  const savedX = content.Actions.flatMap((a) => savedPosition(saved[a.Identifier])?.x ?? []);
  const startX = savedX.length > 0 ? Math.max(...savedX) + COLUMN_WIDTH : FIRST_COLUMN_X;
  const placed = place(content, missing, startX);
  const actionMetadata: Record<string, unknown> = { ...saved };
  for (const [id, position] of placed) {
    const existing = saved[id];
    actionMetadata[id] = { ...(isObject(existing) ? existing : {}), position };
  }
  return {
    ...flow,
    content: {
      ...content,
      Metadata: {
        ...metadata,
        entryPointPosition: isObject(metadata['entryPointPosition'])
          ? metadata['entryPointPosition']
          : ENTRY_POSITION,
        ActionMetadata: actionMetadata,
      },
    },
  };
}
