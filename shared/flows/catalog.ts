/**
 * A read-only view of the block registry (shared/flows/blocks/) in the shape older callers use
 * (`ACTIONS[type].block`, `.success`). There is no table here any more: every entry is derived from the
 * block's own module, so this view cannot drift from the validator or the engine. New code: `blockFor`.
 */

import type { SuccessKind } from './blocks/block.ts';
import { BLOCKS, KNOWN_ACTION_TYPES } from './blocks/index.ts';
import type { FlowType } from './model.ts';

export { TRANSFER_TO_FLOW_TYPES } from './blocks/TransferToFlow.ts';
export { EVENT_HOOK_FLOW_TYPES } from './blocks/UpdateContactEventHooks.ts';
export type { SuccessKind };
export { KNOWN_ACTION_TYPES };

export interface ActionSpec {
  block: string;
  success: SuccessKind;
  errors: readonly string[];
  flowTypes: readonly FlowType[];
}

export const ACTIONS: Readonly<Record<string, ActionSpec>> = Object.fromEntries(
  BLOCKS.map((b) => [
    b.type,
    { block: b.label, success: b.branches.success, errors: b.branches.errors, flowTypes: b.flowTypes },
  ]),
);

/** The flow-type × action matrix, for docs and tests: flow type → allowed action types. */
export function actionsAllowedIn(type: FlowType): string[] {
  return KNOWN_ACTION_TYPES.filter((a) => ACTIONS[a]!.flowTypes.includes(type));
}
