// Placeholder until the page is written (issue 6, in progress).
export function Alerts(_props: Record<string, unknown>) {
  return <h1>Alerts</h1>;
}
