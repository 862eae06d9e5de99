// The Images tab: every stored image with its risk counts (GET /api/v1/images). Filters, search,
// sort and page live in the URL under the API's own query names (/images?type=ci-cd&search=…),
// so a shared URL opens the same view; paging and sorting are done by the center.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { getJson, type Query } from '../api';
import { Select, TextField } from '../components/forms';
import { LoadState, useLoad } from '../components/load';
import { kSeverities } from '../components/severity';
import { RiskBadges, kCategories, riskTotal } from '../components/image_risk';
import { When } from '../components/when';
import {
  imageHref,
  imageName,
  imageTypeLabel,
  kImageTypes,
  shortDigest,
  type ImageSummary,
} from '../components/image_format';
import './images.css';

interface ImagePage {
  total: number;
  offset: number;
  limit: number;
  images: ImageSummary[];
}

interface Registry {
  id: string;
  name: string;
}

// The URL's (and the API's) query names, in the order they are written.
const kFilterKeys = ['type', 'severity', 'category', 'registry', 'hasFix', 'search'] as const;
const kAllKeys = [...kFilterKeys, 'sort', 'order', 'offset', 'limit'] as const;
type Key = (typeof kAllKeys)[number];

const kDefaultSort = 'scanned_at';
const kDefaultLimit = 50;
const kSearchDelayMs = 300;

// Sortable columns: the API's sort key and the order a first click gives.
const kSortFirstOrder: Record<string, 'asc' | 'desc'> = {
  repository: 'asc',
  digest: 'asc',
  scanned_at: 'desc',
  critical: 'desc',
  high: 'desc',
};

function toInt(value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  return value && Number.isInteger(n) && n >= 0 && n <= max ? n : fallback;
}

// The view the URL describes (missing or invalid values are the defaults).
function viewOf(query: Record<string, string>) {
  const sort = query.sort && query.sort in kSortFirstOrder ? query.sort : kDefaultSort;
  const order: 'asc' | 'desc' =
    query.order === 'asc' || query.order === 'desc' ? query.order : kSortFirstOrder[sort];
  return {
    type: query.type ?? '',
    severity: query.severity ?? '',
    category: query.category ?? '',
    registry: query.registry ?? '',
    hasFix: query.hasFix === 'true',
    search: query.search ?? '',
    sort,
    order,
    offset: toInt(query.offset, 0),
    limit: toInt(query.limit, kDefaultLimit, 1000) || kDefaultLimit,
  };
}

type View = ReturnType<typeof viewOf>;

// Writes `changes` into the current URL's query (read from the address bar at call time, so a
// delayed search never undoes a filter changed meanwhile); any change but paging returns to the
// first page.
function useUpdateUrl() {
  const { route } = useLocation();
  return (changes: Partial<Record<Key, string>>) => {
    const current = new URLSearchParams(window.location.search);
    const next = new URLSearchParams();
    const merged: Partial<Record<Key, string>> = {};
    for (const key of kAllKeys) merged[key] = current.get(key) ?? '';
    Object.assign(merged, changes);
    if (!('offset' in changes)) merged.offset = '';
    if (merged.offset === '0') merged.offset = '';
    for (const key of kAllKeys) if (merged[key]) next.set(key, merged[key]!);
    const qs = next.toString();
    route(`/images${qs ? `?${qs}` : ''}`, true);
  };
}

function SearchBox(props: { value: string; onSearch: (value: string) => void }) {
  const [text, setText] = useState(props.value);
  const sent = useRef(props.value);
  // The URL changed by other means (back, a shared link, "Clear filters"): show its value.
  useEffect(() => {
    if (props.value !== sent.current) {
      sent.current = props.value;
      setText(props.value);
    }
  }, [props.value]);
  useEffect(() => {
    const value = text.trim();
    if (value === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = value;
      props.onSearch(value);
    }, kSearchDelayMs);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <TextField
      class="img-search"
      label="Search"
      type="search"
      name="search"
      placeholder="Image ID, digest, tag or repository"
      autocomplete="off"
      value={text}
      onValue={setText}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          const value = text.trim();
          sent.current = value;
          props.onSearch(value);
        }
      }}
    />
  );
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function Filters(props: {
  view: View;
  registries: Registry[];
  update: (changes: Partial<Record<Key, string>>) => void;
}) {
  const { view, registries, update } = props;
  const filtered = kFilterKeys.some((k) => (k === 'hasFix' ? view.hasFix : view[k] !== ''));
  return (
    <form class="filters img-filters" role="search" aria-label="Image filters" onSubmit={(e) => e.preventDefault()}>
      <Select
        label="Image type"
        name="type"
        value={view.type}
        options={kImageTypes}
        onChange={(type) => update({ type })}
      />
      <Select
        label="Severity"
        name="severity"
        value={view.severity}
        options={kSeverities.map((s) => ({ value: s, label: capitalized(s) }))}
        onChange={(severity) => update({ severity })}
      />
      <Select
        label="Category"
        name="category"
        value={view.category}
        options={kCategories.map((c) => ({ value: c.value, label: c.label }))}
        onChange={(category) => update({ category })}
      />
      <Select
        label="Registry"
        name="registry"
        value={view.registry}
        options={registries.map((r) => ({ value: r.id, label: r.name || r.id }))}
        onChange={(registry) => update({ registry })}
      />
      <label class="img-check">
        <input
          type="checkbox"
          name="hasFix"
          checked={view.hasFix}
          onChange={(e) => update({ hasFix: (e.target as HTMLInputElement).checked ? 'true' : '' })}
        />
        Has fix
      </label>
      <SearchBox value={view.search} onSearch={(search) => update({ search })} />
      {filtered && (
        <button
          type="button"
          class="secondary"
          onClick={() =>
            update({ type: '', severity: '', category: '', registry: '', hasFix: '', search: '' })
          }
        >
          Clear filters
        </button>
      )}
    </form>
  );
}

