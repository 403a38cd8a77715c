/** Outbound settings in a Lambda: infra passes `config.outbound` as JSON (OUTBOUND_SETTINGS), validated here. */
import { contactCenterConfigSchema, type OutboundConfig } from '#shared/config/schema.ts';

export function outboundSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OutboundConfig {
  const raw = env['OUTBOUND_SETTINGS'];
  if (!raw) throw new Error('OUTBOUND_SETTINGS is not set');
  return contactCenterConfigSchema.shape.outbound.parse(JSON.parse(raw));
}
