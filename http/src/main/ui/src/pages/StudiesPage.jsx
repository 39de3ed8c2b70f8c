export function StudiesPage() {
  return <h1>StudiesPage</h1>;
}
