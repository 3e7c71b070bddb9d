import { useEffect, useMemo, useState } from 'react';
import { describeError } from '../backend';
import { ErrorPanel } from '../components/ErrorPanel';
import { Spinner } from '../components/Spinner';
import { useI18n, type MessageKey } from '../i18n';
import { classShort, lifecycleName, segmentName, tierName } from '../i18n/labels';
import type { Class8, CustomerDetail, Lifecycle, Segment, Tier } from '../ipc/bindings';
import { useShell, type ScreenName } from '../shell';
import { present } from './common';

interface ProductSummary {
  key: string;
  sku: string | null;
  title: string | null;
  quantity: number;
  orders: number;
  totals: Map<string, number>;
}

/** Lines of all orders, grouped by SKU (or title), most bought first. */
function summariseProducts(detail: CustomerDetail): ProductSummary[] {
  const by = new Map<string, ProductSummary>();
  for (const order of detail.profile.orders) {
    if (order.cancelled || order.is_test) continue;
    const seen = new Set<string>();
    for (const line of order.lines) {
      const key = line.sku ?? line.title ?? '?';
      let p = by.get(key);
      if (!p) {
        p = { key, sku: line.sku, title: line.title, quantity: 0, orders: 0, totals: new Map() };
        by.set(key, p);
      }
      p.quantity += line.quantity;
      p.totals.set(order.currency, (p.totals.get(order.currency) ?? 0) + line.line_total_minor);
      if (!seen.has(key)) {
        p.orders += 1;
        seen.add(key);
      }
    }
  }
  return [...by.values()].sort((a, b) => b.orders - a.orders || b.quantity - a.quantity || a.key.localeCompare(b.key));
}

const SEGMENT_NAMES = new Set<string>([
  'Champions',
  'Loyal Customers',
  'Potential Loyalists',
  'New Customers',
  'Promising',
  'Need Attention',
  'About To Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
]);

