/**
 * What the deployed entries share: `config.json` beside the app (written by infra at deploy time: the
 * API URL, the Cognito client, for Streams the CCP URL) and the signed-in API client.
 */
import { type AgentApi, createAgentApiClient } from '../api/client.ts';
import type { Me, TransferTarget } from '../api/types.ts';
import { type CognitoConfig, cognitoToken } from '../auth/cognito.ts';

export interface DeployedConfig {
  apiUrl: string;
  cognito: CognitoConfig;
  /** The quick connects agents transfer with: API target (queue name / agent login) + quick connect name. */
  quickConnects: TransferTarget[];
  /** Streams page only. */
  ccpUrl?: string;
  region?: string;
}

export async function signIn(): Promise<{ config: DeployedConfig; api: AgentApi; me: Me }> {
  const res = await fetch('./config.json');
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const config = (await res.json()) as DeployedConfig;
  const api = createAgentApiClient({ baseUrl: config.apiUrl, token: () => cognitoToken(config.cognito) });
  return { config, api, me: await api.me() };
}
