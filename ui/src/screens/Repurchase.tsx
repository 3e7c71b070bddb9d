import { useState } from 'react';
import { Chart, ChartSave } from '../components/Chart';
import { useI18n } from '../i18n';
import { tierName } from '../i18n/labels';
import type { ItemCycle } from '../ipc/bindings';
import { useShell } from '../shell';
import { present } from './common';

type Kind = 'sku' | 'category';

/** Overdue rows shown at first; more on request. */
const OVERDUE_PAGE = 200;

function CycleTable({ items, total, kind }: { items: ItemCycle[]; total: number; kind: Kind }) {
  const { t, int, decimal } = useI18n();
  const days = (v: number | null) => (present(v) ? decimal(v, 0) : '—');
  return (
    <>
      {total > items.length && (
        <p className="note" data-testid="cycle-shown" data-shown={items.length} data-total={total}>
          {t('rep.firstOf', { shown: items.length, total })}
        </p>
      )}
      <div className="table-scroll table-tall">
        <table className="data-table" data-testid={`cycle-table-${kind}`}>
          <thead>
            <tr>
              <th scope="col">{t(kind === 'sku' ? 'rep.col.sku' : 'rep.col.category')}</th>
              <th scope="col" className="num">{t('rep.col.buyers')}</th>
              <th scope="col" className="num">{t('rep.col.repeaters')}</th>
              <th scope="col" className="num">{t('rep.col.gaps')}</th>
              <th scope="col" className="num">{t('rep.col.p25')}</th>
              <th scope="col" className="num">{t('rep.col.median')}</th>
              <th scope="col" className="num">{t('rep.col.p75')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.item} data-testid="cycle-row" data-enough={c.enough_data ? 'true' : 'false'}>
                <th scope="row" className="mono">
                  {c.item}
                </th>
                <td className="num">{int(c.buyers)}</td>
                <td className="num">{int(c.customers)}</td>
                <td className="num">{int(c.gaps)}</td>
                {c.enough_data ? (
                  <>
                    <td className="num">{days(c.p25_days)}</td>
                    <td className="num strong">{days(c.median_days)}</td>
                    <td className="num">{days(c.p75_days)}</td>
                  </>
                ) : (
                  <td colSpan={3} className="muted center">
                    {t('rep.notEnough')}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function RepurchaseScreen() {
  const { t, int, date, decimal, pct } = useI18n();
  const { view, openCustomer } = useShell();
  const [kind, setKind] = useState<Kind>('sku');
  const [shown, setShown] = useState(OVERDUE_PAGE);
  const r = view.analysis.repurchase;
  const items = kind === 'sku' ? r.skus : r.categories;
  const total = kind === 'sku' ? view.skus_total : view.categories_total;
  const overdue = r.overdue.slice(0, shown);

  return (
    <div className="screen" data-testid="screen-repurchase">
      <div className="screen-head">
        <h2 className="screen-title">{t('nav.repurchase')}</h2>
        <div className="segmented" role="group" aria-label={t('rep.kind')}>
          {(['sku', 'category'] as const).map((k) => (
            <button
              key={k}
              type="button"
              data-testid={`rep-kind-${k}`}
              className={kind === k ? 'segmented-button is-active' : 'segmented-button'}
              aria-pressed={kind === k}
              onClick={() => setKind(k)}
            >
              {t(k === 'sku' ? 'rep.kind.sku' : 'rep.kind.category')}
            </button>
          ))}
        </div>
      </div>
      <p className="screen-sub">{t('rep.intro', { min: r.min_gaps })}</p>
      <div className="stack">
        <section className="panel" aria-labelledby="cycles-title">
          <h3 className="panel-title" id="cycles-title">
            {t(kind === 'sku' ? 'rep.cycles.sku' : 'rep.cycles.category')}
          </h3>
          {items.length === 0 ? (
            <p className="note" data-testid="cycle-empty">
              {t(kind === 'sku' ? 'rep.noSkus' : 'rep.noCategories')}
            </p>
          ) : (
            <CycleTable items={items} total={total} kind={kind} />
          )}
        </section>
        <section className="panel chart-panel">
          <div className="panel-head">
            <h3 className="panel-title">{t(kind === 'sku' ? 'chart.repurchase' : 'chart.repurchaseCategories')}</h3>
            <ChartSave kind={kind === 'sku' ? 'repurchase' : 'repurchase-categories'} />
          </div>
          <Chart
            kind={kind === 'sku' ? 'repurchase' : 'repurchase-categories'}
            title={t(kind === 'sku' ? 'chart.repurchase' : 'chart.repurchaseCategories')}
            aspect={0.45}
          />
        </section>
      </div>
      <section className="panel" aria-labelledby="overdue-title">
        <h3 className="panel-title" id="overdue-title">
          {t('rep.overdue')}
        </h3>
        <p className="screen-sub" data-testid="overdue-total" data-value={r.overdue_total}>
          {t('rep.overdue.intro', { share: pct(r.overdue_share, 0), total: r.overdue_total })}
          {r.overdue_total > r.overdue.length && ` ${t('rep.overdue.listed', { listed: r.overdue.length })}`}
        </p>
        {r.overdue.length > 0 && (
          <div className="table-scroll table-tall">
            <table className="data-table clickable" data-testid="overdue-table">
              <thead>
                <tr>
                  <th scope="col">{t('rep.col.customer')}</th>
                  <th scope="col">{t('rep.col.item')}</th>
                  <th scope="col">{t('rep.col.lastOrder')}</th>
                  <th scope="col">{t('rep.col.due')}</th>
                  <th scope="col" className="num">{t('rep.col.daysOverdue')}</th>
                  <th scope="col">{t('rep.col.tier')}</th>
                </tr>
              </thead>
              <tbody>
                {overdue.map((o) => (
                  <tr key={`${o.customer}|${o.item_kind}|${o.item}`} data-testid="overdue-row" data-customer={o.customer}>
                    <th scope="row">
                      <button type="button" className="row-link link-like" data-testid="overdue-customer" onClick={() => openCustomer(o.customer)}>
                        {o.customer}
                      </button>
                    </th>
                    <td>
                      <span className="mono">{o.item}</span>{' '}
                      <span className="muted">{t(o.item_kind === 'category' ? 'rep.kind.category' : 'rep.kind.sku')}</span>
                    </td>
                    <td>{date(o.last_order)}</td>
                    <td>{date(o.due_date)}</td>
                    <td className="num">{int(Math.round(o.days_overdue))}</td>
                    <td>{tierName(t, o.tier)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {r.overdue.length > shown && (
          <button type="button" className="button button-small" onClick={() => setShown((n) => n + OVERDUE_PAGE)}>
            {t('rep.showMore', { more: Math.min(OVERDUE_PAGE, r.overdue.length - shown) })}
          </button>
        )}
        <p className="note">{t('rep.overdue.note', { days: decimal(view.analysis.churn.threshold_days, 0) })}</p>
      </section>
    </div>
  );
}
