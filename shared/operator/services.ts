/**
 * The operator services' ports for one stage (sandbox or deployed: shared/operator/stage.ts), built once from
 * the stage's clients and resource names. CLI commands and the supervisor console call the services in
 * shared/operator/* with these; nothing here knows which of the two it runs on.
 */
import { DynamoCampaignControlStore } from '#shared/adapters/dynamo/campaign-control-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoEvidenceReader } from '#shared/adapters/dynamo/evidence-reader.ts';
import { maskPhoneNumber } from '#shared/domain/phone.ts';
import type { Campaign, TargetState } from '#shared/outbound/campaign.ts';
import { createOutboundRuntime, type OutboundRuntime } from '#shared/outbound/runtime.ts';
import type { CampaignControlRecord, CampaignControlStore, ControlDeps } from './campaign-control.ts';
import { countDecisions, type EvidenceReader } from './evidence.ts';
import type { OperatorStage } from './stage.ts';

export interface OperatorServices {
  outbound: OutboundRuntime;
  control: CampaignControlStore;
  evidence: EvidenceReader;
  interactions: DynamoCtrStore;
  controlDeps: ControlDeps;
}

/**
 * What the services need of a stage: its clients and the three tables named here (the rest resolve through
 * the environment infra sets). An OperatorStage (CLI, sandbox) or a Lambda's own environment
 * (`tablesFromEnvironment`, the supervisor-api function) both fit.
 */
export type OperatorServicesStage = Pick<OperatorStage, 'doc' | 's3'> & {
  resources: {
    tables: Pick<OperatorStage['resources']['tables'], 'interactions' | 'campaigns' | 'evidence'>;
  };
};

export function operatorServices(
  stage: OperatorServicesStage,
  now: () => Date = () => new Date(),
): OperatorServices {
  const { doc, s3, resources } = stage;
  const interactions = new DynamoCtrStore(doc, resources.tables.interactions);
  const control = new DynamoCampaignControlStore(doc, resources.tables.campaigns);
  return {
    outbound: createOutboundRuntime(doc, s3),
    control,
    evidence: new DynamoEvidenceReader(
      doc,
      resources.tables.evidence,
      async (contactId) => (await interactions.get(contactId))?.ctr?.customerNumber,
    ),
    interactions,
    controlDeps: { store: control, now },
  };
}

export interface CampaignStatusReport {
  name: string;
  status: Campaign['status'];
  stopReason?: string;
  queue: string;
  contactFlow: string;
  /** Masked. */
  callerIds: string[];
  createdAt: string;
  targets: Record<TargetState, number>;
  evidence: { decisions: number; dial: number; skip: number; byReason: Record<string, number> };
  /** Operator changes, oldest first. */
  control: CampaignControlRecord[];
}

/** `campaign status`: state, dial queue counts, evidence counts and the audited operator changes. */
export async function campaignStatus(
  services: OperatorServices,
  name: string,
): Promise<CampaignStatusReport | undefined> {
  const c = await services.outbound.campaigns.getCampaign(name);
  if (!c) return undefined;
  const evidence = await services.evidence.forCampaign(name);
  const counts = countDecisions(evidence);
  return {
    name: c.name,
    status: c.status,
    ...(c.stopReason ? { stopReason: c.stopReason } : {}),
    queue: c.queue,
    contactFlow: c.contactFlow,
    callerIds: c.callerIds.map(maskPhoneNumber),
    createdAt: c.createdAt,
    targets: await services.outbound.campaigns.countTargets(name),
    evidence: { decisions: evidence.length, ...counts },
    control: await services.control.history(name),
  };
}
