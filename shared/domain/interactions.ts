/**
 * The inbound side of the interactions table: survey answers and transfer records written by the flows'
 * Lambdas (the CTR, recording, notes and KPI parts belong to the interactions area). Writers update only
 * their own attributes so that concurrent writers never clobber each other (contracts.md › Interactions).
 */
import type { SurveyAnswers } from './survey.ts';
import type { TransferRecord } from './transfer.ts';

export interface InteractionStore {
  /** Store survey answers on the contact; safe to repeat (Connect retries). */
  saveSurvey(contactId: string, answers: SurveyAnswers, at: Date, signal?: AbortSignal): Promise<void>;
  /** Record a transfer once; a retry of the same transfer returns the first record. */
  recordTransfer(record: TransferRecord, signal?: AbortSignal): Promise<TransferRecord>;
}