function SortHeader(props: {
  label: string;
  sortKey: string;
  view: View;
  update: (changes: Partial<Record<Key, string>>) => void;
  class?: string;
}) {
  const { label, sortKey, view, update } = props;
  const active = view.sort === sortKey;
  const ariaSort = active ? (view.order === 'asc' ? 'ascending' : 'descending') : 'none';
  const next = active ? (view.order === 'asc' ? 'desc' : 'asc') : kSortFirstOrder[sortKey];
  return (
    <th scope="col" aria-sort={ariaSort} class={props.class}>
      <button
        type="button"
        class="sort"
        title={`Sort by ${label.toLowerCase()} (${next === 'asc' ? 'ascending' : 'descending'})`}
        onClick={() => update({ sort: sortKey, order: next })}
      >
        {label}
        <span class="img-sort-mark" aria-hidden="true">
          {active ? (view.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </button>
    </th>
  );
}

export function Images(_props: Record<string, unknown>) {
  const { query } = useLocation();
  const view = viewOf(query);
  const update = useUpdateUrl();

  const apiQuery: Query = {
    type: view.type,
    severity: view.severity,
    category: view.category,
    registry: view.registry,
    hasFix: view.hasFix ? 'true' : '',
    search: view.search,
    sort: view.sort,
    order: view.order,
    offset: view.offset,
    limit: view.limit,
  };
  const key = JSON.stringify(apiQuery);
  const state = useLoad(() => getJson<ImagePage>('/images', apiQuery), key);
  const registries = useLoad(() => getJson<{ registries: Registry[] }>('/registries'), 'registries');
  const registryName = new Map((registries.data?.registries ?? []).map((r) => [r.id, r.name]));

  const page = state.data;
  const filtered = kFilterKeys.some((k) => (k === 'hasFix' ? view.hasFix : view[k] !== ''));
  const header = { view, update };

  return (
    <>
      <h1>Images</h1>
      <Filters view={view} registries={registries.data?.registries ?? []} update={update} />
      <LoadState state={state} what="images" />
      {page && page.images.length === 0 && !state.loading && (
        <p class="empty" role="status">
          {page.total > 0 && view.offset > 0 ? (
            <>
              This page is past the last image.{' '}
              <button type="button" class="secondary" onClick={() => update({ offset: '' })}>
                First page
              </button>
            </>
          ) : filtered ? (
            'No images match these filters.'
          ) : (
            'No images have been scanned yet.'
          )}
        </p>
      )}
      {page && page.images.length > 0 && (
        <>
          <p class="img-count" data-testid="image-total">
            {page.total === 1 ? '1 image' : `${page.total} images`}
            {filtered && (page.total === 1 ? ' matches these filters' : ' match these filters')}
          </p>
          <div class="table-wrap">
            <table class="img-table" aria-label="Images" aria-busy={state.loading}>
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <SortHeader label="Image" sortKey="repository" {...header} />
                  <SortHeader label="Digest" sortKey="digest" {...header} />
                  <SortHeader label="Scanned" sortKey="scanned_at" {...header} />
                  <SortHeader label="Critical" sortKey="critical" class="num" {...header} />
                  <SortHeader label="High" sortKey="high" class="num" {...header} />
                  <th scope="col">Risk</th>
                </tr>
              </thead>
              <tbody>
                {page.images.map((image) => (
                  <tr key={image.digest} data-digest={image.digest}>
                    <td>
                      <span class={`img-type img-type-${image.type}`}>{imageTypeLabel(image.type)}</span>
                      {image.registry && (
                        <div class="img-registry">{registryName.get(image.registry) || image.registry}</div>
                      )}
                    </td>
                    <td class="img-name">
                      <a href={imageHref(image.digest)}>{imageName(image)}</a>
                      {image.tags.length > 1 && (
                        <div class="img-more-tags" title={image.tags.join(', ')}>
                          also {image.tags.slice(1).join(', ')}
                        </div>
                      )}
                    </td>
                    <td>
                      <code title={image.digest}>{shortDigest(image.digest)}</code>
                    </td>
                    <td class="img-time">
                      <When at={image.scannedAt} />
                    </td>
                    <td class="num">{riskTotal(image.risk, 'critical')}</td>
                    <td class="num">{riskTotal(image.risk, 'high')}</td>
                    <td>
                      <RiskBadges risk={image.risk} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="pager" role="navigation" aria-label="Image pages">
            <button
              type="button"
              class="secondary"
              disabled={page.offset === 0}
              onClick={() => update({ offset: String(Math.max(0, page.offset - view.limit)) })}
            >
              Previous
            </button>
            <span role="status">
              {page.offset + 1}–{page.offset + page.images.length} of {page.total}
            </span>
            <button
              type="button"
              class="secondary"
              disabled={page.offset + page.images.length >= page.total}
              onClick={() => update({ offset: String(page.offset + view.limit) })}
            >
              Next
            </button>
          </div>
        </>
      )}
    </>
  );
}
