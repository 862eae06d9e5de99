// Placeholder until the page is written (issue 6, in progress).
export function Overview(_props: Record<string, unknown>) {
  return <h1>Overview</h1>;
}
