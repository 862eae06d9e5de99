// Settings: the license and edition (with the license upload, which re-reads the session's system
// info so Ultimate-only navigation opens at once), API tokens and notification webhooks (admins).
import { useRef, useState } from 'preact/hooks';
import { getJson, request, sendJson } from '../api';
import { Select, SubmitActions } from '../components/forms';
import { ActionState, LoadState, Section, useAction, useLoad } from '../components/load';
import { Table, type Column } from '../components/table';
import { When } from '../components/when';
import { can, system, type Role, type SystemInfo } from '../session';
import '../components/forms.css';
import './settings.css';

interface LicenseInfo {
  edition: 'enterprise' | 'ultimate';
  detail: string;
  license: {
    id: string;
    customer: string;
    edition: string;
    issuedAt: string;
    expiresAt: string;
    quotas: { images: number; nodes: number; clusters: number };
  } | null;
}

interface Token {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string;
  revoked: boolean;
}

// What each edition offers (docs/formats/license.md, src/license/entitlements.h).
const kFeatures: { name: string; ultimate: boolean }[] = [
  { name: 'Image scanning (vulnerabilities, secrets, malware, configuration)', ultimate: false },
  { name: 'Registry scanning and schedules', ultimate: false },
  { name: 'CI/CD pipeline scans and gates', ultimate: false },
  { name: 'Alerts and webhooks', ultimate: false },
  { name: 'Container assets', ultimate: false },
  { name: 'Microsegmentation', ultimate: true },
  { name: 'Host protection', ultimate: true },
];

const kRoles: { value: Role; label: string }[] = [
  { value: 'viewer', label: 'viewer (reads)' },
  { value: 'operator', label: 'operator (also scans, uploads, handles alerts)' },
  { value: 'admin', label: 'admin (also manages registries, tokens, license, settings)' },
];

function editionName(edition: string): string {
  return edition === 'ultimate' ? 'Ultimate' : 'Enterprise';
}

function daysLeft(at: string): string {
  const ms = new Date(at).getTime() - Date.now();
  if (Number.isNaN(ms)) return '';
  const days = Math.floor(ms / 86_400_000);
  if (ms < 0) return 'expired';
  if (days === 0) return 'expires today';
  return `${days} day${days === 1 ? '' : 's'} left`;
}

function quota(n: number): string {
  return n === 0 ? 'no limit' : String(n);
}

