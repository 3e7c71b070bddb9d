import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_PRODUCT_PARAMS } from '../backend/types';
import { Spinner } from '../components/Spinner';
import { useI18n, type MessageKey } from '../i18n';
import type { ItemRefLevel, ProductInsight, ProductInsightParams } from '../ipc/bindings';
import { useShell } from '../shell';
import { present } from './common';
import { ItemName, itemText, remember, remembered, rememberTitles, useAnalysisResult } from './insight';

type Level = ItemRefLevel;

/** The Products screen's parameters are kept under this key while the app runs. */
const PARAMS_KEY = 'products.params';

/** Percent text → fraction, or null when not a number in [lo, hi] percent. */
function fraction(text: string, lo: number, hi: number, open: boolean): number | null {
  const n = Number(text.replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(n)) return null;
  if (open ? !(n > lo && n <= hi) : !(n >= lo && n <= hi)) return null;
  return Math.round(n * 1000) / 100_000;
}

function days(text: string): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : null;
}

/** Percent text of a fraction without float noise: 0.01 → "1". */
const percentText = (f: number) => String(Math.round(f * 100_000) / 1000);

function Shown({ shown, total, testId }: { shown: number; total: number; testId: string }) {
  const { t } = useI18n();
  return (
    <p className="note" data-testid={testId} data-shown={shown} data-total={total}>
      {t('prod.showing', { shown, total })}
    </p>
  );
}

function ExportAction({ a, b, level, titles }: { a: string; b: string; level: Level; titles: Record<string, string> }) {
  const { t } = useI18n();
  const { openExport } = useShell();
  if (a === b) return null;
  return (
    <button
      type="button"
      className="button button-small"
      data-testid="rule-export"
      title={t('prod.buyersWithout.title', { a: itemText(a, titles), b: itemText(b, titles) })}
      onClick={() => openExport({ bought_item: { level, name: a }, not_bought_item: { level, name: b } })}
    >
      {t('prod.buyersWithout')}
    </button>
  );
}

function Items({ items, titles }: { items: string[]; titles: Record<string, string> }) {
  return (
    <>
      {items.map((item, i) => (
        <span key={item}>
          {i > 0 && ' + '}
          <ItemName item={item} titles={titles} />
        </span>
      ))}
    </>
  );
}