function Field({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

export function Customer360({ customer, back, onBack }: { customer: string; back: ScreenName; onBack(): void }) {
  const i18n = useI18n();
  const { t, int, moneyMajor, money, date, timestamp, locale } = i18n;
  const { backend, view, version, openScreen } = useShell();
  const [detail, setDetail] = useState<CustomerDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setDetail(null);
    setError(null);
    backend.customerDetail(view.analysis_id, customer).then(
      (d) => !cancelled && setDetail(d),
      (e: unknown) => !cancelled && setError(describeError(e, i18n.t)),
    );
    return () => {
      cancelled = true;
    };
  }, [backend, customer, version, view.analysis_id]);

  const products = useMemo(() => (detail ? summariseProducts(detail) : []), [detail]);

  const head = (
    <div className="screen-head">
      <div>
        <button type="button" className="link-button" data-testid="customer-back" onClick={onBack}>
          ← {t(`nav.${back}` as MessageKey)}
        </button>
        <h2 className="screen-title">{t('c360.title', { customer })}</h2>
      </div>
    </div>
  );

  if (error) {
    return (
      <div className="screen" data-testid="screen-customer" data-customer={customer} data-state="error">
        {head}
        <ErrorPanel error={{ context: 'customer', message: error }} />
      </div>
    );
  }
  if (!detail) {
    return (
      <div className="screen" data-testid="screen-customer" data-customer={customer} data-state="loading">
        {head}
        <Spinner label={t('c360.loading')} />
      </div>
    );
  }

  const p = detail.profile;
  const row = detail.row;
  const tz = detail.timezone;
  const name = [p.first_name, p.last_name].filter(Boolean).join(' ');
  const consent = p.accepts_marketing === null ? t('c360.consent.unknown') : p.accepts_marketing ? t('c360.consent.yes') : t('c360.consent.no');
  const segLabel = (s: string | null) => (s === null ? '—' : SEGMENT_NAMES.has(s) ? segmentName(t, s as Segment) : s);
  const classLabel = (c: string | null) => (c === null ? '—' : locale === 'en' && c.endsWith('客户') ? `${c} · ${classShort(t, c as Class8)}` : c);
  const tierLabel = (x: string | null) => (x === 'top' || x === 'middle' || x === 'bottom' ? tierName(t, x as Tier) : (x ?? '—'));
  const stageLabel = (x: string) =>
    ['prospect', 'new', 'active', 'dormant', 'churned'].includes(x) ? lifecycleName(t, x as Lifecycle) : x;

  return (
    <div className="screen" data-testid="screen-customer" data-customer={customer} data-state="ready">
      {head}
      <div className="two-col">
        <section className="panel" aria-labelledby="c360-identity">
          <h3 className="panel-title" id="c360-identity">
            {t('c360.identity')}
          </h3>
          <dl className="kv-list">
            <Field label={t('c360.id')} value={p.platform_id} />
            <Field label={t('c360.name')} value={name || '—'} testId="c360-name" />
            <Field label={t('c360.email')} value={p.email ?? '—'} testId="c360-email" />
            <Field label={t('c360.phone')} value={p.phone ?? '—'} />
            <Field label={t('c360.country')} value={p.country ?? '—'} testId="c360-country" />
            <Field label={t('c360.consent')} value={consent} testId="c360-consent" />
            {p.tags && <Field label={t('c360.tags')} value={p.tags} />}
          </dl>
        </section>
        <section className="panel" aria-labelledby="c360-analysis">
          <h3 className="panel-title" id="c360-analysis">
            {t('c360.analysis')}
          </h3>
          {row ? (
            <dl className="kv-list">
              <Field label={t('cust.col.segment')} value={segLabel(row.segment)} testId="c360-segment" />
              <Field label={t('cust.col.class8')} value={classLabel(row.class8)} testId="c360-class8" />
              <Field label={t('cust.col.tier')} value={tierLabel(row.tier)} />
              <Field label={t('cust.col.lifecycle')} value={stageLabel(row.lifecycle)} testId="c360-lifecycle" />
              <Field
                label={t('c360.rfm')}
                value={present(row.r) && present(row.f) && present(row.m) ? `R${row.r} · F${row.f} · M${row.m}` : '—'}
              />
              <Field
                label={t('cust.col.recency')}
                value={present(row.recency_days) ? int(row.recency_days) : '—'}
              />
              <Field label={t('cust.col.purchases')} value={int(row.purchases)} />
              <Field label={t('cust.col.netRevenue')} value={moneyMajor(row.net_revenue, detail.currency)} testId="c360-revenue" />
              <Field label={t('cust.col.first')} value={row.first_purchase ? date(row.first_purchase) : '—'} />
              <Field label={t('cust.col.last')} value={row.last_purchase ? date(row.last_purchase) : '—'} />
            </dl>
          ) : (
            <p className="note">{t('c360.notAnalysed')}</p>
          )}
        </section>
        {detail.prediction && (
          <section className="panel" aria-labelledby="c360-forecast" data-testid="c360-forecast">
            <h3 className="panel-title" id="c360-forecast">
              {t('c360.forecast')}
            </h3>
            <dl className="kv-list">
              <Field
                label={t('c360.pAlive')}
                value={present(detail.prediction.p_alive) ? i18n.pct(detail.prediction.p_alive, 0) : '—'}
                testId="c360-p-alive"
              />
              <Field
                label={t('c360.churnRisk')}
                value={
                  detail.prediction.churn_band
                    ? `${t(`c360.band.${detail.prediction.churn_band}` as MessageKey)}${
                        present(detail.prediction.churn_risk) ? ` · ${i18n.pct(detail.prediction.churn_risk, 0)}` : ''
                      }`
                    : '—'
                }
                testId="c360-churn-risk"
              />
              <Field
                label={t('c360.expected', { days: int(detail.prediction.horizon_days) })}
                value={present(detail.prediction.expected_purchases) ? detail.prediction.expected_purchases.toFixed(2) : '—'}
              />
              <Field
                label={t('c360.nextPurchase')}
                value={detail.prediction.next_purchase ? date(detail.prediction.next_purchase) : t('c360.unlikely')}
              />
              <Field
                label={t('c360.orderValue')}
                value={
                  present(detail.prediction.expected_order_value)
                    ? moneyMajor(detail.prediction.expected_order_value, detail.currency)
                    : '—'
                }
              />
              <Field
                label={t('c360.clv', { months: int(detail.prediction.clv_months) })}
                value={present(detail.prediction.clv) ? moneyMajor(detail.prediction.clv, detail.currency) : '—'}
                testId="c360-clv"
              />
            </dl>
            <p className="note">
              {detail.prediction.churn_method === 'model' ? t('c360.forecastModel') : t('c360.forecastHeuristic')}{' '}
              <button type="button" className="link-button" data-testid="c360-predictions-link" onClick={() => openScreen('predictions')}>
                {t('c360.predictionsLink')}
              </button>
            </p>
          </section>
        )}
      </div>

      <section className="panel" aria-labelledby="c360-orders">
        <h3 className="panel-title" id="c360-orders">
          {t('c360.orders', { count: p.orders.length })}
        </h3>
        {p.orders.length === 0 ? (
          <p className="note">{t('c360.noOrders')}</p>
        ) : (
          <ol className="timeline" data-testid="c360-orders">
            {p.orders.map((o) => (
              <li key={o.platform_id} className="timeline-item" data-testid="c360-order" data-created={o.created_at}>
                <div className="timeline-head">
                  <span className="timeline-date">{timestamp(o.created_at, tz)}</span>
                  <span className="mono">{o.name ?? `#${o.platform_id}`}</span>
                  <span className="timeline-total">{money(o.total_minor, o.currency)}</span>
                  {o.cancelled && <span className="badge badge-bad">{t('c360.cancelled')}</span>}
                  {o.is_test && <span className="badge">{t('c360.test')}</span>}
                  {o.discount_codes && <span className="badge">{t('c360.discount', { codes: o.discount_codes })}</span>}
                  {o.delivered_at !== null ? (
                    <span className="muted">{t('c360.delivered', { date: timestamp(o.delivered_at, tz) })}</span>
                  ) : o.fulfilled_at !== null ? (
                    <span className="muted">{t('c360.shipped', { date: timestamp(o.fulfilled_at, tz) })}</span>
                  ) : null}
                </div>
                <table className="lines-table">
                  <tbody>
                    {o.lines.map((l, i) => (
                      <tr key={i}>
                        <td className="mono">{l.sku ?? ''}</td>
                        <td className="wrap">{l.title ?? ''}</td>
                        <td className="num">×{int(l.quantity)}</td>
                        <td className="num">{money(l.line_total_minor, o.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </li>
            ))}
          </ol>
        )}
      </section>

      <div className="two-col">
        <section className="panel" aria-labelledby="c360-products">
          <h3 className="panel-title" id="c360-products">
            {t('c360.products')}
          </h3>
          {products.length === 0 ? (
            <p className="note">{t('c360.noOrders')}</p>
          ) : (
            <table className="data-table" data-testid="c360-products">
              <thead>
                <tr>
                  <th scope="col">{t('c360.product')}</th>
                  <th scope="col" className="num">{t('c360.productOrders')}</th>
                  <th scope="col" className="num">{t('c360.quantity')}</th>
                  <th scope="col" className="num">{t('c360.spent')}</th>
                </tr>
              </thead>
              <tbody>
                {products.map((x) => (
                  <tr key={x.key}>
                    <td className="wrap">
                      {x.sku && <span className="mono">{x.sku}</span>} {x.title}
                    </td>
                    <td className="num">{int(x.orders)}</td>
                    <td className="num">{int(x.quantity)}</td>
                    <td className="num">
                      {[...x.totals].map(([cur, minor]) => money(minor, cur)).join(' + ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <div className="stack">
          <section className="panel" aria-labelledby="c360-refunds">
            <h3 className="panel-title" id="c360-refunds">
              {t('c360.refunds')}
            </h3>
            {p.refunds.length === 0 ? (
              <p className="note">{t('c360.noRefunds')}</p>
            ) : (
              <table className="data-table" data-testid="c360-refunds">
                <tbody>
                  {p.refunds.map((r) => (
                    <tr key={r.platform_id}>
                      <td>{timestamp(r.created_at, tz)}</td>
                      <td>{r.kind === 'return' ? t('c360.return') : r.kind === 'refund' ? t('c360.refund') : r.kind}</td>
                      <td className="mono">{r.order ? `#${r.order}` : ''}</td>
                      <td className="num">{money(r.amount_minor, r.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="panel" aria-labelledby="c360-history">
            <h3 className="panel-title" id="c360-history">
              {t('c360.history')}
            </h3>
            {p.history.length === 0 ? (
              <p className="note">{t('c360.noHistory')}</p>
            ) : (
              <table className="data-table" data-testid="c360-history">
                <thead>
                  <tr>
                    <th scope="col">{t('c360.asOf')}</th>
                    <th scope="col">{t('cust.col.segment')}</th>
                    <th scope="col">{t('cust.col.class8')}</th>
                    <th scope="col">{t('cust.col.tier')}</th>
                    <th scope="col">{t('cust.col.lifecycle')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.history.map((h) => (
                    <tr key={h.as_of} data-testid="c360-snapshot">
                      <td>{date(h.as_of)}</td>
                      <td>{segLabel(h.rf_segment)}</td>
                      <td lang="zh-CN">{h.cn_segment ?? '—'}</td>
                      <td>{tierLabel(h.tier)}</td>
                      <td>{stageLabel(h.lifecycle)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
