/**
 * Flow coverage from simulated calls: per flow, which actions ran and which branches were taken, out of
 * all the branches the flow declares (NextAction when there are no conditions, each condition, each
 * error). An untaken error branch is often the one a real caller will find first.
 */
import type { FlowAction, FlowFile } from '#shared/flows/model.ts';
import { conditionLabel } from './engine.ts';
import type { PathStep } from './types.ts';

export interface FlowCoverage {
  flow: string;
  actions: { total: number; covered: number };
  branches: { total: number; covered: number };
  /** "action › branch" never taken. */
  missedBranches: string[];
  missedActions: string[];
}

/** Every branch an action can take, labelled as the engine labels them in the path. */
export function declaredBranches(action: FlowAction): string[] {
  const t = action.Transitions ?? {};
  const out: string[] = [];
  const hasConditions = (t.Conditions?.length ?? 0) > 0;
  if (t.NextAction && !hasConditions) out.push('Success');
  for (const c of t.Conditions ?? []) out.push(conditionLabel(c.Condition));
  for (const e of t.Errors ?? []) out.push(e.ErrorType);
  return [...new Set(out)];
}

export function computeCoverage(
  flows: Iterable<FlowFile>,
  paths: Iterable<readonly PathStep[]>,
): FlowCoverage[] {
  const taken = new Map<string, Set<string>>(); // flow → "action\u0000branch" and "action\u0000"
  for (const path of paths) {
    for (const s of path) {
      let set = taken.get(s.flow);
      if (!set) {
        set = new Set();
        taken.set(s.flow, set);
      }
      set.add(`${s.action}\u0000`);
      set.add(`${s.action}\u0000${s.branch}`);
    }
  }
  const out: FlowCoverage[] = [];
  for (const flow of flows) {
    const set = taken.get(flow.name) ?? new Set<string>();
    const missedActions: string[] = [];
    const missedBranches: string[] = [];
    let branchTotal = 0;
    let branchCovered = 0;
    for (const a of flow.content.Actions) {
      if (!set.has(`${a.Identifier}\u0000`)) missedActions.push(a.Identifier);
      for (const b of declaredBranches(a)) {
        branchTotal++;
        if (set.has(`${a.Identifier}\u0000${b}`)) branchCovered++;
        else missedBranches.push(`${a.Identifier} › ${b}`);
      }
    }
    const total = flow.content.Actions.length;
    out.push({
      flow: flow.name,
      actions: { total, covered: total - missedActions.length },
      branches: { total: branchTotal, covered: branchCovered },
      missedActions,
      missedBranches,
    });
  }
  return out.sort((a, b) => a.flow.localeCompare(b.flow));
}

const pct = (c: number, t: number) => (t === 0 ? '  -  ' : `${((100 * c) / t).toFixed(0).padStart(3)}%`);

export function formatCoverage(coverage: readonly FlowCoverage[]): string {
  const width = Math.max(4, ...coverage.map((c) => c.flow.length));
  const lines = [`${'flow'.padEnd(width)}  actions        branches`];
  for (const c of coverage) {
    lines.push(
      `${c.flow.padEnd(width)}  ${pct(c.actions.covered, c.actions.total)} ${`${c.actions.covered}/${c.actions.total}`.padEnd(8)}  ${pct(c.branches.covered, c.branches.total)} ${c.branches.covered}/${c.branches.total}`,
    );
  }
  return lines.join('\n');
}
