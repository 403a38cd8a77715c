/** The standalone page embedding the CCP with amazon-connect-streams, for instances without the agent workspace. */
import { render } from 'preact';
import { createStreamsSource } from '../contact/streams.ts';
import { AgentWorkspace } from '../ui/AgentWorkspace.tsx';
import { signIn } from './deployed.ts';

const root = document.getElementById('app')!;
try {
  const { config, api, me } = await signIn();
  if (!config.ccpUrl || !config.region)
    throw new Error('config.json: ccpUrl and region are required for the Streams page');
  const source = createStreamsSource({
    container: document.getElementById('ccp')!,
    ccpUrl: config.ccpUrl,
    region: config.region,
    targets: config.quickConnects,
  });
  render(<AgentWorkspace api={api} source={source} locale={me.locale} agentName={me.name} />, root);
} catch (err) {
  root.textContent = (err as Error).message;
}
