// Placeholder until the page is written (issue 6, in progress).
export function Settings(_props: Record<string, unknown>) {
  return <h1>Settings</h1>;
}
