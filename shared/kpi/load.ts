/** Read the contacts of a period from the interactions store (by the day index) as KPI engine input. */
import type { InteractionReader } from '../interactions/model.ts';
import type { KpiContact } from './engine.ts';

export async function loadKpiContacts(
  reader: InteractionReader,
  from: Date,
  to: Date,
): Promise<KpiContact[]> {
  const out: KpiContact[] = [];
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  for (; day < to; day.setUTCDate(day.getUTCDate() + 1)) {
    for (const r of await reader.byDay(day.toISOString().slice(0, 10))) {
      if (r.ctr)
        out.push({
          ctr: r.ctr,
          surveyCsat: r.surveyCsat,
          surveyNps: r.surveyNps,
          disposition: r.disposition,
        });
    }
  }
  return out;
}
