// One image (/images/:digest, GET /api/v1/images/{digest}): its summary and latest stored report:
// findings by severity, then tabs for vulnerabilities, packages, layers with their build
// commands, secrets and sensitive files (excerpts come masked from the scanner), malware and
// webshells, configuration and build-command risks; every finding with its fix. The report
// downloads as JSON, SARIF or CycloneDX (fetched with the token, saved through a Blob).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { getJson, request } from '../api';
import { Select, TextField } from '../components/forms';
import { ActionState, LoadState, useAction, useLoad } from '../components/load';
import { SeverityBadge, kSeverities } from '../components/severity';
import { Table, type Column, type TableProps } from '../components/table';
import { When } from '../components/when';
import {
  formatBytes,
  imageName,
  imageTypeLabel,
  plural,
  shortDigest,
  type ImageSummary,
} from '../components/image_format';
import type {
  Pipeline,
  ReportFinding,
  ReportPackage,
  ReportVulnerability,
  ScanReport,
} from '../components/scan_report';
import './image_detail.css';

interface ImageDetailData extends ImageSummary {
  report: ScanReport | null;
  pipeline?: Pipeline;
  gate?: string;
}

// Tables longer than this show their first rows and a "Show all" button.
const kRowCap = 500;

const kExports: { format: string; label: string; extension: string }[] = [
  { format: 'json', label: 'JSON', extension: 'json' },
  { format: 'sarif', label: 'SARIF', extension: 'sarif.json' },
  { format: 'cyclonedx', label: 'CycloneDX', extension: 'cdx.json' },
];

const kCategoryLabel: Record<string, string> = {
  secret: 'Secret',
  'sensitive-file': 'Sensitive file',
  malware: 'Malware',
  webshell: 'Webshell',
  config: 'Configuration',
  history: 'Build command',
};

interface TabInfo {
  id: string;
  label: string;
  scanner?: string; // the scanner that checks it (report.scanners)
  categories?: string[]; // finding categories shown in it
}

const kTabs: TabInfo[] = [
  { id: 'vulnerabilities', label: 'Vulnerabilities', scanner: 'vuln' },
  { id: 'packages', label: 'Packages' },
  { id: 'layers', label: 'Layers' },
  {
    id: 'secrets',
    label: 'Secrets and files',
    scanner: 'secret',
    categories: ['secret', 'sensitive-file'],
  },
  { id: 'malware', label: 'Malware and webshells', scanner: 'malware', categories: ['malware', 'webshell'] },
  {
    id: 'config',
    label: 'Config and build commands',
    scanner: 'config',
    categories: ['config', 'history'],
  },
];

function severityRank(severity: string): number {
  const i = (kSeverities as readonly string[]).indexOf(severity);
  return i < 0 ? kSeverities.length : i;
}

// Fills what an older or partial report leaves out, so the page never reads undefined.
function normalized(report: ScanReport): ScanReport {
  return {
    ...report,
    image: { ...report.image, layers: report.image?.layers ?? [], repoTags: report.image?.repoTags ?? [] },
    scanners: report.scanners ?? [],
    packages: report.packages ?? [],
    vulnerabilities: report.vulnerabilities ?? [],
    findings: report.findings ?? [],
    warnings: report.warnings ?? [],
  };
}

