// CI/CD: the scans pipelines uploaded (`moat scan --upload`), newest first, with the pipeline's
// provider, repository, branch, commit and run (linked when the CI gave a URL), the image and the
// gate's result. The API pages with offset/limit and no total; the offset is kept in the URL.
import { useLocation } from 'preact-iso';
import { getJson } from '../api';
import { Section } from '../components/load';
import { PagedTable, queryInt, usePagedList } from '../components/paged_list';
import { imageHref } from '../components/image_format';
import type { Pipeline } from '../components/scan_report';
import type { Column } from '../components/table';
import { When } from '../components/when';
import '../components/forms.css';
import './pipelines.css';

interface PipelineScan {
  id: string;
  digest: string;
  repository: string;
  tags: string[];
  pipeline: Pipeline;
  gate: string; // "pass", "fail" or "" (no policy)
  gateReason: string;
  createdAt: string;
}

const kPageSize = 50;

const kProviders: Record<string, string> = {
  github: 'GitHub Actions',
  gitlab: 'GitLab CI',
  jenkins: 'Jenkins',
  other: 'Other',
};

function Gate(props: { gate: string; reason: string }) {
  const { gate, reason } = props;
  if (gate === 'pass' || gate === 'fail') {
    return (
      <span class="gate-cell">
        <span class={`gate gate-${gate}`}>{gate === 'pass' ? 'Passed' : 'Failed'}</span>
        {reason && <span class="gate-reason">{reason}</span>}
      </span>
    );
  }
  return <span class="empty">no gate</span>;
}

function Run(props: { scan: PipelineScan }) {
  const p = props.scan.pipeline;
  const label = p.run ? `run ${p.run}` : p.url ? 'run' : '';
  return (
    <span class="run-cell">
      {p.branch && <span title="branch">{p.branch}</span>}
      {p.commit && (
        <code title={p.commit} class="commit">
          {p.commit.slice(0, 12)}
        </code>
      )}
      {label &&
        (p.url ? (
          <a href={p.url} target="_blank" rel="noopener noreferrer">
            {label}
          </a>
        ) : (
          <span>{label}</span>
        ))}
      {!p.branch && !p.commit && !label && <span class="empty">—</span>}
    </span>
  );
}

const kColumns: Column<PipelineScan>[] = [
  { header: 'Time', class: 'nowrap', cell: (scan) => <When at={scan.createdAt} /> },
  {
    header: 'Image',
    cell: (scan) => (
      <a href={imageHref(scan.digest)} title={scan.digest}>
        {scan.repository || scan.digest.slice(0, 19)}
        {scan.tags.length > 0 && `:${scan.tags.join(', ')}`}
      </a>
    ),
  },
  { header: 'Gate', cell: (scan) => <Gate gate={scan.gate} reason={scan.gateReason} /> },
  {
    header: 'Repository',
    cell: (scan) => (
      <>
        {scan.pipeline.repository || <span class="empty">—</span>}
        {scan.pipeline.workflow && <span class="workflow">{scan.pipeline.workflow}</span>}
      </>
    ),
  },
  { header: 'Branch, commit, run', cell: (scan) => <Run scan={scan} /> },
  {
    header: 'Provider',
    class: 'nowrap',
    cell: (scan) => kProviders[scan.pipeline.provider] ?? scan.pipeline.provider,
  },
];

export function Pipelines(_props: Record<string, unknown>) {
  const location = useLocation();
  const offset = queryInt(location.query.offset, 0);
  const list = usePagedList(
    (page) => getJson<{ scans: PipelineScan[] }>('/scans', page).then((answer) => answer.scans ?? []),
    'scans',
    offset,
    kPageSize,
  );

  function go(next: number) {
    location.route(next ? `/cicd?offset=${next}` : '/cicd');
  }

  return (
    <>
      <h1>CI/CD</h1>
      <Section title="Pipeline scans">
        <p class="section-note">
          Scans uploaded by pipelines with <code>moat scan --upload</code>, newest first.
        </p>
        <PagedTable
          list={list}
          what="pipeline scans"
          empty={offset ? 'No more pipeline scans.' : 'No pipeline has uploaded a scan yet.'}
          onOffset={go}
          class="pipelines"
          columns={kColumns}
          rowKey={(scan) => scan.id}
          rowProps={(scan) => ({ 'data-scan': scan.id })}
        />
      </Section>
    </>
  );
}
