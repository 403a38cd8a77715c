/**
 * Post-call survey: CSAT on 1–5 and NPS on 0–10 (the scales the KPIs use: CSAT = share of 4–5, NPS =
 * % promoters 9–10 − % detractors 0–6). Out-of-range or non-integer input is rejected, not clamped.
 */

export interface SurveyAnswers {
  csat?: number;
  nps?: number;
}

export type SurveyParse =
  | { status: 'ok'; answers: SurveyAnswers }
  | { status: 'invalid'; reason: 'no-answers' | 'csat-out-of-range' | 'nps-out-of-range' };

function score(raw: string | undefined, min: number, max: number): number | undefined | 'bad' {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d{1,2}$/.test(raw.trim())) return 'bad';
  const n = Number(raw.trim());
  return n >= min && n <= max ? n : 'bad';
}

/** Validate the keyed answers; at least one must be present and every present one in range. */
export function parseSurveyAnswers(raw: {
  csat?: string | undefined;
  nps?: string | undefined;
}): SurveyParse {
  const csat = score(raw.csat, 1, 5);
  const nps = score(raw.nps, 0, 10);
  if (csat === 'bad') return { status: 'invalid', reason: 'csat-out-of-range' };
  if (nps === 'bad') return { status: 'invalid', reason: 'nps-out-of-range' };
  if (csat === undefined && nps === undefined) return { status: 'invalid', reason: 'no-answers' };
  return {
    status: 'ok',
    answers: { ...(csat !== undefined ? { csat } : {}), ...(nps !== undefined ? { nps } : {}) },
  };
}
