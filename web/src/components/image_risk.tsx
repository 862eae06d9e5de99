// An image's risk counts (ImageSummary.risk: category → severity → count) as compact badges, one
// group per category ("Vulns 1C 2H · 4 fixable"), and the totals the tables sort by.
import { kSeverities } from './severity';
import './image_risk.css';

export const kCategories: { value: string; label: string; short: string }[] = [
  { value: 'vulnerability', label: 'Vulnerability', short: 'Vulns' },
  { value: 'secret', label: 'Secret', short: 'Secrets' },
  { value: 'sensitive-file', label: 'Sensitive file', short: 'Sensitive' },
  { value: 'malware', label: 'Malware', short: 'Malware' },
  { value: 'webshell', label: 'Webshell', short: 'Webshells' },
  { value: 'config', label: 'Configuration', short: 'Config' },
  { value: 'history', label: 'Build command', short: 'Build' },
];

const kLetter: Record<string, string> = {
  critical: 'C',
  high: 'H',
  medium: 'M',
  low: 'L',
  negligible: 'N',
  unknown: 'U',
};

export type Risk = Record<string, Record<string, number>>;

// The count of findings of one severity over every category.
export function riskTotal(risk: Risk, severity: string): number {
  let total = 0;
  for (const counts of Object.values(risk)) total += counts[severity] ?? 0;
  return total;
}

// The worst severity with a finding, or "" when the image has none.
export function worstSeverity(risk: Risk): string {
  return kSeverities.find((s) => riskTotal(risk, s) > 0) ?? '';
}

function categoryOrder(category: string): number {
  const i = kCategories.findIndex((c) => c.value === category);
  return i < 0 ? kCategories.length : i;
}

export function RiskBadges(props: { risk: Risk }) {
  const categories = Object.keys(props.risk)
    .filter((c) => kSeverities.some((s) => (props.risk[c][s] ?? 0) > 0))
    .sort((a, b) => categoryOrder(a) - categoryOrder(b) || a.localeCompare(b));
  if (categories.length === 0) return <span class="empty">nothing found</span>;
  return (
    <ul class="risk-badges">
      {categories.map((category) => {
        const counts = props.risk[category];
        const info = kCategories.find((c) => c.value === category);
        const name = info?.label.toLowerCase() ?? category;
        return (
          <li key={category}>
            <span class="risk-cat" title={info?.label ?? category}>
              {info?.short ?? category}
            </span>
            {kSeverities
              .filter((s) => (counts[s] ?? 0) > 0)
              .map((s) => (
                <span key={s} class={`sev sev-${s} risk-count`} title={`${counts[s]} ${s} (${name})`}>
                  {counts[s]}
                  {kLetter[s]}
                </span>
              ))}
            {(counts.fixable ?? 0) > 0 && (
              <span class="risk-fixable" title={`${counts.fixable} with a fix`}>
                {counts.fixable} fixable
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