// The advisory link: a reference naming the id, else the first reference, else OSV.
function advisoryLink(v: ReportVulnerability): string {
  const refs = (v.references ?? []).filter((r) => /^https?:\/\//.test(r));
  return (
    refs.find((r) => r.includes(v.id)) ?? refs[0] ?? `https://osv.dev/vulnerability/${encodeURIComponent(v.id)}`
  );
}

function linkText(url: string): string {
  try {
    const u = new URL(url);
    return u.hostname + (u.pathname.length > 1 ? u.pathname : '');
  } catch {
    return url;
  }
}

function matches(filter: string, ...fields: (string | undefined | null)[]): boolean {
  const needle = filter.trim().toLowerCase();
  return !needle || fields.some((f) => (f ?? '').toLowerCase().includes(needle));
}

// ---- Export -------------------------------------------------------------------------------

function fileStem(image: ImageSummary): string {
  const name = (image.repository || 'image').replace(/[^A-Za-z0-9._-]+/g, '_');
  return `moat-${name}-${shortDigest(image.digest)}`;
}

async function downloadReport(image: ImageSummary, format: string, extension: string): Promise<string> {
  const response = await request('GET', `/images/${encodeURIComponent(image.digest)}/report`, {
    query: { format },
  });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const filename = `${fileStem(image)}.${extension}`;
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return `Downloaded ${filename}.`;
}

function Exports(props: { image: ImageSummary }) {
  const action = useAction();
  return (
    <div class="det-exports">
      <span class="det-exports-label">Download report:</span>
      {kExports.map((e) => (
        <button
          key={e.format}
          type="button"
          class="secondary"
          disabled={action.busy !== ''}
          onClick={() =>
            action.run(`Downloading the ${e.label} report`, async () => {
              try {
                return await downloadReport(props.image, e.format, e.extension);
              } catch (err) {
                throw new Error(`Could not download the ${e.label} report: ${(err as Error).message}`);
              }
            })
          }
        >
          {e.label}
        </button>
      ))}
      <ActionState action={action} />
    </div>
  );
}

// ---- Header and chart -----------------------------------------------------------------------

function Field(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="det-field">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Summary(props: { image: ImageDetailData; report: ScanReport | null }) {
  const { image, report } = props;
  const os = report?.os;
  const platform = report?.image.platform;
  const pipeline = image.pipeline;
  return (
    <section class="card" aria-label="Image summary">
      <dl class="det-fields">
        <Field label="Digest">
          <code class="det-hash">{image.digest}</code>
        </Field>
        <Field label="Image ID">
          <code class="det-hash">{image.imageId || 'unknown'}</code>
        </Field>
        <Field label="Type">{imageTypeLabel(image.type)}</Field>
        <Field label="Scanned">
          <When at={image.scannedAt} />
        </Field>
        <Field label="OS">
          {os ? (
            <>
              {os.name || `${os.family} ${os.version}`}
              {os.distroless && ' (distroless)'}
            </>
          ) : (
            <span class="empty">none detected</span>
          )}
        </Field>
        {platform && platform.os && (
          <Field label="Platform">
            {[platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')}
          </Field>
        )}
        {report?.image.created && (
          <Field label="Created">
            <When at={report.image.created} />
          </Field>
        )}
        {image.tags.length > 1 && <Field label="Tags">{image.tags.join(', ')}</Field>}
        {pipeline && (pipeline.repository || pipeline.run || pipeline.provider !== 'other') && (
          <Field label="Pipeline">
            {[pipeline.provider, pipeline.repository, pipeline.run && `run ${pipeline.run}`]
              .filter(Boolean)
              .join(' · ')}
            {pipeline.url && /^https?:\/\//.test(pipeline.url) && (
              <>
                {' '}
                <a href={pipeline.url} target="_blank" rel="noopener noreferrer">
                  open
                </a>
              </>
            )}
          </Field>
        )}
        {image.gate && (
          <Field label="CI gate">
            <span class={`det-gate det-gate-${image.gate}`}>{image.gate === 'fail' ? 'failed' : 'passed'}</span>
          </Field>
        )}
      </dl>
      {report && report.warnings.length > 0 && (
        <details class="det-warnings">
          <summary>{plural(report.warnings.length, 'warning')} while scanning</summary>
          <ul>
            {report.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
      <Exports image={image} />
    </section>
  );
}

function SeverityChart(props: { report: ScanReport }) {
  const { report } = props;
  const rows = kSeverities.map((severity) => {
    const vulns = report.vulnerabilities.filter((v) => v.severity === severity).length;
    const others = report.findings.filter((f) => f.severity === severity).length;
    return { severity, vulns, others, total: vulns + others };
  });
  const max = Math.max(1, ...rows.map((r) => r.total));
  const total = rows.reduce((n, r) => n + r.total, 0);
  return (
    <section class="card" aria-labelledby="det-chart-title">
      <h2 id="det-chart-title">Findings by severity</h2>
      {total === 0 ? (
        <p class="empty">Nothing was found.</p>
      ) : (
        <>
          <table class="det-chart" aria-describedby="det-chart-legend">
            <thead class="det-visually-hidden">
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Findings</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.severity} data-severity={r.severity}>
                  <th scope="row">{r.severity}</th>
                  <td>
                    <span class="det-bar-row">
                      <span class="det-bar">
                        <span
                          class={`det-bar-part sev-${r.severity}`}
                          style={{ width: `${(r.vulns / max) * 100}%` }}
                        />
                        <span
                          class={`det-bar-part det-bar-other sev-${r.severity}`}
                          style={{ width: `${(r.others / max) * 100}%` }}
                        />
                      </span>
                      <span class="det-bar-count">
                        {r.total}
                        {r.total > 0 && (
                          <span class="det-bar-split">
                            {' '}
                            ({r.vulns} vuln., {r.others} other)
                          </span>
                        )}
                      </span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p id="det-chart-legend" class="det-legend">
            <span class="det-swatch" /> vulnerabilities <span class="det-swatch det-bar-other" /> other findings
            (secrets, files, malware, configuration, build commands) · {plural(total, 'finding')} in all
          </p>
        </>
      )}
    </section>
  );
}

// ---- Tables ---------------------------------------------------------------------------------

// A filtered table: "n of total shown" when the filter hides rows, its first kRowCap rows and a
// "Show all" button, or `noMatch` when the filter leaves none.
function CappedTable<T>(props: TableProps<T> & { total: number; noMatch: string }) {
  const { total, noMatch, ...table } = props;
  const [all, setAll] = useState(false);
  const rows = table.rows;
  if (rows.length === 0) return <p class="empty">{noMatch}</p>;
  const capped = !all && rows.length > kRowCap;
  return (
    <>
      {rows.length !== total && (
        <p class="det-count">
          {rows.length} of {total} shown
        </p>
      )}
      <Table {...table} rows={capped ? rows.slice(0, kRowCap) : rows} />
      {capped && (
        <p class="det-more">
          Showing the first {kRowCap} of {rows.length}.{' '}
          <button type="button" class="secondary" onClick={() => setAll(true)}>
            Show all {rows.length}
          </button>
        </p>
      )}
    </>
  );
}

function FilterBox(props: { label: string; value: string; onInput: (v: string) => void; placeholder: string }) {
  return (
    <TextField
      class="det-filter"
      label={props.label}
      type="search"
      autocomplete="off"
      placeholder={props.placeholder}
      value={props.value}
      onValue={props.onInput}
    />
  );
}

function NotChecked(props: { report: ScanReport; tab: TabInfo }) {
  const { report, tab } = props;
  if (!tab.scanner || report.scanners.includes(tab.scanner)) return null;
  if (tab.scanner === 'vuln' && report.database === null) {
    return <p class="notice">Vulnerabilities were not checked in this scan (no vulnerability database).</p>;
  }
  return (
    <p class="notice">
      The {tab.scanner} scanner did not run in this scan: {tab.label.toLowerCase()} were not checked.
    </p>
  );
}

function Layer(props: { layer: number | null; deleted?: number | null }) {
  if (props.layer === null || props.layer === undefined) return <span class="empty">image config</span>;
  return (
    <>
      layer {props.layer}
      {props.deleted !== null && props.deleted !== undefined && (
        <div class="det-deleted">deleted in layer {props.deleted}, still in the image's history</div>
      )}
    </>
  );
}

const kVulnerabilityColumns: Column<ReportVulnerability>[] = [
  {
    header: 'ID',
    class: 'det-id',
    cell: (v) => (
      <>
        <a href={advisoryLink(v)} target="_blank" rel="noopener noreferrer">
          {v.id}
        </a>
        {(v.aliases ?? []).length > 0 && <div class="det-sub">{v.aliases.join(', ')}</div>}
      </>
    ),
  },
  {
    header: 'Severity',
    cell: (v) => (
      <>
        <SeverityBadge severity={v.severity} />
        {v.cvssScore !== null && v.cvssScore !== undefined && (
          <div class="det-sub" title="CVSS base score">
            CVSS {v.cvssScore.toFixed(1)}
          </div>
        )}
      </>
    ),
  },
  {
    header: 'Package',
    cell: (v) => (
      <>
        {v.package}
        <div class="det-sub">
          {v.ecosystem}
          {v.sourcePackage && v.sourcePackage !== v.package && ` · source ${v.sourcePackage}`}
        </div>
        {v.foundIn && (
          <div class="det-sub det-path" title={v.foundIn}>
            {v.foundIn}
            {v.foundInArchive && ` → ${v.foundInArchive}`}
          </div>
        )}
      </>
    ),
  },
  {
    header: 'Installed → fixed',
    class: 'det-versions',
    cell: (v) => (
      <>
        <code>{v.installedVersion}</code> →{' '}
        {v.fixedVersions.length > 0 ? (
          <code class="det-fixed">{v.fixedVersions.join(', ')}</code>
        ) : (
          <span class="det-nofix">
            no fix yet
            {v.state === 'will-not-fix' && ' (will not be fixed)'}
            {v.state === 'end-of-life' && ' (end of life)'}
          </span>
        )}
      </>
    ),
  },
  { header: 'Title', cell: (v) => v.title },
  { header: 'Fix', class: 'det-fix', cell: (v) => v.fix },
];

function Vulnerabilities(props: { report: ScanReport }) {
  const [filter, setFilter] = useState('');
  const [severity, setSeverity] = useState('');
  const [fixable, setFixable] = useState(false);
  const rows = props.report.vulnerabilities.filter(
    (v) =>
      (!severity || v.severity === severity) &&
      (!fixable || v.fixedVersions.length > 0) &&
      matches(filter, v.id, v.package, v.title, v.installedVersion, v.sourcePackage, ...(v.aliases ?? [])),
  );
  const total = props.report.vulnerabilities.length;
  return (
    <>
      {total > 0 && (
        <div class="filters">
          <FilterBox
            label="Filter vulnerabilities"
            placeholder="ID, package or title"
            value={filter}
            onInput={setFilter}
          />
          <Select
            label="Severity"
            value={severity}
            options={kSeverities.map((s) => ({ value: s, label: s }))}
            onChange={setSeverity}
          />
          <label class="det-check">
            <input
              type="checkbox"
              checked={fixable}
              onChange={(e) => setFixable((e.target as HTMLInputElement).checked)}
            />
            Only with a fix
          </label>
        </div>
      )}
      {total === 0 ? (
        <p class="empty">No vulnerabilities found.</p>
      ) : (
        <CappedTable
          label="Vulnerabilities"
          class="det-table"
          columns={kVulnerabilityColumns}
          rows={rows}
          total={total}
          noMatch="No vulnerabilities match the filter."
          rowKey={(v) => `${v.id} ${v.purl} ${v.foundIn}`}
          rowProps={(v) => ({ 'data-id': v.id })}
        />
      )}
    </>
  );
}

function packagePath(p: ReportPackage): string {
  return p.foundInArchive ? `${p.foundIn} → ${p.foundInArchive}` : p.foundIn;
}

const kPackageColumns: Column<ReportPackage>[] = [
  { header: 'Name', cell: (p) => p.name },
  { header: 'Version', cell: (p) => <code>{p.version}</code> },
  {
    header: 'Type',
    cell: (p) => (
      <>
        {p.ecosystem}
        {p.origin && p.origin !== 'installed' && <span class="det-sub"> ({p.origin})</span>}
        {p.dev && <span class="det-sub"> dev</span>}
      </>
    ),
  },
  { header: 'Path', class: 'det-path', title: packagePath, cell: packagePath },
  { header: 'Layer', cell: (p) => p.layer ?? '' },
];

function Packages(props: { report: ScanReport }) {
  const [filter, setFilter] = useState('');
  const all = props.report.packages;
  const rows = all.filter((p) => matches(filter, p.name, p.version, p.ecosystem, p.foundIn, p.purl));
  const ecosystems = new Map<string, number>();
  for (const p of all) ecosystems.set(p.ecosystem, (ecosystems.get(p.ecosystem) ?? 0) + 1);
  if (all.length === 0) return <p class="empty">No packages found.</p>;
  return (
    <>
      <p class="det-count">
        {plural(all.length, 'package')}:{' '}
        {[...ecosystems].map(([eco, n]) => `${eco} ${n}`).join(' · ')}
      </p>
      <div class="filters">
        <FilterBox label="Filter packages" placeholder="Name, version, type or path" value={filter} onInput={setFilter} />
      </div>
      <CappedTable
        label="Packages"
        class="det-table"
        columns={kPackageColumns}
        rows={rows}
        total={all.length}
        noMatch="No packages match the filter."
        rowKey={(p, i) => `${p.purl} ${p.foundIn} ${i}`}
      />
    </>
  );
}

function Layers(props: { report: ScanReport }) {
  const { report } = props;
  const layers = report.image.layers;
  if (layers.length === 0) return <p class="empty">The report lists no layers.</p>;
  const findingsIn = (index: number) =>
    report.vulnerabilities.filter((v) => v.layer === index).length +
    report.findings.filter((f) => f.evidence?.layer === index).length;
  return (
    <Table
      label="Layers"
      class="det-table"
      rows={layers}
      rowKey={(layer) => layer.index}
      columns={[
        { header: 'Layer', cell: (layer) => layer.index },
        { header: 'Size', class: 'det-nowrap', cell: (layer) => formatBytes(layer.size) },
        {
          header: 'Digest',
          cell: (layer) => {
            const digest = layer.digest || layer.diffId;
            return <code title={digest}>{shortDigest(digest)}</code>;
          },
        },
        { header: 'Findings', cell: (layer) => findingsIn(layer.index) },
        {
          header: 'Created by',
          class: 'det-cmd',
          cell: (layer) =>
            layer.createdBy ? <code>{layer.createdBy}</code> : <span class="empty">unknown</span>,
        },
      ]}
    />
  );
}

function References(props: { refs: string[] }) {
  const links = (props.refs ?? []).filter((r) => /^https?:\/\//.test(r));
  if (links.length === 0) return null;
  return (
    <ul class="det-refs">
      {links.map((r) => (
        <li key={r}>
          <a href={r} target="_blank" rel="noopener noreferrer">
            {linkText(r)}
          </a>
        </li>
      ))}
    </ul>
  );
}

function categoryLabel(category: string): string {
  return kCategoryLabel[category] ?? category;
}

// The columns the finding tables share.
const kFindingColumn: Record<'severity' | 'rule' | 'fix', Column<ReportFinding>> = {
  severity: { header: 'Severity', cell: (f) => <SeverityBadge severity={f.severity} /> },
  rule: {
    header: 'Rule',
    cell: (f) => (
      <>
        <code>{f.ruleId}</code>
        <div>{f.title}</div>
        <div class="det-sub">{categoryLabel(f.category)}</div>
      </>
    ),
  },
  fix: { header: 'Fix', class: 'det-fix', cell: (f) => f.fix },
};

function excerptColumn(header: string): Column<ReportFinding> {
  return {
    header,
    class: 'det-excerpt',
    cell: (f) => f.evidence.excerpt && <code>{f.evidence.excerpt}</code>,
  };
}

function layerOf(f: ReportFinding) {
  return <Layer layer={f.evidence.layer} deleted={f.evidence.deletedInLayer} />;
}

// The finding tabs' tables: the table's name, the words when it is empty, its columns.
const kFindingTables: Record<string, { label: string; none: string; columns: Column<ReportFinding>[] }> = {
  secrets: {
    label: 'Secrets and sensitive files',
    none: 'No secrets or sensitive files found.',
    columns: [
      kFindingColumn.severity,
      kFindingColumn.rule,
      { header: 'Path', class: 'det-path', cell: (f) => f.evidence.path },
      { header: 'Line', cell: (f) => f.evidence.line ?? '' },
      excerptColumn('Excerpt (masked)'),
      { header: 'Layer', class: 'det-nowrap', cell: layerOf },
      kFindingColumn.fix,
    ],
  },
  malware: {
    label: 'Malware and webshells',
    none: 'No malicious samples or webshells found.',
    columns: [
      kFindingColumn.severity,
      kFindingColumn.rule,
      {
        header: 'Reference',
        cell: (f) => (
          <>
            {f.source && <div class="det-sub">{f.source}</div>}
            {f.author && <div class="det-sub">by {f.author}</div>}
            {f.description && f.description !== f.title && <div>{f.description}</div>}
            <References refs={f.references} />
          </>
        ),
      },
      {
        header: 'Path',
        class: 'det-path',
        cell: (f) => (
          <>
            {f.evidence.path}
            <div class="det-sub">{layerOf(f)}</div>
          </>
        ),
      },
      { header: 'SHA-256', cell: (f) => f.evidence.sha256 && <code class="det-hash">{f.evidence.sha256}</code> },
      kFindingColumn.fix,
    ],
  },
  config: {
    label: 'Configuration and build-command risks',
    none: 'No configuration or build-command risks found.',
    columns: [
      kFindingColumn.severity,
      {
        header: 'Rule',
        cell: (f) => (
          <>
            <code>{f.ruleId}</code>
            <div>{f.title}</div>
            {f.description && f.description !== f.title && <div class="det-sub">{f.description}</div>}
            <References refs={f.references} />
          </>
        ),
      },
      { header: 'Kind', cell: (f) => categoryLabel(f.category) },
      excerptColumn('Evidence'),
      {
        header: 'Where',
        class: 'det-nowrap',
        cell: (f) => (
          <>
            {f.evidence.path && <div class="det-path">{f.evidence.path}</div>}
            {layerOf(f)}
          </>
        ),
      },
      kFindingColumn.fix,
    ],
  },
};

// A finding tab's table: the report's findings in the tab's categories, worst first.
function Findings(props: { report: ScanReport; tab: TabInfo }) {
  const table = kFindingTables[props.tab.id];
  const categories = props.tab.categories ?? [];
  const rows = props.report.findings
    .filter((f) => categories.includes(f.category))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  if (rows.length === 0) return <p class="empty">{table.none}</p>;
  return (
    <Table
      label={table.label}
      class="det-table"
      columns={table.columns}
      rows={rows}
      rowKey={(f) => f.id}
      rowProps={(f) => ({ 'data-rule': f.ruleId })}
    />
  );
}

function tabCount(report: ScanReport, tab: TabInfo): number {
  if (tab.id === 'vulnerabilities') return report.vulnerabilities.length;
  if (tab.id === 'packages') return report.packages.length;
  if (tab.id === 'layers') return report.image.layers.length;
  return report.findings.filter((f) => tab.categories?.includes(f.category)).length;
}

function Tabs(props: { report: ScanReport }) {
  const { report } = props;
  const { query, path, route } = useLocation();
  const current = kTabs.find((t) => t.id === query.tab) ?? kTabs[0];
  const select = (id: string) => {
    const params = new URLSearchParams(window.location.search);
    if (id === kTabs[0].id) params.delete('tab');
    else params.set('tab', id);
    const qs = params.toString();
    route(`${path}${qs ? `?${qs}` : ''}`, true);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const i = kTabs.indexOf(current);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % kTabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + kTabs.length) % kTabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = kTabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    select(kTabs[next].id);
    document.getElementById(`det-tab-${kTabs[next].id}`)?.focus();
  };
  const panels: Record<string, ComponentChildren> = {
    vulnerabilities: <Vulnerabilities report={report} />,
    packages: <Packages report={report} />,
    layers: <Layers report={report} />,
  };
  return (
    <section class="card det-tabs-card">
      <div class="det-tabs" role="tablist" aria-label="Report sections" onKeyDown={onKeyDown}>
        {kTabs.map((tab) => {
          const selected = tab === current;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={`det-tab-${tab.id}`}
              aria-selected={selected}
              aria-controls={`det-panel-${tab.id}`}
              tabIndex={selected ? 0 : -1}
              class={selected ? 'det-tab det-tab-selected' : 'det-tab'}
              onClick={() => select(tab.id)}
            >
              {tab.label} <span class="det-tab-count">({tabCount(report, tab)})</span>
            </button>
          );
        })}
      </div>
      <div
        role="tabpanel"
        id={`det-panel-${current.id}`}
        aria-labelledby={`det-tab-${current.id}`}
        class="det-panel"
      >
        <NotChecked report={report} tab={current} />
        {panels[current.id] ?? <Findings report={report} tab={current} />}
      </div>
    </section>
  );
}

export function ImageDetail(props: { params?: { digest?: string } }) {
  // preact-iso has already URL-decoded the path segment.
  const digest = props.params?.digest ?? '';
  const state = useLoad(
    () => getJson<ImageDetailData>(`/images/${encodeURIComponent(digest)}`),
    `image ${digest}`,
  );
  const image = state.data && state.data.digest === digest ? state.data : null;
  const report = image?.report ? normalized(image.report) : null;
  return (
    <>
      <p class="det-back">
        <a href="/images">← Images</a>
      </p>
      <h1 class="det-title">{image ? imageName(image) : shortDigest(digest) || 'Image'}</h1>
      <LoadState state={state} what="the image" />
      {image && (
        <>
          <Summary image={image} report={report} />
          {report ? (
            <>
              <SeverityChart report={report} />
              <Tabs report={report} />
            </>
          ) : (
            <p class="error" role="alert">
              The stored report of this image could not be read; download the JSON report to see it.
            </p>
          )}
        </>
      )}
    </>
  );
}
