// Severities, worst first, as the API spells them, and a coloured badge for one.
export const kSeverities = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown'] as const;
export type Severity = (typeof kSeverities)[number];

export function SeverityBadge(props: { severity: string; count?: number }) {
  const severity = (kSeverities as readonly string[]).includes(props.severity)
    ? props.severity
    : 'unknown';
  return (
    <span class={`sev sev-${severity}`} title={props.severity}>
      {props.count !== undefined ? `${props.count} ` : ''}
      {props.severity}
    </span>
  );
}
