/**
 * Blocks whose AWS service has no offline emulator (Cases, Customer Profiles, Voice ID, Q in Connect,
 * tasks, media streaming, outbound campaigns): one factory, so each stand-in is documented the same way.
 * The stand-in logs what the real block would do, stores the fields it would return under its
 * `$.<Namespace>.*` path (e.g. `$.Customer.FirstName` = "(stand-in FirstName)") so later blocks read
 * something, and takes its default branch unless the world configures another (SimWorld.standIns).
 */
import type { z } from 'zod';
import type { FlowType } from '../model.ts';
import { type BlockCategory, type BlockDefinition, defineBlock, NME, standInResult } from './block.ts';

export interface ServiceBlockSpec {
  type: string;
  label: string;
  category: BlockCategory;
  docs: string;
  service: string;
  parameters: z.ZodType;
  flowTypes: readonly FlowType[];
  errors?: readonly string[];
  houseErrors?: readonly string[];
  /** Fixed result values (conditions) when the block branches on them. */
  conditionOperands?: readonly string[];
  /** Default outcome: "Success", a condition value, or "error:<ErrorType>". */
  default?: string;
  outcomes?: readonly string[];
  /** Where results go (`$.Customer.*`, `$.Case.*`…) and which parameter lists the fields to return. */
  stores?: { namespace: string; fieldsFrom?: string; fields?: readonly string[] };
  describe?: (p: Record<string, unknown>) => string;
}

export function serviceBlock(spec: ServiceBlockSpec): BlockDefinition {
  const errors = spec.errors ?? [NME];
  const fallback = spec.default ?? (spec.conditionOperands?.[0] as string | undefined) ?? 'Success';
  return defineBlock({
    type: spec.type,
    label: spec.label,
    category: spec.category,
    docs: spec.docs,
    parameters: spec.parameters,
    flowTypes: spec.flowTypes,
    branches: {
      success: spec.conditionOperands ? 'conditions' : 'next',
      errors,
      ...(spec.houseErrors ? { houseErrors: spec.houseErrors } : {}),
      ...(spec.conditionOperands ? { conditionOperands: spec.conditionOperands } : {}),
    },
    standIn: {
      service: spec.service,
      default: fallback,
      outcomes: spec.outcomes ?? [
        ...(spec.conditionOperands ?? ['Success']),
        ...errors.map((e) => `error:${e}`),
      ],
    },
    ...(spec.describe ? { describe: spec.describe } : {}),
    run(rt, action) {
      const outcome = rt.standInOutcome(spec.type, fallback);
      if (spec.stores && !outcome.startsWith('error:')) {
        const p = action.Parameters ?? {};
        const listed = spec.stores.fieldsFrom ? p[spec.stores.fieldsFrom] : undefined;
        const fields = Array.isArray(listed) ? listed.map(String) : (spec.stores.fields ?? []);
        const bag = rt.contact.services[spec.stores.namespace] ?? {};
        rt.contact.services[spec.stores.namespace] = bag;
        for (const f of fields) bag[f] ??= `(stand-in ${f})`;
      }
      rt.event('setting', `${spec.label}: ${spec.service} stand-in → ${outcome}`);
      return standInResult(outcome);
    },
  });
}
