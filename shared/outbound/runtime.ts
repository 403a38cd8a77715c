/**
 * Wiring of the outbound capability from SDK clients (Lambda handlers and the local CLI alike): the
 * endpoint variables decide whether that is AWS or the embedded sandbox, never the code.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { DynamoConsentStore } from '#shared/adapters/dynamo/consent-store.ts';
import { DynamoEvidenceStore } from '#shared/adapters/dynamo/evidence-store.ts';
import { DynamoInternalDncAdmin, snapshotLookup } from '#shared/adapters/dynamo/internal-dnc-admin.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import type { GateDeps } from '#shared/compliance/gate.ts';
import { RegistryReader } from '#shared/compliance/registry.ts';
import type { OutboundConfig } from '#shared/config/schema.ts';
import { bucketName } from '#shared/data/tables.ts';

export interface OutboundRuntime {
  registryStore: S3RegistryStore;
  registry: RegistryReader;
  internalDnc: DynamoInternalDncStore;
  internalDncAdmin: DynamoInternalDncAdmin;
  consent: DynamoConsentStore;
  campaigns: DynamoCampaignStore;
  evidence: DynamoEvidenceStore;
  /** Dial-time gate: every internal-list read is a strongly consistent GetItem. */
  dialGate(settings: OutboundConfig): GateDeps;
  /** Ingest-time gate: the internal list read once (a scan), then looked up in memory. */
  ingestGate(settings: OutboundConfig): Promise<GateDeps>;
}

export function createOutboundRuntime(
  db: DynamoDBDocumentClient,
  s3: S3Client,
  options: { archiveEvidence?: boolean } = {},
): OutboundRuntime {
  const registryStore = new S3RegistryStore(s3);
  const registry = new RegistryReader(registryStore);
  const internalDnc = new DynamoInternalDncStore(db);
  const internalDncAdmin = new DynamoInternalDncAdmin(db);
  const consent = new DynamoConsentStore(db);
  return {
    registryStore,
    registry,
    internalDnc,
    internalDncAdmin,
    consent,
    campaigns: new DynamoCampaignStore(db),
    evidence: new DynamoEvidenceStore(
      db,
      undefined,
      options.archiveEvidence ? { s3, bucket: bucketName('evidence') } : undefined,
    ),
    dialGate: (settings) => ({ internalList: internalDnc, registry, consent, settings }),
    ingestGate: async (settings) => ({
      internalList: snapshotLookup(await internalDncAdmin.listNumbers()),
      registry,
      consent,
      settings,
    }),
  };
}
