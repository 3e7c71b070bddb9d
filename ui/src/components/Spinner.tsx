/** A calm, indeterminate "working" indicator with its label. */
export function Spinner({ label, testId }: { label: string; testId?: string }) {
  return (
    <div className="spinner-row" role="status" aria-live="polite" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
