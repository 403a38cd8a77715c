/**
 * `--at/--from/--to` for every command: an instant with an offset is taken as is; a date-time or date without
 * one is wall-clock time in the center's main time zone (the zone of the config's first `hours`, which
 * `sim call` has always used), through the one strict parser (shared/time/strict.ts). Printed back with the
 * offset, so the operator sees which instant was meant.
 */
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { formatInZone, InvalidDateTimeError, parseLocalDateTime } from '#shared/time/strict.ts';

/** The center's main time zone: the first `hours` entry's IANA zone. */
export function centerTimeZone(config: ContactCenterConfig): string {
  return config.hours[0]?.timeZone ?? 'UTC';
}

/** Parse a CLI time option; the error names the option and the accepted forms. */
export function cliTime(text: string, config: ContactCenterConfig, option: string): Date {
  try {
    return parseLocalDateTime(text, centerTimeZone(config));
  } catch (err) {
    if (err instanceof InvalidDateTimeError) throw new Error(`${option}: ${err.message}`, { cause: err });
    throw err;
  }
}

/** An instant as the center's wall-clock time with its offset (`2026-12-01T09:00:00-05:00`). */
export function inCenterZone(at: Date, config: ContactCenterConfig): string {
  return formatInZone(at, centerTimeZone(config));
}
