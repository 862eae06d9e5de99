// Registries: the list (kind, URL, scope, schedule, last scan), adding one with a connection test,
// and per registry "Scan now" (with the jobs' progress), "Schedule" and "Remove". Admins manage
// registries, operators scan, viewers read.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson, sendJson } from '../api';
import { HintedField, Select, SubmitActions } from '../components/forms';
import { plural } from '../components/image_format';
import { ActionState, LoadState, Section, useAction, useLoad } from '../components/load';
import { TableFrame } from '../components/table';
import { When } from '../components/when';
import { can, system } from '../session';
import '../components/forms.css';
import './registries.css';

export interface Registry {
  id: string;
  name: string;
  type: string;
  url: string;
  username: string;
  hasPassword: boolean;
  insecure: boolean;
  hasCa: boolean;
  repositories: string[];
  scanIntervalSeconds: number;
  createdAt: string;
  lastScanAt: string;
}

interface Job {
  id: string;
  kind: string;
  digest: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  error: string;
}

const kKinds: { value: string; label: string }[] = [
  { value: 'docker-registry', label: 'docker-registry' },
  { value: 'harbor', label: 'harbor' },
  { value: 'quay', label: 'quay' },
  { value: 'acr-ee', label: 'acr-ee' },
];

const kPollMs = 1000;
const kPollLimit = 900; // 15 minutes of polling, then the page stops watching
const kPollBatch = 8; // unfinished jobs asked about per second

// "every 2 h 30 min", "none".
export function describeInterval(seconds: number): string {
  if (!seconds) return 'none';
  const minutes = Math.round(seconds / 60);
  if (seconds % 60 !== 0 || minutes < 1) return `every ${seconds} s`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days && `${days} d`, hours && `${hours} h`, rest && `${rest} min`].filter(Boolean);
  return `every ${parts.join(' ')}`;
}

// Minutes typed by a person → scanIntervalSeconds (0: no schedule); throws a sentence.
function intervalSeconds(minutes: string): number {
  const text = minutes.trim();
  if (text === '' || text === '0') return 0;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 1) {
    throw new Error('Scan interval: enter whole minutes, at least 1 (or 0 / empty for no schedule).');
  }
  return Math.round(n * 60);
}

