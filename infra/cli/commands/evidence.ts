/**
 * `santral evidence --phone <E164> | --campaign <name> | --contact <id> [--csv] [--json] [--deployed]`: every
 * dial or skip decision with the inputs that justified it (shared/operator/evidence.ts), readable, as CSV for an
 * auditor, or as JSON. Exit 0 with decisions, 3 when nothing matched, 1 on bad input.
 */
import type { Command } from 'commander';
import { normalizePhoneNumber } from '#shared/domain/phone.ts';
import {
  describeDecision,
  type EvidenceQuery,
  evidenceCsv,
  findEvidence,
} from '#shared/operator/evidence.ts';
import { operatorServices } from '#shared/operator/services.ts';
import { paint } from '../colour.ts';
import { DEPLOYED_HELP, withOperatorStage } from '../operator.ts';
import { centerTimeZone } from '../time-options.ts';

/** Exit code when no decision matches the query. */
export const EXIT_NO_EVIDENCE = 3;

export function register(program: Command): void {
  program
    .command('evidence')
    .description(
      `every outbound dial/skip decision about a number, a campaign or a contact, with its inputs (window and zone basis, registry copies and age, internal list, consent, caps, rule pack) — exit ${EXIT_NO_EVIDENCE} when none`,
    )
    .option('--phone <e164>', 'decisions about this number')
    .option('--campaign <name>', 'decisions of this campaign')
    .option('--contact <id>', 'the decision that placed this Connect contact')
    .option('--csv', 'RFC 4180 CSV for an auditor (one row per decision, full numbers)')
    .option('--json', 'print the decisions as JSON')
    .option('--deployed', DEPLOYED_HELP)
    .action(
      async (o: {
        phone?: string;
        campaign?: string;
        contact?: string;
        csv?: boolean;
        json?: boolean;
        deployed?: boolean;
      }) => {
        const given = [o.phone, o.campaign, o.contact].filter((v) => v !== undefined);
        if (given.length !== 1)
          throw new Error('evidence: give exactly one of --phone <E164>, --campaign <name>, --contact <id>');
        if (o.csv && o.json) throw new Error('evidence: --csv or --json, not both');
        let query: EvidenceQuery;
        if (o.phone !== undefined) {
          const n = normalizePhoneNumber(o.phone);
          if (!n?.valid)
            throw new Error(
              `--phone: "${o.phone}" is not a valid phone number (expected E.164, e.g. +12065550100)`,
            );
          query = { phone: n.e164 };
        } else if (o.campaign !== undefined) query = { campaign: o.campaign };
        else query = { contactId: o.contact! };
        const { records, zone } = await withOperatorStage(program, o, async (stage) => ({
          records: await findEvidence(operatorServices(stage).evidence, query),
          zone: centerTimeZone(stage.config),
        }));
        // RFC 4180 rows end in CRLF; console.log ends the last one.
        if (o.csv) console.log(evidenceCsv(records, zone).replace(/\r\n$/, ''));
        else if (o.json) console.log(JSON.stringify({ count: records.length, decisions: records }));
        else {
          for (const e of records) {
            const line = describeDecision(e, zone);
            // DIAL / SKIP stand out on a terminal; the words are the same without colour.
            console.log(
              line.replace(
                / (DIAL|SKIP) /,
                (_m, d: string) => ` ${paint(d, d === 'DIAL' ? 'green' : 'yellow')} `,
              ),
            );
          }
          console.log(`${records.length} decision${records.length === 1 ? '' : 's'}`);
        }
        if (records.length === 0) process.exitCode = EXIT_NO_EVIDENCE;
      },
    );
}
