// The overview (GET /api/v1/overview, one request): images by risk level (the worst severity of
// each image), the most vulnerable images, the latest alerts, the vulnerability database's age,
// the edition and the license's expiry.
import type { ComponentChildren } from 'preact';
import { getJson } from '../api';
import type { AlertSummary } from '../components/alert';
import { LoadState, Section, useLoad } from '../components/load';
import { SeverityBadge } from '../components/severity';
import { RiskBadges, riskTotal } from '../components/image_risk';
import { ListTable, type Column, type TableProps } from '../components/table';
import { When } from '../components/when';
import {
  daysFromNow,
  imageHref,
  imageName,
  imageTypeLabel,
  plural,
  shortDigest,
  type ImageSummary,
} from '../components/image_format';
import './overview.css';

interface OverviewData {
  images: { total: number; byRisk: Record<string, number> };
  topVulnerable: ImageSummary[];
  latestAlerts: AlertSummary[];
  database: { builtAt: string };
  edition: 'enterprise' | 'ultimate';
  licenseExpiresAt: string | null;
}

const kLevels: { level: string; label: string }[] = [
  { level: 'critical', label: 'Critical' },
  { level: 'high', label: 'High' },
  { level: 'medium', label: 'Medium' },
  { level: 'low', label: 'Low' },
  { level: 'negligible', label: 'Negligible' },
  { level: 'unknown', label: 'Unknown' },
  { level: 'none', label: 'Nothing found' },
];

// A database older than this is worth a warning (the feeds change daily).
const kStaleDays = 7;

function RiskLevels(props: { total: number; byRisk: Record<string, number> }) {
  const { total, byRisk } = props;
  const max = Math.max(1, ...kLevels.map((l) => byRisk[l.level] ?? 0));
  return (
    <Section title="Images by risk level">
      <p>
        {plural(total, 'image')} stored, counted by the worst severity found in each.{' '}
        <a href="/images">All images</a>
      </p>
      <table class="ov-levels" aria-label="Images by risk level">
        <thead>
          <tr>
            <th scope="col">Worst severity</th>
            <th scope="col">Images</th>
          </tr>
        </thead>
        <tbody>
          {kLevels.map(({ level, label }) => {
            const count = byRisk[level] ?? 0;
            return (
              <tr key={level} data-level={level}>
                <th scope="row">{label}</th>
                <td>
                  <span class="ov-bar-row">
                    <span
                      class={`ov-bar ${level === 'none' ? 'ov-bar-none' : `sev-${level}`}`}
                      style={{ width: `${(count / max) * 100}%` }}
                    />
                    <span class="ov-count">{count}</span>
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

function Database(props: { builtAt: string }) {
  const days = daysFromNow(props.builtAt);
  return (
    <Section title="Vulnerability database">
      {days === null ? (
        <p class="notice">No vulnerability database has been loaded: vulnerabilities are not checked.</p>
      ) : (
        <>
          <p>
            Built <When at={props.builtAt} />
          </p>
          <p class={days > kStaleDays ? 'notice' : undefined} data-testid="db-age">
            {days <= 0 ? 'Less than a day old' : `${plural(days, 'day')} old`}
            {days > kStaleDays && ': update it so new advisories are matched.'}
          </p>
        </>
      )}
    </Section>
  );
}

function Edition(props: { edition: string; licenseExpiresAt: string | null }) {
  const { edition, licenseExpiresAt } = props;
  const expiry = licenseExpiresAt ? new Date(licenseExpiresAt).getTime() : NaN;
  const left = Number.isNaN(expiry) ? null : Math.ceil((expiry - Date.now()) / 86_400_000);
  return (
    <Section title="Edition">
      <p>
        <strong>{edition === 'ultimate' ? 'Ultimate' : 'Enterprise'}</strong>
      </p>
      {licenseExpiresAt ? (
        <p class={left !== null && left <= 30 ? 'notice' : undefined} data-testid="license-expiry">
          {left !== null && left <= 0 ? 'License expired ' : 'License expires '}
          <When at={licenseExpiresAt} />
          {left !== null && left > 0 && ` (in ${plural(left, 'day')})`}
        </p>
      ) : (
        <p data-testid="license-expiry">No license installed.</p>
      )}
      <p>
        <a href="/settings">Settings</a>
      </p>
    </Section>
  );
}

const kImageColumns: Column<ImageSummary>[] = [
  {
    header: 'Image',
    cell: (image) => (
      <>
        <a href={imageHref(image.digest)}>{imageName(image)}</a>
        <div class="mono ov-digest">{shortDigest(image.digest)}</div>
      </>
    ),
  },
  { header: 'Type', cell: (image) => imageTypeLabel(image.type) },
  { header: 'Critical', class: 'num', cell: (image) => riskTotal(image.risk, 'critical') },
  { header: 'High', class: 'num', cell: (image) => riskTotal(image.risk, 'high') },
  { header: 'Risk', cell: (image) => <RiskBadges risk={image.risk} /> },
  { header: 'Scanned', class: 'ov-time', cell: (image) => <When at={image.scannedAt} /> },
];

const kAlertColumns: Column<AlertSummary>[] = [
  { header: 'Time', class: 'ov-time', cell: (alert) => <When at={alert.time} /> },
  { header: 'Severity', cell: (alert) => <SeverityBadge severity={alert.severity} /> },
  {
    header: 'Alert',
    cell: (alert) => (
      <>
        <span class="ov-kind">{alert.kind}</span> {alert.message}
        {alert.digest && (
          <>
            {' '}
            <a href={imageHref(alert.digest)}>image {shortDigest(alert.digest)}</a>
          </>
        )}
      </>
    ),
  },
  { header: 'Status', cell: (alert) => alert.status },
];

// A section holding one table named like it, or `empty`; `children` follow the table.
function TableSection<T>(
  props: Omit<TableProps<T>, 'label'> & { title: string; empty: string; children?: ComponentChildren },
) {
  const { title, empty, children, ...table } = props;
  return (
    <Section title={title}>
      <ListTable {...table} label={title} loaded empty={empty} />
      {children}
    </Section>
  );
}

export function Overview(_props: Record<string, unknown>) {
  const state = useLoad(() => getJson<OverviewData>('/overview'), 'overview');
  const data = state.data;
  return (
    <>
      <h1>Overview</h1>
      <LoadState state={state} what="the overview" />
      {data && (
        <>
          <div class="grid ov-top">
            <RiskLevels total={data.images.total} byRisk={data.images.byRisk} />
            <div>
              <Database builtAt={data.database.builtAt} />
              <Edition edition={data.edition} licenseExpiresAt={data.licenseExpiresAt} />
            </div>
          </div>
          <TableSection
            title="Most vulnerable images"
            columns={kImageColumns}
            rows={data.topVulnerable}
            rowKey={(image) => image.digest}
            empty="No images have been scanned yet."
          />
          <TableSection
            title="Latest alerts"
            columns={kAlertColumns}
            rows={data.latestAlerts}
            rowKey={(alert) => alert.id}
            empty="No alerts."
          >
            <p>
              <a href="/alerts">All alerts</a>
            </p>
          </TableSection>
        </>
      )}
    </>
  );
}
