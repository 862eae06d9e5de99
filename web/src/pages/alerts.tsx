// Alerts: filtered by status and kind (kept in the URL query, same names as the API's), paged,
// and each alert's status set to new, handled or ignored by operators and admins.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { getJson, sendJson } from '../api';
import { ActionState, LoadState, Section, useAction, useLoad } from '../components/load';
import { SeverityBadge } from '../components/severity';
import { Pager, queryInt, When } from '../components/when';
import { can, system } from '../session';
import '../components/forms.css';
import './alerts.css';

type Status = 'new' | 'handled' | 'ignored';

interface Alert {
  id: string;
  time: string;
  kind: string;
  severity: string;
  digest: string;
  message: string;
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
  const list = useLoad(
    () =>
      getJson<{ alerts: Alert[] }>('/alerts', { status, kind, offset, limit: kPageSize + 1 }),
    `alerts ${status} ${kind} ${offset}`,
  );
  const change = useAction();
  const [changing, setChanging] = useState('');
  const all = list.data?.alerts ?? [];
  const alerts = all.slice(0, kPageSize);
  const more = all.length > kPageSize;
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
        list.reload();
        return `Alert “${short(alert.message)}” ${kVerbs[to]}.`;
      })
      .finally(() => setChanging(''));
  }

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
          <label>
            Status
            <select
              value={status}
              onChange={(e) => go({ status: (e.target as HTMLSelectElement).value })}
            >
              <option value="">All</option>
              {kStatuses.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
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
        <LoadState state={list} what="alerts" />
        {list.data && alerts.length === 0 && (
          <p class="empty">
            {status || kind ? 'No alerts match these filters.' : 'No alerts yet.'}
          </p>
        )}
        {alerts.length > 0 && (
          <div class="table-wrap">
            <table class="alerts">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Severity</th>
                  <th>Alert</th>
                  <th>Status</th>
                  {mayChange && <th>Actions</th>}
                </tr>
              </thead>
              <tbody>
                {alerts.map((alert) => {
                  const run = alert.detail?.pipeline?.url;
                  return (
                    <tr key={alert.id} data-alert={alert.id}>
                      <td class="nowrap">
                        <When at={alert.time} />
                      </td>
                      <td>
                        <SeverityBadge severity={alert.severity || 'unknown'} />
                      </td>
                      <td class="alert-message">
                        <span class="alert-kind">{kKindNames[alert.kind] ?? alert.kind}</span>
                        <span>{alert.message}</span>
                        <span class="alert-links">
                          {alert.digest && (
                            <a href={`/images/${encodeURIComponent(alert.digest)}`}>image</a>
                          )}
                          {run && (
                            <a href={run} target="_blank" rel="noopener noreferrer">
                              pipeline run
                            </a>
                          )}
                        </span>
                      </td>
                      <td>
                        <span class={`alert-status alert-status-${alert.status}`}>
                          {alert.status}
                        </span>
                      </td>
                      {mayChange && (
                        <td>
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
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pager
          offset={offset}
          limit={kPageSize}
          shown={alerts.length}
          more={more}
          what="alerts"
          onOffset={(o) => go({ offset: o })}
        />
      </Section>
    </>
  );
}
