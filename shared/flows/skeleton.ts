/**
 * `santral flows new <name> --type <TYPE>`: the smallest flow of a type that the validator accepts with the
 * santral profile (no errors, no warnings): logging on where the type allows it, one prompt, and the way a
 * flow of that type ends (a routing flow hangs up, a whisper/queue/hold flow ends and resumes, a module
 * returns). The flow owner then opens it in the designer or edits it here.
 */
import { ACTIONS } from './catalog.ts';
import { FLOW_LANGUAGE_VERSION, FLOW_TYPES, type FlowAction, type FlowFile, type FlowType } from './model.ts';

export class FlowSkeletonError extends Error {
  override name = 'FlowSkeletonError';
}

/** A flow file name: letters, digits, `-`, `_`, `.`; it is also the flow's name in Connect (≤ 127). */
const FLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,126}$/;

const allowed = (type: string, flowType: string) =>
  (ACTIONS[type]?.flowTypes as readonly string[] | undefined)?.includes(flowType) ?? false;

/** The way a flow of this type ends, in order of preference. */
const ENDINGS = ['DisconnectParticipant', 'EndFlowExecution', 'EndFlowModuleExecution'];

export function flowSkeleton(name: string, type: string, description?: string): FlowFile {
  if (!FLOW_NAME.test(name))
    throw new FlowSkeletonError(
      `flow name "${name}": use letters, digits, "-", "_" or "." (at most 127), e.g. billing-menu; it is the file name and the flow's name in Connect`,
    );
  if (!(FLOW_TYPES as readonly string[]).includes(type))
    throw new FlowSkeletonError(`--type ${type}: expected one of ${FLOW_TYPES.join(', ')}`);
  const ending = ENDINGS.find((e) => allowed(e, type));
  if (!ending) throw new FlowSkeletonError(`no block ends a ${type} flow in the catalogue`);
  const end: FlowAction = { Identifier: 'end', Type: ending, Parameters: {}, Transitions: {} };
  const actions: FlowAction[] = [];
  const then = (a: Omit<FlowAction, 'Transitions'>, next: string): FlowAction => ({
    ...a,
    Transitions: { NextAction: next, Errors: [{ NextAction: next, ErrorType: 'NoMatchingError' }] },
  });
  const promptTo = allowed('MessageParticipant', type) ? 'greeting' : 'end';
  if (allowed('UpdateFlowLoggingBehavior', type))
    actions.push({
      Identifier: 'set-logging',
      Type: 'UpdateFlowLoggingBehavior',
      Parameters: { FlowLoggingBehavior: 'Enabled' },
      Transitions: { NextAction: promptTo },
    });
  if (promptTo === 'greeting')
    actions.push(
      then(
        { Identifier: 'greeting', Type: 'MessageParticipant', Parameters: { Text: `This is ${name}.` } },
        'end',
      ),
    );
  actions.push(end);
  return {
    name,
    type: type as FlowType,
    description: description ?? `${name} (${type}): describe what this flow does for the caller`,
    content: {
      Version: FLOW_LANGUAGE_VERSION,
      StartAction: actions[0]!.Identifier,
      Metadata: {},
      Actions: actions,
    },
  };
}
