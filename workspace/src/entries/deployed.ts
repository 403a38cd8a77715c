/**
 * What the deployed entries share: `config.json` beside the app (written from the stack outputs at deploy
 * time: the API URL, the Cognito client, for Streams the CCP URL; the sandbox server answers `{ sandbox: true }`)
 * and the signed-in API client.
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

/** What the local sandbox's server answers for `config.json`: its API is that server, its tokens its own. */
export interface SandboxConfig {
  sandbox: true;
}

/** `config.json` beside the page: the deployed stage's (stack outputs) or the sandbox server's. */
export async function loadAppConfig(): Promise<DeployedConfig | SandboxConfig> {
  const res = await fetch('./config.json');
  if (!res.ok)
    throw new Error(
      `config.json: HTTP ${res.status} — the app needs config.json beside it, written from the stack outputs (README › Agent workspace › Deploying the app)`,
    );
  return (await res.json()) as DeployedConfig | SandboxConfig;
}

export const isSandbox = (c: DeployedConfig | SandboxConfig): c is SandboxConfig => 'sandbox' in c;

export async function signIn(): Promise<{ config: DeployedConfig; api: AgentApi; me: Me }> {
  const config = await loadAppConfig();
  if (isSandbox(config))
    throw new Error('this page is the deployed app; in the sandbox the workspace is agent.html');
  const api = createAgentApiClient({ baseUrl: config.apiUrl, token: () => cognitoToken(config.cognito) });
  return { config, api, me: await api.me() };
}
