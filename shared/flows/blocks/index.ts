/**
 * The block registry: every Flow Language action type Santral knows, one module each (./<ActionType>.ts).
 * The validator and the simulator's interpreter both read it — `blockFor(type)` is the one lookup — so a
 * block cannot be checked one way and run another. The list covers every action of AWS's Flow Language
 * reference (participant, contact, flow-control and interaction actions) and every type in the corpus of
 * real flows (../shared/corpus/external-flows).
 */
import type { FlowAction } from '../model.ts';
import AssociateContactToCustomerProfile from './AssociateContactToCustomerProfile.ts';
import type { BlockDefinition } from './block.ts';
import CheckHoursOfOperation from './CheckHoursOfOperation.ts';
import CheckMetricData from './CheckMetricData.ts';
import CheckOutboundCallStatus from './CheckOutboundCallStatus.ts';
import CheckVoiceId from './CheckVoiceId.ts';
import Compare from './Compare.ts';
import CompleteOutboundCall from './CompleteOutboundCall.ts';
import ConnectParticipantWithLexBot from './ConnectParticipantWithLexBot.ts';
import CreateCallbackContact from './CreateCallbackContact.ts';
import CreateCase from './CreateCase.ts';
import CreateCustomerProfile from './CreateCustomerProfile.ts';
import CreateTask from './CreateTask.ts';
import CreateWisdomSession from './CreateWisdomSession.ts';
import DequeueContactAndTransferToQueue from './DequeueContactAndTransferToQueue.ts';
import DisconnectParticipant from './DisconnectParticipant.ts';
import DistributeByPercentage from './DistributeByPercentage.ts';
import EndFlowExecution from './EndFlowExecution.ts';
import EndFlowModuleExecution from './EndFlowModuleExecution.ts';
import GetCalculatedAttributesForCustomerProfile from './GetCalculatedAttributesForCustomerProfile.ts';
import GetCase from './GetCase.ts';
import GetCustomerProfile from './GetCustomerProfile.ts';
import GetCustomerProfileObject from './GetCustomerProfileObject.ts';
import GetMetricData from './GetMetricData.ts';
import GetParticipantInput from './GetParticipantInput.ts';
import InvokeFlowModule from './InvokeFlowModule.ts';
import InvokeLambdaFunction from './InvokeLambdaFunction.ts';
import Loop from './Loop.ts';
import MessageParticipant from './MessageParticipant.ts';
import MessageParticipantIteratively from './MessageParticipantIteratively.ts';
import ResumeContact from './ResumeContact.ts';
import ShowView from './ShowView.ts';
import StartOutboundChatContact from './StartOutboundChatContact.ts';
import StartVoiceIdStream from './StartVoiceIdStream.ts';
import TagContact from './TagContact.ts';
import TransferContactToAgent from './TransferContactToAgent.ts';
import TransferContactToQueue from './TransferContactToQueue.ts';
import TransferParticipantToThirdParty from './TransferParticipantToThirdParty.ts';
import TransferToFlow from './TransferToFlow.ts';
import UnTagContact from './UnTagContact.ts';
import UpdateCase from './UpdateCase.ts';
import UpdateContactAttributes from './UpdateContactAttributes.ts';
import UpdateContactCallbackNumber from './UpdateContactCallbackNumber.ts';
import UpdateContactData from './UpdateContactData.ts';
import UpdateContactEventHooks from './UpdateContactEventHooks.ts';
import UpdateContactMediaProcessing from './UpdateContactMediaProcessing.ts';
import UpdateContactMediaStreamingBehavior from './UpdateContactMediaStreamingBehavior.ts';
import UpdateContactRecordingAndAnalyticsBehavior from './UpdateContactRecordingAndAnalyticsBehavior.ts';
import UpdateContactRecordingBehavior from './UpdateContactRecordingBehavior.ts';
import UpdateContactRoutingBehavior from './UpdateContactRoutingBehavior.ts';
import UpdateContactRoutingCriteria from './UpdateContactRoutingCriteria.ts';
import UpdateContactTargetQueue from './UpdateContactTargetQueue.ts';
import UpdateContactTextToSpeechVoice from './UpdateContactTextToSpeechVoice.ts';
import UpdateCustomerProfile from './UpdateCustomerProfile.ts';
import UpdateFlowAttributes from './UpdateFlowAttributes.ts';
import UpdateFlowLoggingBehavior from './UpdateFlowLoggingBehavior.ts';
import UpdatePreviousContactParticipantState from './UpdatePreviousContactParticipantState.ts';
import Wait from './Wait.ts';

const ALL_BLOCKS: readonly BlockDefinition[] = [
  AssociateContactToCustomerProfile,
  CheckHoursOfOperation,
  CheckMetricData,
  CheckOutboundCallStatus,
  CheckVoiceId,
  Compare,
  CompleteOutboundCall,
  ConnectParticipantWithLexBot,
  CreateCallbackContact,
  CreateCase,
  CreateCustomerProfile,
  CreateTask,
  CreateWisdomSession,
  DequeueContactAndTransferToQueue,
  DisconnectParticipant,
  DistributeByPercentage,
  EndFlowExecution,
  EndFlowModuleExecution,
  GetCalculatedAttributesForCustomerProfile,
  GetCase,
  GetCustomerProfile,
  GetCustomerProfileObject,
  GetMetricData,
  GetParticipantInput,
  InvokeFlowModule,
  InvokeLambdaFunction,
  Loop,
  MessageParticipant,
  MessageParticipantIteratively,
  ResumeContact,
  ShowView,
  StartOutboundChatContact,
  StartVoiceIdStream,
  TagContact,
  TransferContactToAgent,
  TransferContactToQueue,
  TransferParticipantToThirdParty,
  TransferToFlow,
  UnTagContact,
  UpdateCase,
  UpdateContactAttributes,
  UpdateContactCallbackNumber,
  UpdateContactData,
  UpdateContactEventHooks,
  UpdateContactMediaProcessing,
  UpdateContactMediaStreamingBehavior,
  UpdateContactRecordingAndAnalyticsBehavior,
  UpdateContactRecordingBehavior,
  UpdateContactRoutingBehavior,
  UpdateContactRoutingCriteria,
  UpdateContactTargetQueue,
  UpdateContactTextToSpeechVoice,
  UpdateCustomerProfile,
  UpdateFlowAttributes,
  UpdateFlowLoggingBehavior,
  UpdatePreviousContactParticipantState,
  Wait,
];

const BY_TYPE = new Map(ALL_BLOCKS.map((b) => [b.type, b]));

export type { BlockDefinition } from './block.ts';

/** Every block, sorted by type. */
export const BLOCKS: readonly BlockDefinition[] = [...ALL_BLOCKS].sort((a, b) =>
  a.type.localeCompare(b.type),
);

/** The known action types, sorted. */
export const KNOWN_ACTION_TYPES: readonly string[] = BLOCKS.map((b) => b.type);

/** The block of an action type, or undefined for a type outside the Flow Language. */
export function blockFor(type: string): BlockDefinition | undefined {
  return BY_TYPE.get(type);
}

/** A short human label of one action: its designer block and what it does ("Play prompt “Welcome…”"). */
export function describeAction(action: Pick<FlowAction, 'Type' | 'Parameters'>): string {
  const block = blockFor(action.Type);
  if (!block) return action.Type;
  try {
    return block.describe(action.Parameters ?? {});
  } catch {
    return block.label;
  }
}
