/**
 * A CSV record reader for contact lists that accounts for every physical line (issue 15): each record is
 * either read (RFC 4180: quoted cells, `""` escapes, a quoted cell may span lines) or reported as broken with
 * its line — and a broken record never swallows its neighbours:
 * - a quote problem inside a line (`"Cem"x`: text after a closing quote) breaks that line only; a quote
 *   inside an unquoted cell is an ordinary character;
 * - a quoted cell left open continues on the next lines only while the record stays plausible (at most
 *   `maxRecordLines` lines and `maxLineChars` characters, and it then ends cleanly with the header's column
 *   count); otherwise its first line is broken and every following line is read again on its own;
 * - a line longer than `maxLineChars` is broken and skipped to its end without being held in memory.
 * Every physical line is therefore exactly one of: part of a record, blank, or a broken record's line.
 */

export type RecordProblem = 'badQuote' | 'unterminatedQuote' | 'lineTooLong';

export type CsvRecord =
  | { line: number; endLine: number; cells: string[] }
  | { line: number; endLine: number; problem: RecordProblem };

export interface CsvReadOptions {
  /** Longest physical line kept (characters); longer lines are one `lineTooLong` record. */
  maxLineChars?: number;
  /** Most physical lines one record (a quoted cell with newlines) may span. */
  maxRecordLines?: number;
  /** The header's column count once known (a multi-line record must match it to be believed). */
  columns?: () => number | undefined;
}

export interface CsvLineCounts {
  /** Physical lines in the file (a last line without a newline counts). */
  lines: number;
  /** Lines with nothing on them (skipped, not records). */
  blank: number;
}

type LineParse = { cells: string[] } | { open: true } | { problem: 'badQuote' };

/** Parse one line's text (which may hold earlier lines joined by \n); `open` = ends inside a quoted cell. */
export function parseCsvLine(text: string): LineParse {
  if (!text.includes('"')) return { cells: text.split(',').map((c) => c.trim()) };
  const cells: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    // Leading spaces before a quoted cell are tolerated (trimmed like every cell).
    let j = i;
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === '"') {
      let value = '';
      let k = j + 1;
      for (;;) {
        const q = text.indexOf('"', k);
        if (q < 0) return { open: true };
        value += text.slice(k, q);
        if (text[q + 1] === '"') {
          value += '"';
          k = q + 2;
          continue;
        }
        k = q + 1;
        break;
      }
      while (k < n && (text[k] === ' ' || text[k] === '\t')) k++;
      cells.push(value.trim());
      if (k >= n) return { cells };
      if (text[k] !== ',') return { problem: 'badQuote' };
      i = k + 1;
      continue;
    }
    // A quote inside an unquoted cell (`5'10"`, `=HYPERLINK("x")`) is kept as a character, as csv-parse's
    // relax_quotes does: it opens nothing, so it cannot swallow the lines after it.
    const comma = text.indexOf(',', i);
    const cell = comma < 0 ? text.slice(i) : text.slice(i, comma);
    cells.push(cell.trim());
    if (comma < 0) return { cells };
    i = comma + 1;
  }
}

/** Records per batch at most: few enough that the batch in hand stays cheap for the young-generation GC. */
const BATCH_RECORDS = 256;

interface PhysicalLine {
  text: string;
  tooLong: boolean;
}

/**
 * Physical lines of a byte/string stream (BOM dropped, CR before LF dropped); over-long lines cut short.
 * Synchronous: `push` a chunk, take the complete lines it finished; `end` flushes the last line.
 */
class PhysicalLines {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  private skipping = false;
  private first = true;
  /** Complete lines not taken yet, from `at`. */
  private lines: PhysicalLine[] = [];
  private at = 0;

  constructor(private readonly maxLineChars: number) {}

  has(): boolean {
    return this.at < this.lines.length;
  }

  take(): PhysicalLine | undefined {
    return this.at < this.lines.length ? this.lines[this.at++] : undefined;
  }

  push(raw: Uint8Array | string): void {
    let chunk = typeof raw === 'string' ? raw : this.decoder.decode(raw, { stream: true });
    if (this.first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      this.first = false;
    }
    this.split(chunk);
  }

  end(): void {
    this.split(this.decoder.decode());
    if (this.skipping) this.emit({ text: '', tooLong: true });
    else if (this.pending.length > 0)
      this.emit({
        text: this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending,
        tooLong: false,
      });
    this.pending = '';
    this.skipping = false;
  }

  private emit(line: PhysicalLine): void {
    if (this.at > 0 && this.at === this.lines.length) {
      this.lines = [];
      this.at = 0;
    }
    this.lines.push(line);
  }

