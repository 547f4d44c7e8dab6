/** Saves text as a file through a temporary link: nothing leaves the browser. */
function save(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; it is released on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** CSV and JSON of what a section shows, named after it (`accounting-by-site.csv`). */
export function Downloads({
  name,
  what,
  csv,
  json,
}: {
  /** The file name without extension. */
  name: string;
  /** Says what is saved, for screen readers: "usage by site". */
  what: string;
  csv: () => string;
  json: () => unknown;
}) {
  return (
    <div className="downloads" role="group" aria-label={`Download ${what}`}>
      <button
        type="button"
        className="button button-small"
        onClick={() => save(`${name}.csv`, 'text/csv;charset=utf-8', csv())}
      >
        CSV
      </button>
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          save(`${name}.json`, 'application/json', `${JSON.stringify(json(), null, 2)}\n`)
        }
      >
        JSON
      </button>
    </div>
  );
}
