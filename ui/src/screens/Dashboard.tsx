import { Chart } from '../components/Chart';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import type { KpiValues } from '../ipc/bindings';
import { useShell } from '../shell';
import { AsOfNote } from './common';

type Format = 'int' | 'money' | 'decimal' | 'pct' | 'days';

interface KpiDef {
  id: string;
  label: MessageKey;
  hint: MessageKey;
  value(k: KpiValues): number | null;
  format: Format;
  /** Rates compare in percentage points, other figures in percent. */
  rate?: boolean;
  /** Whether a rise is good news (colours the delta). */
  goodWhenUp: boolean;
}

const KPIS: KpiDef[] = [
  { id: 'customers', label: 'kpi.customers', hint: 'kpi.customers.hint', value: (k) => k.customers, format: 'int', goodWhenUp: true },
  { id: 'purchases', label: 'kpi.purchases', hint: 'kpi.purchases.hint', value: (k) => k.purchases, format: 'int', goodWhenUp: true },
  { id: 'net-revenue', label: 'kpi.netRevenue', hint: 'kpi.netRevenue.hint', value: (k) => k.net_revenue, format: 'money', goodWhenUp: true },
  { id: 'aov', label: 'kpi.aov', hint: 'kpi.aov.hint', value: (k) => k.average_order_value, format: 'money', goodWhenUp: true },
  {
    id: 'purchases-per-customer',
    label: 'kpi.perCustomer',
    hint: 'kpi.perCustomer.hint',
    value: (k) => k.purchases_per_customer,
    format: 'decimal',
    goodWhenUp: true,
  },
  {
    id: 'repeat-all-time',
    label: 'kpi.repeatAllTime',
    hint: 'kpi.repeatAllTime.hint',
    value: (k) => k.repeat_customer_rate_all_time,
    format: 'pct',
    rate: true,
    goodWhenUp: true,
  },
  {
    id: 'repeat-recent',
    label: 'kpi.repeatRecent',
    hint: 'kpi.repeatRecent.hint',
    value: (k) => k.repeat_customer_rate_lookback,
    format: 'pct',
    rate: true,
    goodWhenUp: true,
  },
  { id: 'churn', label: 'kpi.churn', hint: 'kpi.churn.hint', value: (k) => k.churn_rate, format: 'pct', rate: true, goodWhenUp: false },
  { id: 'median-gap', label: 'kpi.medianGap', hint: 'kpi.medianGap.hint', value: (k) => k.median_gap_days, format: 'days', goodWhenUp: false },
];

function formatValue(i18n: I18n, format: Format, value: number, currency: string): string {
  switch (format) {
    case 'int':
      return i18n.int(value);
    case 'money':
      return i18n.moneyMajor(value, currency);
    case 'decimal':
      return i18n.decimal(value, 2);
    case 'pct':
      return i18n.pct(value, 1);
    case 'days':
      return i18n.t('unit.days', { days: i18n.decimal(value, 0) });
  }
}

export interface Delta {
  direction: 'up' | 'down' | 'flat';
  text: string;
  good: boolean | null;
}

/** The change from the previous period: percentage points for rates, percent otherwise. */
export function kpiDelta(i18n: I18n, def: Pick<KpiDef, 'rate' | 'goodWhenUp'>, current: number | null, previous: number | null): Delta | null {
  if (current === null || previous === null) return null;
  const diff = current - previous;
  const direction = Math.abs(diff) < 1e-12 ? 'flat' : diff > 0 ? 'up' : 'down';
  const good = direction === 'flat' ? null : (direction === 'up') === def.goodWhenUp;
  if (def.rate) {
    return { direction, good, text: i18n.t('kpi.deltaPoints', { points: i18n.decimal(Math.abs(diff) * 100, 1) }) };
  }
  if (previous === 0) return null;
  return { direction, good, text: i18n.pct(Math.abs(diff / Math.abs(previous)), 1) };
}

const ARROWS = { up: '▲', down: '▼', flat: '■' } as const;

export function DashboardScreen() {
  const i18n = useI18n();
  const { t, date } = i18n;
  const { view } = useShell();
  const a = view.analysis;
  const k = a.kpis;
  const guests = k.current.guest_purchases;

  return (
    <div className="screen" data-testid="screen-dashboard">
      <div className="screen-head">
        <h2 className="screen-title">{t('nav.dashboard')}</h2>
        <p className="screen-sub">
          {k.current.from
            ? t('dash.period', { days: k.period_days, from: date(k.current.from), to: date(k.current.to) })
            : t('dash.periodAll', { to: date(k.current.to) })}{' '}
          {k.previous.from && t('dash.vs', { days: k.period_days, from: date(k.previous.from), to: date(k.previous.to) })}
        </p>
      </div>
      <AsOfNote />
      <div className="kpi-grid">
        {KPIS.map((def) => {
          const value = def.value(k.current);
          const delta = kpiDelta(i18n, def, value, def.value(k.previous));
          const label = t(def.label, { days: k.repeat_rate_lookback_days });
          return (
            <section
              key={def.id}
              className="kpi-card"
              data-testid={`kpi-${def.id}`}
              data-value={value ?? ''}
              aria-label={label}
              title={t(def.hint, { days: k.repeat_rate_lookback_days, period: k.period_days })}
            >
              <h3 className="kpi-label">{label}</h3>
              <p className="kpi-value">{value === null ? '—' : formatValue(i18n, def.format, value, k.currency)}</p>
              <p
                className={`kpi-delta ${delta?.good === true ? 'is-good' : delta?.good === false ? 'is-bad' : ''}`}
                data-testid="kpi-delta"
                data-direction={delta?.direction ?? 'none'}
              >
                {delta ? (
                  <>
                    <span aria-hidden="true">{ARROWS[delta.direction]}</span> {delta.text}{' '}
                    <span className="kpi-delta-note">{t('kpi.vsPrevious')}</span>
                  </>
                ) : (
                  <span className="kpi-delta-note">{t('kpi.noPrevious')}</span>
                )}
              </p>
            </section>
          );
        })}
      </div>
      {guests > 0 && <p className="note">{t('dash.guests', { guests })}</p>}
      {a.data.fx_missing.length > 0 && (
        <p className="notice" data-testid="fx-missing">
          {t('dash.fxMissing', {
            currencies: a.data.fx_missing.map((f) => f.currency).join(', '),
            orders: a.data.fx_missing.reduce((s, f) => s + f.orders, 0),
          })}
        </p>
      )}
      <div className="chart-grid">
        <Chart kind="revenue" title={t('chart.revenue')} />
        <Chart kind="customers" title={t('chart.customers')} />
        <Chart kind="segments" title={t('chart.segments')} />
        <Chart kind="tiers" title={t('chart.tiers')} />
        <Chart kind="churn-trend" title={t('chart.churnTrend')} />
      </div>
    </div>
  );
}
