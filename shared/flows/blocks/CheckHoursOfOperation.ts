/**
 * Check hours of operation (flow-control-actions-checkhoursofoperation): branches True/False. Without
 * `HoursOfOperationId` it checks the hours of the contact's WORKING QUEUE (the reference: "If not specified,
 * the hours of operation of the current queue are used"); the simulator knows each queue's hours from config
 * (queues[].hours). Hours it cannot resolve in a foreign flow use a stand-in (open unless configured).
 */
import { z } from 'zod';
import { checkHours } from '#shared/domain/hours.ts';
import { parseLocalArn } from '../../simulator/local-arns.ts';
import { awsPage, defineBlock, NME } from './block.ts';
import { INTERACTIVE, short, text } from './params.ts';

export default defineBlock({
  type: 'CheckHoursOfOperation',
  label: 'Check hours of operation',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-checkhoursofoperation'),
  parameters: z.object({ HoursOfOperationId: text.optional() }).strict(),
  flowTypes: INTERACTIVE,
  branches: { success: 'conditions', conditionOperands: ['True', 'False'], exactOperands: true },
  standIn: { service: 'hours the simulation cannot resolve', default: 'True', outcomes: ['True', 'False'] },
  describe: (p) =>
    typeof p['HoursOfOperationId'] === 'string'
      ? `Hours ${short(p['HoursOfOperationId'])}`
      : 'Hours of the working queue',
  run(rt, action) {
    const ref = rt.value(action.Parameters?.['HoursOfOperationId']);
    const hoursName = ref
      ? (parseLocalArn(ref)?.name ?? ref)
      : rt.queue.state(rt.contact.workingQueue)?.hours;
    const hours = hoursName ? rt.world.hours.get(hoursName) : undefined;
    if (!hours) {
      if (rt.world.standInReferences && (ref || rt.contact.workingQueue)) {
        const open = rt.standInOutcome('CheckHoursOfOperation', 'True');
        rt.event(
          'setting',
          `hours ${rt.describeRef(ref ?? `of ${rt.contact.workingQueue}`)}: stand-in ${open === 'True' ? 'open' : 'closed'}`,
        );
        return { kind: 'value', value: open };
      }
      return { kind: 'error', errorType: NME, detail: `unknown hours ${hoursName}` };
    }
    const decision = checkHours(hours, rt.now());
    const l = decision.local;
    const hhmm = `${String(Math.floor(l.minutes / 60)).padStart(2, '0')}:${String(l.minutes % 60).padStart(2, '0')}`;
    rt.event(
      'setting',
      `hours ${hours.name}: ${decision.open ? 'open' : 'closed'} at ${l.weekday.toLowerCase()} ${l.date} ${hhmm} ${hours.timeZone}${decision.holiday ? ` (${decision.holiday})` : ''}`,
    );
    return { kind: 'value', value: decision.open ? 'True' : 'False' };
  },
});
