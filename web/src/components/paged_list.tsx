// Lists the API pages with offset/limit and no total (CI/CD scans, alerts): the page asks for one
// row more than it shows to know whether there is a next page, shows the rows in a table and
// "Previous" / "Next" buttons under it.
import type { ComponentChildren } from 'preact';
import { LoadState, useLoad, type Loaded } from './load';
import { ListTable, type TableProps } from './table';

export interface PagedList<T> {
  state: Loaded<T[]>;
  rows: T[]; // this page's rows
  more: boolean; // whether a next page exists
  offset: number;
  limit: number;
}

// Loads the page at `offset` whenever it or `key` changes.
export function usePagedList<T>(
  load: (page: { offset: number; limit: number }) => Promise<T[]>,
  key: string,
  offset: number,
  pageSize: number,
): PagedList<T> {
  const state = useLoad(() => load({ offset, limit: pageSize + 1 }), `${key} ${offset}`);
  const all = state.data ?? [];
  return { state, rows: all.slice(0, pageSize), more: all.length > pageSize, offset, limit: pageSize };
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

// The list's loading state, its table (or `empty`) and its pager.
export function PagedTable<T>(
  props: Omit<TableProps<T>, 'rows'> & {
    list: PagedList<T>;
    what: string; // "alerts": in "Loading alerts…" and "1–50 alerts"
    empty: ComponentChildren;
    onOffset: (offset: number) => void;
  },
) {
  const { list, what, empty, onOffset, ...table } = props;
  return (
    <>
      <LoadState state={list.state} what={what} />
      <ListTable {...table} rows={list.rows} loaded={list.state.data !== null} empty={empty} />
      <Pager
        offset={list.offset}
        limit={list.limit}
        shown={list.rows.length}
        more={list.more}
        what={what}
        onOffset={onOffset}
      />
    </>
  );
}

// Reads a non-negative integer from a query value, else the fallback.
export function queryInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}