function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// One row: the registry, its actions and the words for the last action on it.
function RegistryRow(props: {
  registry: Registry;
  reload: () => void;
  onRemoved: (what: string) => void;
}) {
  const { registry, reload, onRemoved } = props;
  const scan = useAction();
  const remove = useAction();
  const schedule = useAction();
  const [progress, setProgress] = useState('');
  const [editing, setEditing] = useState(false);
  const [minutes, setMinutes] = useState('');
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  function startScan() {
    setProgress('Starting the scan');
    void scan.run('Starting the scan', async () => {
      const answer = await sendJson<{ jobs: Job[] }>(
        'POST',
        `/registries/${encodeURIComponent(registry.id)}/scan`,
      );
      const jobs = new Map(answer.jobs.map((job) => [job.id, job]));
      const total = jobs.size;
      if (total === 0) {
        reload();
        return 'Scan finished: 0 images (no new or changed tags since the last scan).';
      }
      const finished = () => [...jobs.values()].filter((j) => j.state === 'done' || j.state === 'failed');
      for (let round = 0; ; round++) {
        const over = finished().length;
        if (over === total) break;
        if (!alive.current) return '';
        if (round >= kPollLimit) {
          reload();
          return `Still scanning after ${Math.round((kPollLimit * kPollMs) / 60000)} minutes: ${over} of ${plural(total, 'job')} done. The center keeps going; reload the page later.`;
        }
        setProgress(`Scanning: ${over} of ${plural(total, 'job')} done`);
        await sleep(kPollMs);
        const open = [...jobs.values()]
          .filter((j) => j.state !== 'done' && j.state !== 'failed')
          .slice(0, kPollBatch);
        const answers = await Promise.all(
          open.map((j) => getJson<Job>(`/jobs/${encodeURIComponent(j.id)}`)),
        );
        for (const job of answers) jobs.set(job.id, job);
      }
      reload();
      const all = [...jobs.values()];
      const failed = all.filter((j) => j.state === 'failed');
      const done = total - failed.length;
      if (failed.length === total) {
        throw new Error(
          `Scan failed: ${plural(total, 'job')} failed. First error: ${failed[0]?.error || 'no reason given'}`,
        );
      }
      const failure = failed.length
        ? `, ${failed.length} failed (first error: ${failed[0]?.error || 'no reason given'})`
        : '';
      return `Scan finished: ${plural(done, 'image')}${failure}.`;
    });
  }

  function startRemove() {
    if (!confirm(`Remove registry ${registry.name} (${registry.url})? Moat stops scanning it.`)) return;
    void remove.run(`Removing ${registry.name}`, async () => {
      await sendJson('DELETE', `/registries/${encodeURIComponent(registry.id)}`);
      onRemoved(`Removed registry ${registry.name}.`);
      reload();
      return `Removed ${registry.name}.`;
    });
  }

  function openSchedule() {
    setMinutes(registry.scanIntervalSeconds ? String(Math.round(registry.scanIntervalSeconds / 60)) : '');
    setEditing(true);
  }

  function saveSchedule(e: Event) {
    e.preventDefault();
    void schedule.run('Saving the schedule', async () => {
      const seconds = intervalSeconds(minutes);
      try {
        await sendJson('PATCH', `/registries/${encodeURIComponent(registry.id)}`, {
          scanIntervalSeconds: seconds,
        });
      } catch (err) {
        throw new Error(`Could not change the schedule: ${(err as Error).message}`);
      }
      setEditing(false);
      reload();
      return seconds
        ? `Schedule of ${registry.name}: ${describeInterval(seconds)}.`
        : `${registry.name} is no longer scanned on a schedule.`;
    });
  }

  const status = scan.busy ? (
    <p class="progress" role="status">
      {progress}…
    </p>
  ) : (
    <>
      <ActionState action={scan} />
      <ActionState action={schedule} />
      <ActionState action={remove} />
    </>
  );
  const hasStatus = !!(
    scan.busy || scan.error || scan.done || schedule.busy || schedule.error || schedule.done ||
    remove.busy || remove.error || remove.done
  );

  return (
    <>
      <tr data-registry={registry.name}>
        <td>
          <strong>{registry.name}</strong>
        </td>
        <td class="nowrap">{registry.type}</td>
        <td class="nowrap">
          <span class="mono">{registry.url}</span>
          <span class="reg-flags">
            {registry.username && <span>user {registry.username}</span>}
            {registry.insecure && <span>TLS not verified</span>}
            {registry.hasCa && <span>own CA</span>}
          </span>
        </td>
        <td class="reg-repos">
          {registry.repositories.length ? (
            registry.repositories.join(', ')
          ) : (
            <span class="empty">all repositories</span>
          )}
        </td>
        <td class="nowrap">{describeInterval(registry.scanIntervalSeconds)}</td>
        <td>
          <When at={registry.lastScanAt} />
        </td>
        <td class="nowrap">
          <div class="row-actions">
            {can('operator') && (
              <button type="button" onClick={startScan} disabled={!!scan.busy}>
                Scan now
              </button>
            )}
            {can('admin') && !editing && (
              <button type="button" class="secondary" onClick={openSchedule}>
                Schedule
              </button>
            )}
            {can('admin') && (
              <button type="button" class="danger" onClick={startRemove} disabled={!!remove.busy}>
                Remove
              </button>
            )}
          </div>
        </td>
      </tr>
      {(hasStatus || editing) && (
        <tr class="row-status" data-registry-status={registry.name}>
          <td colSpan={7}>
            {editing && (
              <form class="inline-edit" onSubmit={saveSchedule} noValidate>
                <label>
                  Minutes between scans
                  <input
                    type="number"
                    min="0"
                    step="1"
                    inputMode="numeric"
                    value={minutes}
                    placeholder="0 = none"
                    onInput={(e) => setMinutes((e.target as HTMLInputElement).value)}
                  />
                </label>
                <button type="submit" disabled={!!schedule.busy}>
                  Save schedule
                </button>
                <button type="button" class="secondary" onClick={() => setEditing(false)}>
                  Cancel
                </button>
                <small class="form-hint">
                  Schedule of {registry.name}; 0 or empty: no scheduled scans.
                </small>
              </form>
            )}
            {status}
          </td>
        </tr>
      )}
    </>
  );
}

