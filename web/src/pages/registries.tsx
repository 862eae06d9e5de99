// Placeholder until the page is written (issue 6, in progress).
export function Registries(_props: Record<string, unknown>) {
  return <h1>Registries</h1>;
}
