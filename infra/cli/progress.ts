/**
 * Progress for steps that can take more than two seconds without a known total (a Lambda invocation, a
 * sandbox reset, a stack lookup): after 2 s, a line on stderr that says what is running; on a terminal it
 * then ticks the elapsed seconds in place. Counted work keeps its cli-progress bar (dnc import, ctr replay).
 * stdout stays clean for --json.
 */
export interface Progress {
  stop(): void;
}

export function startProgress(
  label: string,
  options: { stream?: NodeJS.WriteStream; afterMs?: number } = {},
): Progress {
  const stream = options.stream ?? process.stderr;
  const started = Date.now();
  const tty = Boolean(stream.isTTY);
  let interval: NodeJS.Timeout | undefined;
  let shown = false;
  const render = () => {
    const seconds = Math.round((Date.now() - started) / 1000);
    if (tty) stream.write(`\r${label} … ${seconds} s`);
    else if (!shown) stream.write(`${label} …\n`);
    shown = true;
  };
  const timer = setTimeout(() => {
    render();
    if (tty) interval = setInterval(render, 1000);
  }, options.afterMs ?? 2000);
  return {
    stop: () => {
      clearTimeout(timer);
      if (interval) clearInterval(interval);
      if (shown && tty) stream.write(`\r${label} … done in ${Math.round((Date.now() - started) / 1000)} s\n`);
    },
  };
}
