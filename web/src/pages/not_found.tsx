export function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is no page at {location.pathname}. <a href="/">Go to the overview</a>.
      </p>
    </>
  );
}
