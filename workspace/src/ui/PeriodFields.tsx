/** The From / To fields of a console report form (read in the center's zone by the API) and its Show button. */
export function PeriodFields({
  names,
  from,
  to,
  onFrom,
  onTo,
  action,
}: {
  /** The inputs' `name`s. */
  names: { from: string; to: string };
  from: string;
  to: string;
  onFrom: (v: string) => void;
  onTo: (v: string) => void;
  /** The button's `data-action`. */
  action: string;
}) {
  return (
    <>
      <label>
        From <input name={names.from} value={from} onInput={(e) => onFrom(e.currentTarget.value)} />
      </label>
      <label>
        To <input name={names.to} value={to} onInput={(e) => onTo(e.currentTarget.value)} />
      </label>
      <button type="submit" data-action={action}>
        Show
      </button>
    </>
  );
}
