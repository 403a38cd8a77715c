/**
 * Config and flows must agree; each alone can be valid while together they strand callers. Run by
 * `santral flows validate`, `santral config check` and `cdk synth` (ContactFlows), each finding an error:
 *
 * - **intent digit**: every `routing.intents.<intent>.digit` is a key callers can press. A menu is a
 *   `GetParticipantInput` (not storing input) in a flow that answers a phone number, or one those flows
 *   transfer to, with a digit branch into a block that sets the contact attribute `intent` (what the
 *   route Lambda routes on); each menu must branch on every intent's digit, or its callers cannot reach
 *   that intent's queue.
 * - **phone-number flow type**: a number answers with an inbound flow (`CONTACT_FLOW`). Connect's console
 *   offers only inbound flows for a phone number ("Flow / IVR", admin guide › associate a phone number
 *   with a flow) — a queue or whisper flow there does not run as an entry point.
 * - **quick-connect flow type**: a `QUEUE` quick connect's flow "must be of type Transfer to Queue"
 *   (Connect API reference, QueueQuickConnectConfig), i.e. `QUEUE_TRANSFER`.
 */
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import type { FlowAction, FlowFile } from './model.ts';
import { referencedNames } from './references.ts';
import type { FlowIssue } from './validator.ts';

/** The contact attribute a menu sets and the route Lambda routes on (its `intent` parameter). */
const INTENT_ATTRIBUTE = 'intent';

type Flows = ReadonlyMap<string, Pick<FlowFile, 'name' | 'type' | 'content'>>;

/** The digits a GetParticipantInput branches on (Equals conditions); empty for stored input. */
function menuDigits(a: FlowAction): Set<string> {
  if (a.Type !== 'GetParticipantInput' || String(a.Parameters?.['StoreInput']) === 'True') return new Set();
  const digits = (a.Transitions?.Conditions ?? [])
    .filter((c) => c.Condition?.Operator === 'Equals')
    .flatMap((c) => c.Condition.Operands ?? []);
  return new Set(digits);
}

/** Flows a caller can be in from a number: its flow and every flow reached through `${Flow:…}`. */
function reachableFlows(start: readonly string[], flows: Flows): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const name = queue.shift()!;
    const flow = flows.get(name);
    if (seen.has(name) || !flow) continue;
    seen.add(name);
    queue.push(...referencedNames(flow.content, 'Flow'));
  }
  return [...seen].sort();
}

/**
 * Findings where the config and the flows disagree. `file` labels them (the config file); flows the config
 * names that do not exist are the config schema's finding, not repeated here.
 */
export function crossCheckConfigAndFlows(
  config: ContactCenterConfig,
  flowList: readonly Pick<FlowFile, 'name' | 'type' | 'content'>[],
  file = 'config',
): FlowIssue[] {
  const flows: Flows = new Map(flowList.map((f) => [f.name, f]));
  const issues: FlowIssue[] = [];
  const error = (message: string) => issues.push({ severity: 'error', rule: 'config', file, message });

  config.phoneNumbers.forEach((p, i) => {
    const flow = flows.get(p.flow);
    if (flow && flow.type !== 'CONTACT_FLOW')
      error(
        `phoneNumbers[${i}] (${p.name}): flow "${p.flow}" is of type ${flow.type}; a phone number answers with an inbound flow (CONTACT_FLOW) — point it at one`,
      );
  });

  config.quickConnects.forEach((q, i) => {
    if (q.type !== 'QUEUE') return;
    const flow = flows.get(q.flow);
    if (flow && flow.type !== 'QUEUE_TRANSFER')
      error(
        `quickConnects[${i}] (${q.name}): flow "${q.flow}" is of type ${flow.type}; a QUEUE quick connect's flow must be of type Transfer to Queue (QUEUE_TRANSFER)`,
      );
  });

  const intents = Object.entries(config.routing.intents);
  // Menus of the numbers that answer with an inbound flow (a wrongly typed one is reported above).
  const entryFlows = reachableFlows(
    config.phoneNumbers.map((p) => p.flow).filter((f) => flows.get(f)?.type === 'CONTACT_FLOW'),
    flows,
  );
  const menus = entryFlows.flatMap((name) => {
    const actions = flows.get(name)!.content.Actions;
    const byId = new Map(actions.map((a) => [a.Identifier, a]));
    const setsIntent = (id: string) => {
      const a = byId.get(id);
      const attributes = a?.Type === 'UpdateContactAttributes' ? a.Parameters?.['Attributes'] : undefined;
      return typeof attributes === 'object' && attributes !== null && INTENT_ATTRIBUTE in attributes;
    };
    return actions
      .map((a) => ({ flow: name, action: a, digits: menuDigits(a) }))
      .filter(
        (m) =>
          m.digits.size > 0 && (m.action.Transitions.Conditions ?? []).some((c) => setsIntent(c.NextAction)),
      );
  });
  for (const [intent, rule] of intents) {
    const path = `routing.intents.${intent}`;
    if (menus.length === 0) {
      if (entryFlows.length > 0)
        error(
          `${path}: digit ${rule.digit} — no menu in ${entryFlows.join(', ')} (no GetParticipantInput whose digits set the contact attribute "${INTENT_ATTRIBUTE}"); callers cannot choose ${intent}`,
        );
      continue;
    }
    for (const m of menus)
      if (!m.digits.has(rule.digit))
        error(
          `${path}: digit ${rule.digit} — menu ${m.flow} › ${m.action.Identifier} never branches on ${rule.digit} (it takes ${[...m.digits].sort().join(', ')}); its callers cannot reach queue ${rule.queue}. Add a condition for ${rule.digit} or change the intent's digit`,
        );
  }
  return issues;
}
