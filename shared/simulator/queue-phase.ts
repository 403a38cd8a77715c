/**
 * The queue phase of a contact: staffing of each queue (config queues, agents' personal queues staffed by
 * the agent's simulated state, plus stand-in queues for foreign flows), the expected wait, and how long this contact still holds before an agent answers.
 */
import type { QueueView } from '#shared/flows/blocks/block.ts';
import { agentOfQueueName, agentQueueState, type SimAgent } from './agents.ts';
import type { QueueState, SimWorld } from './types.ts';

const DEFAULT_MAX_HOLD_SECONDS = 600;

export class QueuePhase implements QueueView {
  holdLeft = 0;
  answered = false;
  queuedAgain = false;
  private readonly standIns = new Map<string, QueueState>();

  constructor(
    private readonly world: SimWorld,
    private readonly workingQueue: () => string | undefined,
  ) {}

  get maxHoldSeconds(): number {
    return this.world.maxHoldSeconds ?? DEFAULT_MAX_HOLD_SECONDS;
  }

  has(name: string): boolean {
    return this.world.queues.has(name) || this.standIns.has(name) || this.agentOf(name) !== undefined;
  }

  /** The agent whose personal queue `name` is (`agent/<login>`), if it is one. */
  agentOf(name: string | undefined): SimAgent | undefined {
    const login = agentOfQueueName(name);
    return login === undefined ? undefined : this.world.agents?.get(login);
  }

  /** A stand-in queue for a reference the simulation cannot resolve (foreign flows). */
  addStandIn(name: string): void {
    if (!this.standIns.has(name))
      this.standIns.set(name, { staffed: 1, available: 1, ...(this.world.standInQueue ?? {}) });
  }

  state(name: string | undefined): QueueState | undefined {
    if (name === undefined) return undefined;
    const agent = this.agentOf(name);
    if (agent) return agentQueueState(agent);
    return this.world.queues.get(name) ?? this.standIns.get(name);
  }

  expectedWait(q: QueueState | undefined): number | undefined {
    if (!q || q.staffed <= 0) return undefined;
    if (q.expectedWaitSeconds !== undefined) return q.expectedWaitSeconds;
    return q.available > 0 ? 10 : 180 * (1 + (q.inQueue ?? 0));
  }

  willBeAnswered(): boolean {
    const wait = this.expectedWait(this.state(this.workingQueue()));
    return wait !== undefined && wait <= this.maxHoldSeconds;
  }

  requeued(): void {
    this.queuedAgain = true;
  }
}