interface Draft {
  name: string;
  type: string;
  url: string;
  username: string;
  password: string;
  repositories: string;
  minutes: string;
  caPem: string;
  insecure: boolean;
  skipTest: boolean;
}

const kEmptyDraft: Draft = {
  name: '',
  type: 'docker-registry',
  url: '',
  username: '',
  password: '',
  repositories: '',
  minutes: '',
  caPem: '',
  insecure: false,
  skipTest: false,
};

function AddRegistry(props: { onAdded: () => void }) {
  const [draft, setDraft] = useState<Draft>(kEmptyDraft);
  const action = useAction(); // the test and the add share one line of words
  const test = action;
  const add = action;

  function set<K extends keyof Draft>(key: K, value: Draft[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
  }
  const text = (key: keyof Draft) => (e: Event) =>
    set(key, (e.target as HTMLInputElement).value as never);

  function body(withTest: boolean) {
    if (!draft.name.trim()) throw new Error('Name: enter a name for the registry.');
    if (!/^https?:\/\//.test(draft.url.trim())) {
      throw new Error('URL: enter the address with its scheme, e.g. https://registry.example.com.');
    }
    return {
      name: draft.name.trim(),
      type: draft.type,
      url: draft.url.trim(),
      username: draft.username.trim(),
      password: draft.password,
      repositories: splitList(draft.repositories),
      scanIntervalSeconds: intervalSeconds(draft.minutes),
      caPem: draft.caPem.trim() ? `${draft.caPem.trim()}\n` : '',
      insecure: draft.insecure,
      ...(withTest ? {} : { test: false }),
    };
  }

  function runTest() {
    void test.run('Testing the connection', async () => {
      const request = body(true);
      try {
        await sendJson('POST', '/registries/test', request);
      } catch (e) {
        throw new Error(`Connection failed: ${(e as Error).message}`);
      }
      return `Connection works: ${request.url} answered${request.username ? ` and accepted the credentials of ${request.username}` : ''}.`;
    });
  }

  function submit(e: Event) {
    e.preventDefault();
    void add.run(
      draft.skipTest ? 'Adding the registry' : 'Testing the connection and adding the registry',
      async () => {
        const request = body(!draft.skipTest);
        let created: Registry;
        try {
          created = await sendJson<Registry>('POST', '/registries', request);
        } catch (err) {
          throw new Error(`Registry not added: ${(err as Error).message}`);
        }
        setDraft(kEmptyDraft);
        props.onAdded();
        return `Added registry ${created.name}${created.scanIntervalSeconds ? `, scanned ${describeInterval(created.scanIntervalSeconds)}` : ''}. Use "Scan now" to scan it.`;
      },
    );
  }

  const busy = !!action.busy;
  return (
    <form onSubmit={submit} aria-label="Add registry" noValidate>
      <div class="form-grid">
        <label>
          Name
          <input maxLength={128} value={draft.name} onInput={text('name')} autocomplete="off" />
        </label>
        <Select noAll label="Kind" value={draft.type} options={kKinds} onChange={(type) => set('type', type)} />
        <HintedField
          wide
          label="URL"
          id="reg-url-hint"
          hint="http:// or https://, with the port if it is not the default."
        >
          <input
            type="text"
            inputMode="url"
            autocomplete="off"
            placeholder="https://registry.example.com"
            value={draft.url}
            onInput={text('url')}
            aria-describedby="reg-url-hint"
          />
        </HintedField>
        <label>
          Username
          <input value={draft.username} onInput={text('username')} autocomplete="off" />
        </label>
        <label>
          Password
          <input
            type="password"
            value={draft.password}
            onInput={text('password')}
            autocomplete="new-password"
          />
        </label>
        <HintedField
          label="Repositories"
          id="reg-repos-hint"
          hint="Optional, comma-separated (e.g. team/web, team/api); empty: every repository."
        >
          <input
            value={draft.repositories}
            placeholder="all"
            onInput={text('repositories')}
            aria-describedby="reg-repos-hint"
          />
        </HintedField>
        <HintedField
          label="Scan interval"
          id="reg-interval-hint"
          hint="Minutes between scheduled scans; 0 or empty: no schedule."
        >
          <input
            type="number"
            min="0"
            step="1"
            inputMode="numeric"
            placeholder="0"
            value={draft.minutes}
            onInput={text('minutes')}
            aria-describedby="reg-interval-hint"
          />
        </HintedField>
        <HintedField
          wide
          label="CA certificate (PEM)"
          id="reg-ca-hint"
          hint="Optional: trust this CA for the registry's HTTPS certificate."
        >
          <textarea
            class="pem"
            value={draft.caPem}
            placeholder="-----BEGIN CERTIFICATE-----"
            onInput={text('caPem')}
            aria-describedby="reg-ca-hint"
          />
        </HintedField>
        <label class="form-check form-wide">
          <input
            type="checkbox"
            checked={draft.insecure}
            onChange={(e) => set('insecure', (e.target as HTMLInputElement).checked)}
          />
          Skip TLS certificate verification (insecure)
        </label>
        <label class="form-check form-wide">
          <input
            type="checkbox"
            checked={draft.skipTest}
            onChange={(e) => set('skipTest', (e.target as HTMLInputElement).checked)}
          />
          Save without testing the connection
        </label>
      </div>
      <SubmitActions action={action} label="Add registry">
        <button type="button" class="secondary" onClick={runTest} disabled={busy}>
          Test connection
        </button>
      </SubmitActions>
    </form>
  );
}

// The table's headers; RegistryRow renders a row's cells (each row has its actions' state).
const kHeaders = ['Name', 'Kind', 'URL', 'Repositories', 'Schedule', 'Last scan', 'Actions'];

export function Registries(_props: Record<string, unknown>) {
  const list = useLoad(() => getJson<{ registries: Registry[] }>('/registries'), 'registries');
  const registries = list.data?.registries ?? [];
  const role = system.value?.caller.role ?? 'viewer';
  const [removed, setRemoved] = useState('');
  return (
    <>
      <h1>Registries</h1>
      {!can('admin') && (
        <p class="notice">
          You are signed in as {role}: only admins can add, remove or reschedule registries
          {can('operator') ? '.' : ', and only operators and admins can scan them.'}
        </p>
      )}
      <Section title="Registries">
        {removed && (
          <p class="done" role="status">
            {removed}
          </p>
        )}
        <LoadState state={list} what="registries" />
        {list.data && registries.length === 0 && (
          <p class="empty">
            No registries yet.{can('admin') ? ' Add one below.' : ''}
          </p>
        )}
        {registries.length > 0 && (
          <TableFrame class="registries" headers={kHeaders}>
            {registries.map((r) => (
              <RegistryRow key={r.id} registry={r} reload={list.reload} onRemoved={setRemoved} />
            ))}
          </TableFrame>
        )}
      </Section>
      {can('admin') && (
        <Section title="Add registry">
          <AddRegistry onAdded={list.reload} />
        </Section>
      )}
    </>
  );
}
