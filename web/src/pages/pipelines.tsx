// CI/CD: the scans pipelines uploaded (`moat scan --upload`), newest first, with the pipeline's
// provider, repository, branch, commit and run (linked when the CI gave a URL), the image and the
// gate's result. The API pages with offset/limit and no total; the offset is kept in the URL.
import { useLocation } from 'preact-iso';
import { getJson } from '../api';
import { LoadState, Section, useLoad } from '../components/load';
import { Pager, queryInt, When } from '../components/when';
import '../components/forms.css';
import './pipelines.css';

interface PipelineScan {
  id: string;
  digest: string;
  repository: string;
  tags: string[];
  pipeline: {
    provider: string;
    repository: string;
    workflow: string;
    run: string;
    commit: string;
    branch: string;
    url: string;
  };
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

export function Pipelines(_props: Record<string, unknown>) {
  const location = useLocation();
  const offset = queryInt(location.query.offset, 0);
  // One row more than shown says whether there is a next page.
  const list = useLoad(
    () => getJson<{ scans: PipelineScan[] }>('/scans', { offset, limit: kPageSize + 1 }),
    `scans ${offset}`,
  );
  const all = list.data?.scans ?? [];
  const scans = all.slice(0, kPageSize);
  const more = all.length > kPageSize;

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
        <LoadState state={list} what="pipeline scans" />
        {list.data && scans.length === 0 && (
          <p class="empty">
            {offset ? 'No more pipeline scans.' : 'No pipeline has uploaded a scan yet.'}
          </p>
        )}
        {scans.length > 0 && (
          <div class="table-wrap">
            <table class="pipelines">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Image</th>
                  <th>Gate</th>
                  <th>Repository</th>
                  <th>Branch, commit, run</th>
                  <th>Provider</th>
                </tr>
              </thead>
              <tbody>
                {scans.map((scan) => (
                  <tr key={scan.id} data-scan={scan.id}>
                    <td class="nowrap">
                      <When at={scan.createdAt} />
                    </td>
                    <td>
                      <a href={`/images/${encodeURIComponent(scan.digest)}`} title={scan.digest}>
                        {scan.repository || scan.digest.slice(0, 19)}
                        {scan.tags.length > 0 && `:${scan.tags.join(', ')}`}
                      </a>
                    </td>
                    <td>
                      <Gate gate={scan.gate} reason={scan.gateReason} />
                    </td>
                    <td>
                      {scan.pipeline.repository || <span class="empty">—</span>}
                      {scan.pipeline.workflow && (
                        <span class="workflow">{scan.pipeline.workflow}</span>
                      )}
                    </td>
                    <td>
                      <Run scan={scan} />
                    </td>
                    <td class="nowrap">
                      {kProviders[scan.pipeline.provider] ?? scan.pipeline.provider}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager
          offset={offset}
          limit={kPageSize}
          shown={scans.length}
          more={more}
          what="pipeline scans"
          onOffset={go}
        />
      </Section>
    </>
  );
}
