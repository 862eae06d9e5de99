// A table driven by column definitions, shared by the pages that list rows: each column gives its
// header and how to render a row's cell; the table comes in its scrolling wrapper.
import type { ComponentChildren } from 'preact';

export interface Column<T> {
  header: ComponentChildren;
  cell: (row: T) => ComponentChildren;
  class?: string; // the cells' class
  title?: (row: T) => string; // the cells' tooltip
}

export interface TableProps<T> {
  label?: string; // the table's aria-label
  class?: string;
  columns: (Column<T> | false)[]; // `false` leaves a column out
  rows: T[];
  rowKey: (row: T, index: number) => string | number;
  // Attributes of a row's <tr>: data-* for tests, a class.
  rowProps?: (row: T) => Record<string, string | undefined>;
}

// The table in its scrolling wrapper with its header row; the body rows are the children (for
// rows that render themselves, e.g. with their own state).
export function TableFrame(props: {
  label?: string;
  class?: string;
  headers: ComponentChildren[];
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table aria-label={props.label} class={props.class}>
        <thead>
          <tr>
            {props.headers.map((header, i) => (
              <th key={i} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

export function Table<T>(props: TableProps<T>) {
  const columns = props.columns.filter((c): c is Column<T> => c !== false);
  return (
    <TableFrame label={props.label} class={props.class} headers={columns.map((c) => c.header)}>
      {props.rows.map((row, i) => (
        <tr key={props.rowKey(row, i)} {...props.rowProps?.(row)}>
          {columns.map((c, j) => (
            <td key={j} class={c.class} title={c.title?.(row)}>
              {c.cell(row)}
            </td>
          ))}
        </tr>
      ))}
    </TableFrame>
  );
}

// A list's table, or once the list has loaded empty, the words for that.
export function ListTable<T>(props: TableProps<T> & { loaded: boolean; empty: ComponentChildren }) {
  const { loaded, empty, ...table } = props;
  if (table.rows.length > 0) return <Table {...table} />;
  return loaded ? <p class="empty">{empty}</p> : null;
}
