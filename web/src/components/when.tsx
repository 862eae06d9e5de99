// A time shown in the reader's locale (the exact UTC time in its tooltip), on every page.

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