  private split(chunk: string): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) {
        if (!this.skipping) {
          this.pending += chunk.slice(start);
          if (this.pending.length > this.maxLineChars) {
            this.skipping = true;
            this.pending = '';
          }
        }
        return;
      }
      if (this.skipping) {
        this.skipping = false;
        this.emit({ text: '', tooLong: true });
      } else {
        let text = this.pending + chunk.slice(start, nl);
        this.pending = '';
        if (text.endsWith('\r')) text = text.slice(0, -1);
        if (text.length > this.maxLineChars) this.emit({ text: '', tooLong: true });
        else this.emit({ text, tooLong: false });
      }
      start = nl + 1;
    }
  }
}

/**
 * Read the records of a CSV stream in batches (ending before the next input chunk is awaited, at most
 * BATCH_RECORDS long, the first record alone so a caller can read the header before the next record is
 * assembled); `counts` is filled in as lines are read (complete
 * at the end). Records are assembled synchronously from the lines at hand: a list of a million rows costs a
 * promise per chunk, not per line.
 */
export async function* readCsvRecordBatches(
  input: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  counts: CsvLineCounts,
  options: CsvReadOptions = {},
): AsyncGenerator<CsvRecord[]> {
  const maxLineChars = options.maxLineChars ?? 64 * 1024;
  const maxRecordLines = options.maxRecordLines ?? 8;
  // Lines read ahead while a quoted cell was open, to be read again on their own if the record is broken.
  const replay: { text: string; tooLong: boolean; line: number }[] = [];
  const source = new PhysicalLines(maxLineChars);
  const chunks: AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string> =
    Symbol.asyncIterator in input
      ? (input as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]()
      : (input as Iterable<Uint8Array | string>)[Symbol.iterator]();
  let ended = false;
  let lineNo = 0;
  /** The next line from what is at hand, or undefined when the next chunk must be read first. */
  const nextAtHand = (): { text: string; tooLong: boolean; line: number } | undefined => {
    const again = replay.shift();
    if (again) return again;
    const r = source.take();
    if (!r) return undefined;
    lineNo++;
    counts.lines = lineNo;
    return { text: r.text, tooLong: r.tooLong, line: lineNo };
  };
  /** Read chunks until a line is at hand; false at the end of the input. */
  const fill = async (): Promise<boolean> => {
    while (replay.length === 0 && !source.has()) {
      if (ended) return false;
      const r = await chunks.next();
      if (r.done) {
        source.end();
        ended = true;
      } else source.push(r.value);
    }
    return true;
  };
  const next = async () => nextAtHand() ?? ((await fill()) ? nextAtHand() : undefined);

  let batch: CsvRecord[] = [];
  let headerSent = false;
  const emit = (record: CsvRecord) => batch.push(record);
  try {
    for (;;) {
      // A batch ends before the next chunk is awaited (and after the first record: the header).
      if (
        batch.length >= BATCH_RECORDS ||
        (batch.length > 0 && (!headerSent || (replay.length === 0 && !source.has())))
      ) {
        headerSent = true;
        yield batch;
        batch = [];
      }
      // No await while lines are at hand: a promise per chunk, not per line.
      const first = nextAtHand() ?? ((await fill()) ? nextAtHand() : undefined);
      if (!first) break;
      if (first.tooLong) {
        emit({ line: first.line, endLine: first.line, problem: 'lineTooLong' });
        continue;
      }
      if (first.text.trim() === '') {
        counts.blank++;
        continue;
      }
      let parsed = parseCsvLine(first.text);
      if (!('open' in parsed)) {
        emit(
          'cells' in parsed
            ? { line: first.line, endLine: first.line, cells: parsed.cells }
            : { line: first.line, endLine: first.line, problem: parsed.problem },
        );
        continue;
      }
      // A quoted cell continues on the next line(s): believe it only if it closes soon and cleanly.
      const span = [first];
      let text = first.text;
      let record: CsvRecord | undefined;
      while (span.length < maxRecordLines) {
        const more = await next();
        if (!more) break;
        span.push(more);
        if (more.tooLong || text.length + more.text.length + 1 > maxLineChars) break;
        text = `${text}\n${more.text}`;
        parsed = parseCsvLine(text);
        if ('open' in parsed) continue;
        const columns = options.columns?.();
        if ('cells' in parsed && (columns === undefined || parsed.cells.length === columns))
          record = { line: first.line, endLine: more.line, cells: parsed.cells };
        break;
      }
      if (record) {
        emit(record);
        continue;
      }
      // Broken: the first line alone is the bad record; the lines after it are read again as themselves.
      emit({ line: first.line, endLine: first.line, problem: 'unterminatedQuote' });
      replay.unshift(...span.slice(1));
    }
    if (batch.length > 0) yield batch;
  } finally {
    // Stop the source (a file stream) when the reader is left early, as for-await would.
    if (!ended) await chunks.return?.();
  }
}
