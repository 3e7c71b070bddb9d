import { useI18n } from '../i18n';
import { useShell } from '../shell';

/** Why the analysis date is what it is, when the backend chose it (stale data, today). */
export function AsOfNote() {
  const { t, date } = useI18n();
  const { view } = useShell();
  const asOf = view.analysis.as_of;
  if (!asOf.note) return null;
  const text =
    asOf.rule === 'day_after_newest_purchase' && asOf.newest_purchase
      ? t('asOf.stale', {
          newest: date(asOf.newest_purchase),
          days: view.analysis.params.stale_data_days,
          date: date(asOf.date),
        })
      : asOf.rule === 'today'
        ? t('asOf.today', { date: date(asOf.date) })
        : asOf.note;
  return (
    <p className="notice" data-testid="as-of-note" data-rule={asOf.rule}>
      {text}
    </p>
  );
}

/** Whether a number exists (not null, not NaN). */
export function present(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && !Number.isNaN(value);
}

/** Heat class 0–9 of a value in [0, max]. */
export function heat(value: number, max: number): string {
  if (!(max > 0) || !(value > 0)) return 'heat-0';
  return `heat-${Math.min(9, Math.max(1, Math.ceil((value / max) * 9)))}`;
}
