// Placeholder until the page is written (issue 6, in progress).
export function Images(_props: Record<string, unknown>) {
  return <h1>Images</h1>;
}
