// Placeholder until the page is written (issue 6, in progress).
export function ImageDetail(_props: Record<string, unknown>) {
  return <h1>ImageDetail</h1>;
}
