// Placeholder until the page is written (issue 6, in progress).
export function Pipelines(_props: Record<string, unknown>) {
  return <h1>Pipelines</h1>;
}
