// Alerts: filtered by status and kind (kept in the URL query, same names as the API's), paged,
// and each alert's status set to new, handled or ignored by operators and admins.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { getJson, sendJson } from '../api';
import type { AlertSummary } from '../components/alert';
import { Select } from '../components/forms';
import { imageHref } from '../components/image_format';
import { ActionState, Section, useAction } from '../components/load';
import { PagedTable, queryInt, usePagedList } from '../components/paged_list';
import { SeverityBadge } from '../components/severity';
import type { Column } from '../components/table';
import { When } from '../components/when';
import { can, system } from '../session';
import '../components/forms.css';
import './alerts.css';

type Status = 'new' | 'handled' | 'ignored';

interface Alert extends AlertSummary {
  detail: {
    pipeline?: { url?: string; run?: string; repository?: string };
    scanId?: string;
    uploadedBy?: string;
  } | null;
  status: Status;
}

const kPageSize = 50;
const kStatuses: Status[] = ['new', 'handled', 'ignored'];
const kKnownKinds = ['ci-gate'];
const kKindNames: Record<string, string> = { 'ci-gate': 'CI gate failed' };

// The buttons an alert in `status` offers: [new status, button text].
const kMoves: Record<Status, [Status, string][]> = {
  new: [
    ['handled', 'Mark handled'],
    ['ignored', 'Ignore'],
  ],
  handled: [['new', 'Reopen']],
  ignored: [['new', 'Reopen']],
};

const kVerbs: Record<Status, string> = {
  new: 'reopened',
  handled: 'marked handled',
  ignored: 'ignored',
};

function short(text: string, n = 60): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

export function Alerts(_props: Record<string, unknown>) {
  const location = useLocation();
  const status = kStatuses.includes(location.query.status as Status) ? location.query.status : '';
  const kind = location.query.kind ?? '';
  const offset = queryInt(location.query.offset, 0);
  const [kindDraft, setKindDraft] = useState(kind);
  useEffect(() => setKindDraft(kind), [kind]);
  const list = usePagedList(
    (page) => getJson<{ alerts: Alert[] }>('/alerts', { status, kind, ...page }).then((answer) => answer.alerts ?? []),
    `alerts ${status} ${kind}`,
    offset,
    kPageSize,
  );
  const change = useAction();
  const [changing, setChanging] = useState('');
  const mayChange = can('operator');

  // Replaces the URL's query (no new history entry), which reloads the list.
  function go(next: { status?: string; kind?: string; offset?: number }) {
    const params = new URLSearchParams();
    const s = next.status ?? status;
    const k = (next.kind ?? kind).trim();
    const o = next.offset ?? 0;
    if (s) params.set('status', s);
    if (k) params.set('kind', k);
    if (o) params.set('offset', String(o));
    const qs = params.toString();
    location.route(`/alerts${qs ? `?${qs}` : ''}`, true);
  }

  function setStatus(alert: Alert, to: Status) {
    setChanging(alert.id);
    void change
      .run(`Setting the alert “${short(alert.message)}” to ${to}`, async () => {
        try {
          await sendJson('PATCH', `/alerts/${encodeURIComponent(alert.id)}`, { status: to });
        } catch (e) {
          throw new Error(`Could not change the alert “${short(alert.message)}”: ${(e as Error).message}`);
        }
        list.state.reload();
        return `Alert “${short(alert.message)}” ${kVerbs[to]}.`;
      })
      .finally(() => setChanging(''));
  }

  const columns: (Column<Alert> | false)[] = [
    { header: 'Time', class: 'nowrap', cell: (alert) => <When at={alert.time} /> },
    { header: 'Severity', cell: (alert) => <SeverityBadge severity={alert.severity || 'unknown'} /> },
    {
      header: 'Alert',
      class: 'alert-message',
      cell: (alert) => {
        const run = alert.detail?.pipeline?.url;
        return (
          <>
            <span class="alert-kind">{kKindNames[alert.kind] ?? alert.kind}</span>
            <span>{alert.message}</span>
            <span class="alert-links">
              {alert.digest && <a href={imageHref(alert.digest)}>image</a>}
              {run && (
                <a href={run} target="_blank" rel="noopener noreferrer">
                  pipeline run
                </a>
              )}
            </span>
          </>
        );
      },
    },
    {
      header: 'Status',
      cell: (alert) => <span class={`alert-status alert-status-${alert.status}`}>{alert.status}</span>,
    },
    mayChange && {
      header: 'Actions',
      cell: (alert) => (
        <div class="row-actions">
          {(kMoves[alert.status] ?? kMoves.new).map(([to, text]) => (
            <button
              key={to}
              type="button"
              class="secondary"
              disabled={!!change.busy}
              aria-busy={changing === alert.id}
              onClick={() => setStatus(alert, to)}
            >
              {text}
            </button>
          ))}
        </div>
      ),
    },
  ];

  return (
    <>
      <h1>Alerts</h1>
      {!mayChange && (
        <p class="notice">
          You are signed in as {system.value?.caller.role ?? 'viewer'}: only operators and admins
          can change an alert's status.
        </p>
      )}
      <Section title="Alerts">
        <form
          class="filters"
          role="search"
          aria-label="Alert filters"
          onSubmit={(e) => {
            e.preventDefault();
            go({ kind: kindDraft });
          }}
        >
          <Select
            label="Status"
            value={status}
            options={kStatuses.map((s) => ({ value: s, label: s }))}
            onChange={(s) => go({ status: s })}
          />
          <label>
            Kind
            <input
              list="alert-kinds"
              value={kindDraft}
              placeholder="all"
              onInput={(e) => setKindDraft((e.target as HTMLInputElement).value)}
              onChange={(e) => go({ kind: (e.target as HTMLInputElement).value })}
            />
            <datalist id="alert-kinds">
              {kKnownKinds.map((k) => (
                <option key={k} value={k}>
                  {kKindNames[k]}
                </option>
              ))}
            </datalist>
          </label>
          <button type="submit" class="secondary">
            Apply
          </button>
          {(status || kind) && (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setKindDraft('');
                location.route('/alerts', true);
              }}
            >
              Clear filters
            </button>
          )}
        </form>
        <ActionState action={change} />
        <PagedTable
          list={list}
          what="alerts"
          empty={status || kind ? 'No alerts match these filters.' : 'No alerts yet.'}
          onOffset={(o) => go({ offset: o })}
          class="alerts"
          columns={columns}
          rowKey={(alert) => alert.id}
          rowProps={(alert) => ({ 'data-alert': alert.id })}
        />
      </Section>
    </>
  );
}
