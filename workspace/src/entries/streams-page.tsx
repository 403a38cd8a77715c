/** The standalone page embedding the CCP with amazon-connect-streams, for instances without the agent workspace. */
import { render } from 'preact';
import { createStreamsSource } from '../contact/streams.ts';
import { AgentWorkspace } from '../ui/AgentWorkspace.tsx';
import { signIn } from './deployed.ts';

const root = document.getElementById('app')!;
signIn().then(
  ({ config, api, me }) => {
    if (!config.ccpUrl || !config.region)
      throw new Error('config.json: ccpUrl and region are required for the Streams page');
    const source = createStreamsSource({
      container: document.getElementById('ccp')!,
      ccpUrl: config.ccpUrl,
      region: config.region,
    });
    render(<AgentWorkspace api={api} source={source} locale={me.locale} agentName={me.name} />, root);
  },
  (err: Error) => {
    root.textContent = err.message;
  },
);
