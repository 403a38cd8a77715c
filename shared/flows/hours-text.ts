/**
 * Spoken opening hours, rendered from the config so the words cannot drift from the hours Connect checks.
 *
 * A flow writes `${HoursText:Main:en-US}` (hours name, language) inside a prompt; infra (ContactFlows) and the
 * simulator replace it at synth / load with `hoursText(config, 'Main:en-US')`, e.g. "Our opening hours are
 * Monday to Friday, 9 AM to 6 PM, and Saturday, 10 AM to 2 PM, Eastern Time. We are closed on public
 * holidays." `santral flows pull` turns the rendered sentence back into the reference.
 */
import type { ContactCenterConfig, HoursConfig } from '#shared/config/schema.ts';
import { formatWindow, parseWindows } from '#shared/domain/hours.ts';

export const HOURS_TEXT_LANGUAGES = ['en-US', 'tr-TR'] as const;
export type HoursTextLanguage = (typeof HOURS_TEXT_LANGUAGES)[number];

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
type Day = (typeof DAYS)[number];

const DAY_NAMES: Record<HoursTextLanguage, Record<Day, string>> = {
  'en-US': {
    MONDAY: 'Monday',
    TUESDAY: 'Tuesday',
    WEDNESDAY: 'Wednesday',
    THURSDAY: 'Thursday',
    FRIDAY: 'Friday',
    SATURDAY: 'Saturday',
    SUNDAY: 'Sunday',
  },
  'tr-TR': {
    MONDAY: 'pazartesi',
    TUESDAY: 'salı',
    WEDNESDAY: 'çarşamba',
    THURSDAY: 'perşembe',
    FRIDAY: 'cuma',
    SATURDAY: 'cumartesi',
    SUNDAY: 'pazar',
  },
};

export class HoursTextError extends Error {
  override name = 'HoursTextError';
}

export const isHoursTextLanguage = (l: string): l is HoursTextLanguage =>
  HOURS_TEXT_LANGUAGES.includes(l as HoursTextLanguage);

/** Reference names `${HoursText:<hours>:<language>}` can use with these hours. */
export const hoursTextNames = (hours: readonly string[]) =>
  hours.flatMap((h) => HOURS_TEXT_LANGUAGES.map((l) => `${h}:${l}`));

/** Runs of consecutive weekdays (Monday first) that share the same window. */
function groups(weekly: HoursConfig['weekly']): { days: Day[]; window: string }[] {
  const out: { days: Day[]; window: string }[] = [];
  let prev: Day | undefined;
  for (const day of DAYS) {
    const window = weekly[day];
    const last = out.at(-1);
    if (window && last && last.window === window && prev && weekly[prev] === window) last.days.push(day);
    else if (window) out.push({ days: [day], window });
    prev = day;
  }
  return out;
}

const allDay = (window: string) => window === '00:00-23:59' || window === '00:00-24:00';

function enTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  if (h === 12 && m === 0) return 'noon';
  if (h === 0 && m === 0) return 'midnight';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m ? `:${String(m).padStart(2, '0')}` : ''} ${h < 12 ? 'AM' : 'PM'}`;
}

function enList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]}, and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;
}

function enDays(days: Day[]): string {
  const n = DAY_NAMES['en-US'];
  if (days.length === 7) return 'Every day';
  if (days.length >= 3) return `${n[days[0]!]} to ${n[days.at(-1)!]}`;
  return days.map((d) => n[d]).join(' and ');
}

function trDays(days: Day[]): string {
  const n = DAY_NAMES['tr-TR'];
  if (days.length === 7) return 'her gün';
  if (days.join() === 'MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY') return 'hafta içi';
  if (days.join() === 'SATURDAY,SUNDAY') return 'hafta sonu';
  if (days.length === 1) return n[days[0]!];
  return `${days
    .slice(0, -1)
    .map((d) => n[d])
    .join(', ')} ve ${n[days.at(-1)!]}`;
}

const zoneName = (timeZone: string, language: HoursTextLanguage) =>
  new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'longGeneric' })
    .formatToParts(new Date(0))
    .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;

/** Windows of a day ("09:00-12:00,13:00-18:00") as [from, to] pairs, in order. */
const windowsOf = (spec: string) =>
  parseWindows(spec).map((w) => formatWindow(w).split('-') as [string, string]);

/** What a caller hears about holidays: closed days, reduced-hours days, or both. */
function holidayNote(hours: Pick<HoursConfig, 'holidays'>, language: HoursTextLanguage): string {
  const closed = hours.holidays.some((h) => h.open === undefined);
  const reduced = hours.holidays.some((h) => h.open !== undefined);
  if (language === 'en-US') {
    if (closed && reduced) return ' We are closed on public holidays, and some days have reduced hours.';
    if (closed) return ' We are closed on public holidays.';
    return reduced ? ' Some holidays have reduced hours.' : '';
  }
  if (closed && reduced) return ' Resmi tatillerde kapalıyız; bazı günlerde çalışma saatlerimiz kısalır.';
  if (closed) return ' Resmi tatillerde kapalıyız.';
  return reduced ? ' Bazı tatil günlerinde çalışma saatlerimiz kısalır.' : '';
}

/** The opening hours of one hours config as one or two spoken sentences. */
export function renderHoursText(
  hours: Pick<HoursConfig, 'timeZone' | 'weekly' | 'holidays'>,
  language: HoursTextLanguage,
): string {
  const runs = groups(hours.weekly);
  const zone = zoneName(hours.timeZone, language);
  const note = holidayNote(hours, language);
  if (language === 'en-US') {
    if (runs.length === 0) return 'We are not open at the moment.';
    const parts = runs.map((r) => {
      const spans = windowsOf(r.window);
      const spoken = allDay(r.window)
        ? 'all day'
        : spans.map(([from, to]) => `${enTime(from)} to ${enTime(to)}`).join(' and ');
      return `${enDays(r.days)}, ${spoken}`;
    });
    const lead = parts[0]!.startsWith('Every day') ? 'We are open ' : 'Our opening hours are ';
    const body = lead === 'We are open ' ? enList(parts).replace(/^Every day/, 'every day') : enList(parts);
    return `${lead}${body}, ${zone}.${note}`;
  }
  if (runs.length === 0) return 'Şu anda hizmet vermiyoruz.';
  const parts = runs.map(
    (r) =>
      `${trDays(r.days)} ${windowsOf(r.window)
        .map(([from, to]) => `${from} ile ${to}`)
        .join(' ve ')}`,
  );
  const body = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')}, ${parts.at(-1)}`;
  return `Çalışma saatlerimiz ${body} arasıdır, ${zone} ile.${note}`;
}

/** `name` = "<hours name>:<language>" as in `${HoursText:Main:en-US}`; throws HoursTextError naming what is defined. */
export function hoursText(config: Pick<ContactCenterConfig, 'hours'>, name: string): string {
  const cut = name.lastIndexOf(':');
  const hoursName = cut < 0 ? name : name.slice(0, cut);
  const language = cut < 0 ? '' : name.slice(cut + 1);
  if (!isHoursTextLanguage(language))
    throw new HoursTextError(
      `HoursText "${name}": write \${HoursText:<hours>:<language>} with a language of ${HOURS_TEXT_LANGUAGES.join(', ')}`,
    );
  const hours = config.hours.find((h) => h.name === hoursName);
  if (!hours)
    throw new HoursTextError(
      `HoursText "${name}": no hours named "${hoursName}"; defined: ${config.hours.map((h) => h.name).join(', ')}`,
    );
  return renderHoursText(hours, language);
}
