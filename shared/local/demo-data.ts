/**
 * The sandbox's documented demo data (README › Simulator): Acme Online Store's customers, as seeded by
 * `npm start` and `santral sandbox reset`, and used by the scenario tests.
 *
 * | number        | who                         | why it is there                                   |
 * |---------------|-----------------------------|---------------------------------------------------|
 * | +12065550100  | Ada Lovelace, VIP, en-US    | VIP routing: higher queue priority, open case     |
 * | +12065550101  | Grace Hopper, standard      | the same call at standard priority                |
 * | +12065550102  | Ayşe Yılmaz, standard, tr-TR| preferred language Turkish → Turkish prompts/queue|
 * | +12065550199  | (nobody)                    | the unknown caller                                |
 */
import type { CustomerSeed } from '#shared/simulator/scenarios.ts';

export const DEMO_VIP = '+12065550100';
export const DEMO_STANDARD = '+12065550101';
export const DEMO_TURKISH = '+12065550102';
export const DEMO_UNKNOWN = '+12065550199';

export const DEMO_CUSTOMERS: readonly CustomerSeed[] = [
  {
    phone: DEMO_VIP,
    firstName: 'Ada',
    lastName: 'Lovelace',
    tier: 'VIP',
    preferredLanguage: 'en-US',
    openCaseId: 'CASE-1001',
  },
  {
    phone: DEMO_STANDARD,
    firstName: 'Grace',
    lastName: 'Hopper',
    tier: 'standard',
    preferredLanguage: 'en-US',
  },
  {
    phone: DEMO_TURKISH,
    firstName: 'Ayşe',
    lastName: 'Yılmaz',
    tier: 'standard',
    preferredLanguage: 'tr-TR',
  },
];

/** The demo call `npm start` places: the VIP customer presses 1 (support). */
export const DEMO_CALL = { from: DEMO_VIP, press: '1' } as const;
