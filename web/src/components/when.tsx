// Small pieces the registry, CI/CD, alert and settings pages share: a time shown in the reader's
// locale (the exact UTC time in its tooltip), and a pager for lists the API pages without a total
// (the page asks for one row more than it shows to know whether there is a next page).

// An RFC 3339 time from the API ("" when never) as a <time> element.
export function When(props: { at: string | null | undefined; never?: string }) {
  const at = props.at ?? '';
  if (!at) return <span class="empty">{props.never ?? 'never'}</span>;
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return <span>{at}</span>;
  return (
    <time dateTime={at} title={at}>
      {date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  );
}

// "Previous" / "Next" buttons for offset paging; `more` says whether a next page exists.
export function Pager(props: {
  offset: number;
  limit: number;
  shown: number;
  more: boolean;
  what: string;
  onOffset: (offset: number) => void;
}) {
  const { offset, limit, shown, more, what, onOffset } = props;
  if (offset === 0 && !more) return null;
  return (
    <nav class="pager" aria-label={`${what} pages`}>
      <button
        type="button"
        class="secondary"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        Previous
      </button>
      <span>
        {shown === 0 ? 'none' : `${offset + 1}–${offset + shown}`} {what}
      </span>
      <button type="button" class="secondary" disabled={!more} onClick={() => onOffset(offset + limit)}>
        Next
      </button>
    </nav>
  );
}

// Reads a non-negative integer from a query value, else the fallback.
export function queryInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}