function LicenseSection() {
  const info = useLoad(() => getJson<LicenseInfo>('/license'), 'license');
  const upload = useAction();
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const data = info.data;
  const lic = data?.license ?? null;
  const ultimate = data?.edition === 'ultimate';

  function submit(e: Event) {
    e.preventDefault();
    void upload.run('Uploading the license', async () => {
      if (!file) throw new Error('Choose a license file first.');
      if (file.size > 64 * 1024) {
        throw new Error(`${file.name} is ${Math.ceil(file.size / 1024)} KiB; a license file is at most 64 KiB.`);
      }
      const text = await file.text();
      let answer: LicenseInfo;
      try {
        // The body is the file as it is (the server verifies its signature); no JSON re-encoding.
        answer = (await (await request('PUT', '/license', { body: text })).json()) as LicenseInfo;
      } catch (err) {
        throw new Error(`License not installed: ${(err as Error).message}`);
      }
      // The edition decides the navigation: re-read the session's system info.
      system.value = await getJson<SystemInfo>('/system');
      info.reload();
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      const l = answer.license;
      return l
        ? `License installed: ${editionName(answer.edition)} for ${l.customer}, valid until ${new Date(l.expiresAt).toLocaleDateString()}.`
        : `License installed: ${editionName(answer.edition)}.`;
    });
  }

  return (
    <Section title="License and edition">
      <LoadState state={info} what="the license" />
      {data && (
        <>
          <dl class="facts">
            <dt>Edition</dt>
            <dd>
              <span class={`edition-tag edition-tag-${data.edition}`} data-testid="license-edition">
                {editionName(data.edition)}
              </span>
            </dd>
            <dt>Licensee</dt>
            <dd>{lic ? lic.customer : <span class="empty">no license installed</span>}</dd>
            {lic && (
              <>
                <dt>Expires</dt>
                <dd>
                  <When at={lic.expiresAt} /> ({daysLeft(lic.expiresAt)})
                </dd>
                <dt>Issued</dt>
                <dd>
                  <When at={lic.issuedAt} />
                </dd>
                <dt>License id</dt>
                <dd>
                  <code>{lic.id}</code>
                </dd>
                <dt>Quotas</dt>
                <dd>
                  images {quota(lic.quotas.images)}, nodes {quota(lic.quotas.nodes)}, clusters{' '}
                  {quota(lic.quotas.clusters)}
                </dd>
              </>
            )}
            <dt>Status</dt>
            <dd>{data.detail}</dd>
          </dl>
          <h3>Features</h3>
          <ul class="features">
            {kFeatures.map((f) => {
              const on = !f.ultimate || ultimate;
              return (
                <li key={f.name} class={on ? 'feature-on' : 'feature-off'} aria-disabled={!on}>
                  <span class="feature-mark" aria-hidden="true">
                    {on ? '✓' : '✕'}
                  </span>
                  <span>
                    {f.name}
                    {!on && (
                      <small class="feature-why">
                        {f.name} requires the Ultimate edition
                      </small>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {can('admin') ? (
        <form class="license-upload" onSubmit={submit} noValidate>
          <h3>Install a license</h3>
          <label>
            License file
            <input
              ref={fileInput}
              type="file"
              accept=".json,.lic,.license,application/json,text/plain"
              onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
            />
          </label>
          <SubmitActions action={upload} label="Upload license" />
        </form>
      ) : (
        <p class="notice">Only admins can install a license.</p>
      )}
    </Section>
  );
}

function copyText(text: string, field: HTMLInputElement | null): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  // Plain-HTTP consoles have no clipboard API: select the field and use the old command.
  if (field) {
    field.focus();
    field.select();
    if (document.execCommand('copy')) return Promise.resolve();
  }
  return Promise.reject(new Error('This browser did not allow copying; select the token and copy it by hand.'));
}

function NewSecret(props: { name: string; secret: string; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const copy = useAction();
  return (
    <div class="new-secret" role="region" aria-label="Created token">
      <p>
        <strong>Token {props.name} created.</strong> Copy it now: the center shows it only once.
      </p>
      <div class="secret-row">
        <label>
          New token
          <input
            ref={field}
            class="mono"
            readOnly
            value={props.secret}
            onFocus={(e) => (e.target as HTMLInputElement).select()}
          />
        </label>
        <button
          type="button"
          onClick={() =>
            void copy.run('Copying', async () => {
              await copyText(props.secret, field.current);
              return 'Copied to the clipboard.';
            })
          }
        >
          Copy
        </button>
        <button type="button" class="secondary" onClick={props.onDone}>
          Done
        </button>
      </div>
      <ActionState action={copy} />
    </div>
  );
}

function TokensSection() {
  const list = useLoad(() => getJson<{ tokens: Token[] }>('/tokens'), 'tokens');
  const create = useAction();
  const revoke = useAction();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const tokens = (list.data?.tokens ?? []).filter((t) => showRevoked || !t.revoked);
  const revokedCount = (list.data?.tokens ?? []).filter((t) => t.revoked).length;

  function submit(e: Event) {
    e.preventDefault();
    void create.run('Creating the token', async () => {
      const trimmed = name.trim();
      if (!trimmed) throw new Error('Token name: enter a name, e.g. ci-github or alice.');
      let answer: Token & { token: string };
      try {
        answer = await sendJson<Token & { token: string }>('POST', '/tokens', { name: trimmed, role });
      } catch (err) {
        throw new Error(`Token not created: ${(err as Error).message}`);
      }
      setCreated({ name: answer.name, secret: answer.token });
      setName('');
      list.reload();
      return `Created token ${answer.name} (${answer.role}).`;
    });
  }

  function revokeToken(token: Token) {
    if (!confirm(`Revoke token ${token.name} (${token.role})? Anything using it is refused at once.`)) return;
    void revoke.run(`Revoking ${token.name}`, async () => {
      try {
        await sendJson('DELETE', `/tokens/${encodeURIComponent(token.id)}`);
      } catch (err) {
        throw new Error(`Token ${token.name} not revoked: ${(err as Error).message}`);
      }
      list.reload();
      return `Revoked token ${token.name}.`;
    });
  }

  const columns: Column<Token>[] = [
    {
      header: 'Name',
      cell: (t) => (
        <>
          {t.name}
          {t.name === system.value?.caller.name && !t.revoked && <small class="you"> (you)</small>}
        </>
      ),
    },
    { header: 'Role', cell: (t) => t.role },
    {
      header: 'Created',
      cell: (t) => (
        <>
          <When at={t.createdAt} /> <small class="empty">by {t.createdBy}</small>
        </>
      ),
    },
    { header: 'Last used', cell: (t) => <When at={t.lastUsedAt} /> },
    {
      header: 'Actions',
      cell: (t) =>
        t.revoked ? (
          <span class="empty">revoked</span>
        ) : (
          <button type="button" class="danger" disabled={!!revoke.busy} onClick={() => revokeToken(t)}>
            Revoke
          </button>
        ),
    },
  ];

  return (
    <Section title="API tokens">
      <form class="token-form" onSubmit={submit} noValidate>
        <div class="form-grid">
          <label>
            Token name
            <input
              maxLength={128}
              value={name}
              autocomplete="off"
              placeholder="ci-github"
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
          </label>
          <Select noAll label="Role" value={role} options={kRoles} onChange={(r) => setRole(r as Role)} />
        </div>
        <SubmitActions action={create} label="Create token" />
      </form>
      {created && (
        <NewSecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} />
      )}
      <ActionState action={revoke} />
      <LoadState state={list} what="tokens" />
      {list.data && (
        <>
          <Table
            class="tokens"
            columns={columns}
            rows={tokens}
            rowKey={(t) => t.id}
            rowProps={(t) => ({ 'data-token': t.name, class: t.revoked ? 'revoked' : undefined })}
          />
          {revokedCount > 0 && (
            <label class="form-check">
              <input
                type="checkbox"
                checked={showRevoked}
                onChange={(e) => setShowRevoked((e.target as HTMLInputElement).checked)}
              />
              Show {revokedCount} revoked token{revokedCount === 1 ? '' : 's'}
            </label>
          )}
        </>
      )}
    </Section>
  );
}

interface Hook {
  key: number;
  url: string;
}

function WebhooksSection() {
  const nextKey = useRef(0);
  const [hooks, setHooks] = useState<Hook[] | null>(null);
  const list = useLoad(async () => {
    const answer = await getJson<{ webhooks: { url: string }[] }>('/settings/webhooks');
    setHooks(answer.webhooks.map((h) => ({ key: nextKey.current++, url: h.url })));
    return answer;
  }, 'webhooks');
  const save = useAction();

  function edit(key: number, url: string) {
    setHooks((hs) => (hs ?? []).map((h) => (h.key === key ? { ...h, url } : h)));
  }

  function submit(e: Event) {
    e.preventDefault();
    void save.run('Saving the webhooks', async () => {
      const urls = (hooks ?? []).map((h) => h.url.trim()).filter(Boolean);
      for (const url of urls) {
        if (!/^https?:\/\//.test(url)) throw new Error(`Webhook URL ${url}: expected an http:// or https:// URL.`);
      }
      let answer: { webhooks: { url: string }[] };
      try {
        answer = await sendJson('PUT', '/settings/webhooks', { webhooks: urls.map((url) => ({ url })) });
      } catch (err) {
        throw new Error(`Webhooks not saved: ${(err as Error).message}`);
      }
      setHooks(answer.webhooks.map((h) => ({ key: nextKey.current++, url: h.url })));
      const n = answer.webhooks.length;
      return n ? `Saved ${n} webhook${n === 1 ? '' : 's'}.` : 'Saved: no webhooks, alerts are not sent anywhere.';
    });
  }

  return (
    <Section title="Notification webhooks">
      <p class="section-note">
        Every new alert (failed CI gates today) is POSTed as JSON{' '}
        <code>{'{"type": "alert", "alert": {…}}'}</code> to each URL, retried on errors.
      </p>
      <LoadState state={list} what="webhooks" />
      {hooks && (
        <form onSubmit={submit} noValidate>
          {hooks.length === 0 && <p class="empty">No webhooks: alerts are not sent anywhere.</p>}
          <ol class="hooks">
            {hooks.map((h, i) => (
              <li key={h.key} class="hook-row">
                <label>
                  Webhook URL {i + 1}
                  <input
                    type="text"
                    inputMode="url"
                    autocomplete="off"
                    placeholder="https://hooks.example.com/moat"
                    value={h.url}
                    onInput={(e) => edit(h.key, (e.target as HTMLInputElement).value)}
                  />
                </label>
                <button
                  type="button"
                  class="danger"
                  aria-label={`Remove webhook ${i + 1}`}
                  onClick={() => setHooks((hs) => (hs ?? []).filter((x) => x.key !== h.key))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <SubmitActions action={save} label="Save webhooks">
            <button
              type="button"
              class="secondary"
              onClick={() => setHooks((hs) => [...(hs ?? []), { key: nextKey.current++, url: '' }])}
            >
              Add webhook
            </button>
          </SubmitActions>
        </form>
      )}
    </Section>
  );
}

export function Settings(_props: Record<string, unknown>) {
  const admin = can('admin');
  return (
    <div class="settings-page">
      <h1>Settings</h1>
      <LicenseSection />
      {admin ? (
        <>
          <TokensSection />
          <WebhooksSection />
        </>
      ) : (
        <p class="notice">
          API tokens and notification webhooks are managed by admins; you are signed in as{' '}
          {system.value?.caller.role ?? 'viewer'}.
        </p>
      )}
    </div>
  );
}