function Legend() {
  const { t } = useI18n();
  const keys: MessageKey[] = [
    'prod.legend.support',
    'prod.legend.confidence',
    'prod.legend.lift',
    'prod.legend.leverage',
    'prod.legend.conviction',
    'prod.legend.share',
  ];
  return (
    <details className="legend" data-testid="products-legend">
      <summary>{t('prod.legend')}</summary>
      <ul>
        {keys.map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
    </details>
  );
}

function Insight({ insight }: { insight: ProductInsight }) {
  const { t, int, decimal, pct, moneyMajor, date } = useI18n();
  const { view, openExport } = useShell();
  const level: Level = insight.params.level === 'category' ? 'category' : 'sku';
  const titles = insight.item_titles;
  const fp = insight.first_products;
  const within = insight.params.within_days;
  const head = (key: MessageKey, legend?: MessageKey) => (
    <th scope="col" className="num" title={legend ? t(legend) : undefined}>
      {t(key)}
    </th>
  );
  useEffect(() => rememberTitles(titles), [titles]);

  if (insight.baskets === 0 && insight.sequence_customers === 0 && fp.customers === 0 && !insight.basket_note) {
    return (
      <p className="empty" data-testid="products-empty">
        {t('prod.emptyLevel')}
      </p>
    );
  }

  return (
    <>
      <p className="screen-sub">{t('prod.intro', { date: date(fp.as_of || view.analysis.as_of.date) })}</p>
      <Legend />
      <section className="panel" aria-labelledby="prod-basket">
        <h3 className="panel-title" id="prod-basket">
          {t('prod.basket')}
        </h3>
        <p className="screen-sub">{t('prod.basket.intro', { baskets: insight.baskets })}</p>
        {insight.basket_note && (
          <p className="notice notice-warn" data-testid="basket-note">
            {t('prod.note', { note: insight.basket_note })}
          </p>
        )}
        {insight.basket_rules_total > insight.basket_rules.length && (
          <Shown shown={insight.basket_rules.length} total={insight.basket_rules_total} testId="basket-total" />
        )}
        {insight.basket_rules.length === 0 ? (
          !insight.basket_note && <p className="note" data-testid="basket-none">{t('prod.noRules')}</p>
        ) : (
          <div className="table-scroll table-tall">
            <table className="data-table" data-testid="basket-rules">
              <thead>
                <tr>
                  <th scope="col">{t('prod.col.rule')}</th>
                  {head('prod.col.orders')}
                  {head('prod.col.support', 'prod.legend.support')}
                  {head('prod.col.confidence', 'prod.legend.confidence')}
                  {head('prod.col.lift', 'prod.legend.lift')}
                  {head('prod.col.leverage', 'prod.legend.leverage')}
                  {head('prod.col.conviction', 'prod.legend.conviction')}
                  <th scope="col">{t('prod.col.action')}</th>
                </tr>
              </thead>
              <tbody>
                {insight.basket_rules.map((r) => (
                  <tr key={`${r.antecedent.join('+')}>${r.consequent.join('+')}`} data-testid="basket-rule" data-confidence={r.confidence}>
                    <td className="wrap">
                      <Items items={r.antecedent} titles={titles} /> <span aria-hidden="true">⇒</span>{' '}
                      <Items items={r.consequent} titles={titles} />
                    </td>
                    <td className="num">{int(r.orders)}</td>
                    <td className="num">{pct(r.support, 2)}</td>
                    <td className="num">{pct(r.confidence, 1)}</td>
                    <td className="num strong">{decimal(r.lift, 1)}</td>
                    <td className="num">{decimal(r.leverage, 4)}</td>
                    <td className="num">{present(r.conviction) ? decimal(r.conviction, 2) : t('prod.infinite')}</td>
                    <td>
                      {r.antecedent.length === 1 && r.consequent.length === 1 && (
                        <ExportAction a={r.antecedent[0]} b={r.consequent[0]} level={level} titles={titles} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="prod-sequence">
        <h3 className="panel-title" id="prod-sequence">
          {t('prod.sequence', { days: within })}
        </h3>
        <p className="screen-sub">{t('prod.sequence.intro', { customers: insight.sequence_customers, days: within })}</p>
        {insight.sequence_note && (
          <p className="notice notice-warn" data-testid="sequence-note">
            {t('prod.note', { note: insight.sequence_note })}
          </p>
        )}
        {insight.sequence_rules_total > insight.sequence_rules.length && (
          <Shown shown={insight.sequence_rules.length} total={insight.sequence_rules_total} testId="sequence-total" />
        )}
        {insight.sequence_rules.length === 0 ? (
          !insight.sequence_note && <p className="note" data-testid="sequence-none">{t('prod.noRules')}</p>
        ) : (
          <div className="table-scroll table-tall">
            <table className="data-table" data-testid="sequence-rules">
              <thead>
                <tr>
                  <th scope="col">{t('prod.col.rule')}</th>
                  {head('prod.col.customers')}
                  {head('prod.col.support', 'prod.legend.support')}
                  {head('prod.col.confidence', 'prod.legend.confidence')}
                  {head('prod.col.lift', 'prod.legend.lift')}
                  <th scope="col">{t('prod.col.action')}</th>
                </tr>
              </thead>
              <tbody>
                {insight.sequence_rules.map((r) => (
                  <tr key={`${r.antecedent}>${r.consequent}`} data-testid="sequence-rule" data-confidence={r.confidence}>
                    <td className="wrap">
                      <ItemName item={r.antecedent} titles={titles} /> <span aria-hidden="true">→</span>{' '}
                      <ItemName item={r.consequent} titles={titles} />
                    </td>
                    <td className="num">{int(r.customers)}</td>
                    <td className="num">{pct(r.support, 2)}</td>
                    <td className="num">{pct(r.confidence, 1)}</td>
                    <td className="num strong">{decimal(r.lift, 1)}</td>
                    <td>
                      <ExportAction a={r.antecedent} b={r.consequent} level={level} titles={titles} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="stack">
        <section className="panel" aria-labelledby="prod-first">
          <h3 className="panel-title" id="prod-first">
            {t('prod.first')}
          </h3>
          <p className="screen-sub" data-testid="first-summary">
            {t('prod.first.summary', {
              customers: fp.customers,
              repeat: fp.repeat_customers,
              rate: fp.customers > 0 ? pct(fp.repeat_customers / fp.customers, 1) : '—',
            })}{' '}
            {present(fp.mean_net_revenue_12m) &&
              t('prod.first.revenue', { matured: fp.matured_customers, revenue: moneyMajor(fp.mean_net_revenue_12m, view.analysis.currency, 0) })}
          </p>
          {fp.items_total > fp.items.length && <Shown shown={fp.items.length} total={fp.items_total} testId="first-total" />}
          <div className="table-scroll table-tall">
            <table className="data-table" data-testid="first-products">
              <thead>
                <tr>
                  <th scope="col">{t('prod.col.item')}</th>
                  {head('prod.col.starters')}
                  {head('prod.col.repeatRate')}
                  {head('prod.col.matured')}
                  {head('prod.col.revenue12')}
                  <th scope="col" aria-label={t('prod.exportBuyers')} />
                </tr>
              </thead>
              <tbody>
                {fp.items.map((r) => (
                  <tr key={r.item} data-testid="first-product">
                    <td className="wrap">
                      <ItemName item={r.item} titles={titles} />
                    </td>
                    <td className="num">{int(r.customers)}</td>
                    <td
                      className={`num ${fp.customers > 0 && r.repeat_rate > fp.repeat_customers / fp.customers ? 'is-good' : ''}`}
                    >
                      {pct(r.repeat_rate, 1)}
                    </td>
                    <td className="num">{int(r.matured_customers)}</td>
                    <td className="num">
                      {present(r.mean_net_revenue_12m) ? moneyMajor(r.mean_net_revenue_12m, view.analysis.currency, 0) : '—'}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button-small"
                        data-testid="first-product-export"
                        title={t('prod.exportBuyers.title', { item: itemText(r.item, titles) })}
                        onClick={() => openExport({ bought_item: { level, name: r.item } })}
                      >
                        {t('prod.exportBuyers')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="panel" aria-labelledby="prod-paths">
          <h3 className="panel-title" id="prod-paths">
            {t('prod.paths')}
          </h3>
          <p className="screen-sub">{t('prod.paths.intro')}</p>
          {fp.paths_total > fp.paths.length && <Shown shown={fp.paths.length} total={fp.paths_total} testId="paths-total" />}
          <div className="table-scroll table-tall">
            <table className="data-table" data-testid="product-paths">
              <thead>
                <tr>
                  <th scope="col">{t('prod.col.path')}</th>
                  {head('prod.col.customers')}
                  {head('prod.col.share', 'prod.legend.share')}
                  <th scope="col">{t('prod.col.action')}</th>
                </tr>
              </thead>
              <tbody>
                {fp.paths.map((r) => (
                  <tr key={`${r.first}>${r.second}`} data-testid="product-path">
                    <td className="wrap">
                      <ItemName item={r.first} titles={titles} /> <span aria-hidden="true">→</span>{' '}
                      <ItemName item={r.second} titles={titles} />
                    </td>
                    <td className="num">{int(r.customers)}</td>
                    <td className="num">{pct(r.share_of_first, 1)}</td>
                    <td>
                      <ExportAction a={r.first} b={r.second} level={level} titles={titles} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}

export function ProductsScreen() {
  const { t } = useI18n();
  const { backend } = useShell();
  const [params, setParamsState] = useState<ProductInsightParams>(() => remembered(backend, PARAMS_KEY, DEFAULT_PRODUCT_PARAMS));
  const setParams = (next: ProductInsightParams) => {
    remember(backend, PARAMS_KEY, next);
    setParamsState(next);
  };
  const [support, setSupport] = useState(percentText(params.min_support));
  const [confidence, setConfidence] = useState(percentText(params.min_confidence));
  const [within, setWithin] = useState(String(params.within_days));
  const loaded = useAnalysisResult(`products|${JSON.stringify(params)}`, (backend, id) => backend.productInsight(id, params));

  const draft = {
    support: fraction(support, 0, 100, true),
    confidence: fraction(confidence, 0, 100, false),
    within: days(within),
  };
  const valid = draft.support !== null && draft.confidence !== null && draft.within !== null;

  const apply = (patch: Partial<ProductInsightParams> = {}) => {
    if (!valid) return;
    const next: ProductInsightParams = {
      ...params,
      min_support: draft.support as number,
      min_confidence: draft.confidence as number,
      within_days: draft.within as number,
      ...patch,
    };
    setParams(next);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply();
  };

  return (
    <div className="screen" data-testid="screen-products" data-state={loaded.state}>
      <div className="screen-head">
        <h2 className="screen-title">{t('nav.products')}</h2>
        <div className="segmented" role="group" aria-label={t('prod.level')}>
          {(['sku', 'category'] as const).map((level) => (
            <button
              key={level}
              type="button"
              data-testid={`prod-level-${level}`}
              className={params.level === level ? 'segmented-button is-active' : 'segmented-button'}
              aria-pressed={params.level === level}
              onClick={() => {
                setParams({ ...params, level });
              }}
            >
              {t(level === 'sku' ? 'prod.level.sku' : 'prod.level.category')}
            </button>
          ))}
        </div>
      </div>
      <form className="toolbar prod-controls" onSubmit={submit} data-testid="prod-controls">
        <label className="field">
          <span className="field-label">{t('prod.minSupport')}</span>
          <input
            type="number"
            min={0}
            max={100}
            step="any"
            className="days-input"
            data-testid="prod-min-support"
            value={support}
            aria-invalid={draft.support === null}
            onChange={(e) => setSupport(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('prod.minConfidence')}</span>
          <input
            type="number"
            min={0}
            max={100}
            step="any"
            className="days-input"
            data-testid="prod-min-confidence"
            value={confidence}
            aria-invalid={draft.confidence === null}
            onChange={(e) => setConfidence(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('prod.within')}</span>
          <input
            type="number"
            min={1}
            max={3650}
            step={1}
            className="days-input"
            data-testid="prod-within"
            value={within}
            aria-invalid={draft.within === null}
            onChange={(e) => setWithin(e.target.value)}
          />
        </label>
        <button type="submit" className="button button-primary" data-testid="prod-apply" disabled={!valid || loaded.state === 'loading'}>
          {t('prod.apply')}
        </button>
        {!valid && (
          <p className="inline-error" role="alert">
            {t('prod.invalid')}
          </p>
        )}
      </form>
      {loaded.state === 'loading' && <Spinner label={t('prod.loading')} testId="prod-loading" />}
      {loaded.state === 'error' && (
        <p className="inline-error" role="alert" data-testid="prod-error">
          {t('prod.error')} {loaded.message}
        </p>
      )}
      {loaded.state === 'ready' && <Insight insight={loaded.value} />}
    </div>
  );
}
