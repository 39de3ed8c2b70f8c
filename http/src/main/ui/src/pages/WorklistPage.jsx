export function WorklistPage() {
  return <h1>WorklistPage</h1>;
}
