// Small pieces the overview, images and image detail pages share: the image summary as the API
// gives it (GET /api/v1/images, /overview), its name and short digest, ages, sizes, plurals and
// the link to its detail page.

// ImageSummary in docs/design/server-api.md.
export interface ImageSummary {
  digest: string;
  imageId: string;
  type: string; // registry, ci-cd, runtime
  registry: string;
  repository: string;
  tags: string[];
  scannedAt: string;
  scanId: string;
  // category → severity (and "fixable" for vulnerabilities) → count; only non-zero entries.
  risk: Record<string, Record<string, number>>;
}

export const kImageTypes: { value: string; label: string }[] = [
  { value: 'registry', label: 'Registry' },
  { value: 'ci-cd', label: 'CI/CD' },
  { value: 'runtime', label: 'Runtime' },
];

export function imageTypeLabel(type: string): string {
  return kImageTypes.find((t) => t.value === type)?.label ?? (type || 'unknown');
}

// "repository:tag" with the first tag ("repository" alone when untagged, the short digest when
// there is no repository either).
export function imageName(image: Pick<ImageSummary, 'repository' | 'tags' | 'digest'>): string {
  const repository = image.repository || shortDigest(image.digest);
  return image.tags.length > 0 ? `${repository}:${image.tags[0]}` : repository;
}

// The first 12 hex digits after "sha256:".
export function shortDigest(digest: string): string {
  const hex = digest.startsWith('sha256:') ? digest.slice('sha256:'.length) : digest;
  return hex.slice(0, 12);
}

export function imageHref(digest: string): string {
  return `/images/${encodeURIComponent(digest)}`;
}

// Whole days from `at` to now (negative for a future time), or null when `at` is not a time.
export function daysFromNow(at: string): number | null {
  const t = new Date(at).getTime();
  if (!at || Number.isNaN(t)) return null;
  return Math.floor((Date.now() - t) / 86_400_000);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return 'unknown';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
