/** The third-party app inside Connect's agent workspace (AppIntegrations application, Connect SDK). */
import { render } from 'preact';
import { createConnectSdkSource } from '../contact/connect-sdk.ts';
import { AgentWorkspace } from '../ui/AgentWorkspace.tsx';
import { signIn } from './deployed.ts';

const root = document.getElementById('app')!;
try {
  const { config, api, me } = await signIn();
  const source = createConnectSdkSource({ targets: config.quickConnects });
  render(<AgentWorkspace api={api} source={source} locale={me.locale} agentName={me.name} />, root);
} catch (err) {
  root.textContent = (err as Error).message;
}
