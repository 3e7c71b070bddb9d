import { GENERIC_DEFAULT } from '../backend/exportColumns';
import { Spinner } from '../components/Spinner';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import type { BacktestNote, Column, ExportSpec, PredictedCustomer, PredictionNote, PredictionReport, Unreliable } from '../ipc/bindings';
import { useShell } from '../shell';
import { present } from './common';
import { InsightChart, InsightChartSave, useAnalysisResult } from './insight';

/** The export columns of the Predictions screen's target lists: the default ones and the forecast. */
export const PREDICTION_COLUMNS: Column[] = [...GENERIC_DEFAULT, 'churn_risk', 'churn_band', 'clv'];

/** A CLV threshold for the export: rounded down to cents, so the customer at the percentile is in. */
export function clvFloor(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : Math.floor(value * 100) / 100;
}

/** "Export high-risk valuable customers": high band, CLV at least the 80th percentile. */
export function atRiskPreset(report: PredictionReport): Partial<ExportSpec> {
  return { churn_risk: ['high'], min_clv: clvFloor(report.clv_deciles[7]), columns: PREDICTION_COLUMNS };
}

/** "Export top CLV customers": CLV at least the 90th percentile. */
export function topClvPreset(report: PredictionReport): Partial<ExportSpec> {
  return { min_clv: clvFloor(report.clv_deciles[8]), columns: PREDICTION_COLUMNS };
}

/** One localized sentence per reason a model (or its churn risk) was not used. */
export function reasonText(i18n: Pick<I18n, 't' | 'pct'>, u: Unreliable): string {
  switch (u.reason) {
    case 'too_few_repeat_customers':
      return i18n.t('pred.reason.too_few_repeat_customers', { found: u.found, required: u.required });
    case 'fit_failed':
      return i18n.t('pred.reason.fit_failed', { error: u.error });
    case 'no_dropout':
      return i18n.t('pred.reason.no_dropout', { share: i18n.pct(u.mean_dropout, 2) });
    default:
      return i18n.t(`pred.reason.${u.reason}` as MessageKey);
  }
}

/**
 * A note of the models in the UI's language. The reasons it names are listed beside it
 * (`Reasons`), so the text says only what was done instead.
 */
export function noteText(i18n: Pick<I18n, 't' | 'decimal'>, n: PredictionNote): string {
  switch (n.code) {
    case 'value_frequency_correlated':
      return i18n.t('pred.note.value_frequency_correlated', { r: i18n.decimal(n.r, 2) });
    default:
      return i18n.t(`pred.note.${n.code}` as MessageKey);
  }
}

/** Why there is no backtest, in the UI's language. */
export function backtestNoteText(i18n: Pick<I18n, 't' | 'int' | 'date'>, n: BacktestNote): string {
  switch (n.code) {
    case 'short_history':
      return i18n.t('pred.backtestNote.short_history', { days: i18n.int(n.history_days), required: i18n.int(n.required_days) });
    case 'fit_failed':
      return i18n.t('pred.backtestNote.fit_failed', { date: i18n.date(n.calibration_end), error: n.error });
  }
}

/** A signed percentage: "+5.2%", "−18.0%". */
function signedPct(i18n: I18n, fraction: number): string {
  const sign = fraction > 0 ? '+' : fraction < 0 ? '−' : '';
  return `${sign}${i18n.pct(Math.abs(fraction), 1)}`;
}

/** "5.3e-3" style for parameters spanning many magnitudes; plain decimals otherwise. */
function param(i18n: I18n, v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 0.01 || a >= 1e5)) return v.toExponential(2).replace('e', '×10^').replace('+', '');
  return i18n.decimal(v, a >= 100 ? 1 : 3);
}

function Reasons({ label, reasons }: { label: MessageKey; reasons: Unreliable[] }) {
  const i18n = useI18n();
  if (reasons.length === 0) return null;
  return (
    <div className="reasons">
      <p className="strong">{i18n.t(label)}</p>
      <ul>
        {reasons.map((u, i) => (
          <li key={i} data-testid="pred-reason" data-reason={u.reason}>
            {reasonText(i18n, u)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function CustomerList({ rows, report, testId }: { rows: PredictedCustomer[]; report: PredictionReport; testId: string }) {
  const i18n = useI18n();
  const { t, int, decimal, pct, date, moneyMajor } = i18n;
  const { openCustomer } = useShell();
  const c = report.predictions.config;
  const money = (v: number | null) => (present(v) ? moneyMajor(v, report.currency, 0) : '—');
  return (
    <div className="table-scroll table-tall">
      <table className="data-table clickable" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('pred.col.customer')}</th>
            <th scope="col" className="num">{t('pred.col.repeat')}</th>
            <th scope="col" className="num">{t('pred.col.daysSince')}</th>
            <th scope="col" className="num">{t('pred.col.risk')}</th>
            <th scope="col">{t('pred.col.band')}</th>
            <th scope="col" className="num">{t('pred.col.expected', { days: c.horizon_days })}</th>
            <th scope="col">{t('pred.col.next')}</th>
            <th scope="col" className="num">{t('pred.col.aov')}</th>
            <th scope="col" className="num">{t('pred.col.clv', { months: c.clv_months })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.customer} data-testid="pred-row" data-customer={r.customer} onClick={() => openCustomer(r.customer)}>
              <th scope="row">
                <button
                  type="button"
                  className="row-link link-like"
                  onClick={(e) => {
                    e.stopPropagation();
                    openCustomer(r.customer);
                  }}
                >
                  {r.customer}
                </button>
              </th>
              <td className="num">{int(r.frequency)}</td>
              <td className="num">{int(r.days_since_last)}</td>
              <td className="num">{present(r.churn_risk) ? pct(r.churn_risk, 0) : '—'}</td>
              <td>
                {r.churn_band ? (
                  <span className={`band band-${r.churn_band}`}>{t(`c360.band.${r.churn_band}` as MessageKey)}</span>
                ) : (
                  '—'
                )}
              </td>
              <td className="num">{present(r.expected_purchases) ? decimal(r.expected_purchases, 2) : '—'}</td>
              <td>{r.next_purchase ? date(r.next_purchase) : <span className="muted">{t('pred.next.none')}</span>}</td>
              <td className="num">{money(r.expected_order_value)}</td>
              <td className="num strong">{money(r.clv)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ModelParams({ report }: { report: PredictionReport }) {
  const i18n = useI18n();
  const { t, int, decimal, pct } = i18n;
  const p = report.predictions;
  const bg = p.bgnbd;
  const gg = p.gamma_gamma;
  const fit = (c: { method: string; converged: boolean; iterations: number; at_bounds: boolean }) =>
    `${t(c.converged ? 'pred.param.converged' : 'pred.param.notConverged', { method: c.method, iterations: c.iterations })}${
      c.at_bounds ? ` · ${t('pred.param.atBounds')}` : ''
    }`;
  const row = (label: string, value: string, testId?: string) => (
    <div className="kv" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <section className="panel" aria-labelledby="pred-params" data-testid="pred-params">
      <h3 className="panel-title" id="pred-params">
        {t('pred.params')}
      </h3>
      <h4 className="subhead">{t('pred.params.bgnbd')}</h4>
      {bg ? (
        <dl className="kv-list">
          {row(t('pred.param.r'), param(i18n, bg.params.r), 'param-r')}
          {row(t('pred.param.alpha', { unit: t(`pred.unit.${bg.unit}` as MessageKey) }), param(i18n, bg.params.alpha), 'param-alpha')}
          {row(t('pred.param.a'), param(i18n, bg.params.a))}
          {row(t('pred.param.b'), param(i18n, bg.params.b))}
          {row(t('pred.param.dropout'), pct(bg.params.a / (bg.params.a + bg.params.b), 2))}
          {row(t('pred.param.ll'), decimal(bg.log_likelihood, 1))}
          {row(t('pred.param.fit'), fit(bg.convergence))}
          {row(t('pred.param.fitted'), `${int(bg.customers)} (${t('pred.kpi.repeat')}: ${int(bg.repeat_customers)})`)}
        </dl>
      ) : (
        <p className="note">{t('pred.params.none')}</p>
      )}
      <h4 className="subhead">{t('pred.params.gg')}</h4>
      {gg ? (
        <dl className="kv-list">
          {row(t('pred.param.p'), param(i18n, gg.params.p))}
          {row(t('pred.param.q'), param(i18n, gg.params.q))}
          {row(t('pred.param.v'), param(i18n, gg.params.v))}
          {row(t('pred.param.ll'), decimal(gg.log_likelihood, 1))}
          {row(t('pred.param.fit'), fit(gg.convergence))}
        </dl>
      ) : (
        <p className="note">{t('pred.params.none')}</p>
      )}
      <p className="note">{t(`pred.value.${p.value_method}` as MessageKey)}</p>
      {p.correlation && (
        <>
          <h4 className="subhead">{t('pred.corr')}</h4>
          <p data-testid="pred-correlation" data-warning={p.correlation.warning ? 'true' : 'false'}>
            {t('pred.corr.value', { r: decimal(p.correlation.r, 3), customers: p.correlation.customers })}
          </p>
          <p className={p.correlation.warning ? 'notice notice-warn' : 'note'}>
            {t(p.correlation.warning ? 'pred.corr.warning' : 'pred.corr.ok', { threshold: decimal(p.correlation.threshold, 2) })}
          </p>
        </>
      )}
    </section>
  );
}

function Backtest({ report }: { report: PredictionReport }) {
  const i18n = useI18n();
  const { t, int, decimal, date } = i18n;
  const b = report.backtest;
  if (!b) {
    return (
      <p className="note" data-testid="backtest-note">
        {report.backtest_note ? backtestNoteText(i18n, report.backtest_note) : t('pred.backtest.none')}
      </p>
    );
  }
  const r = b.result;
  const verdict = r.verdict ? t(`pred.verdict.${r.verdict}` as MessageKey) : t('pred.verdict.none');
  return (
    <>
      <p className="screen-sub">{t('pred.backtest.intro', { date: date(b.calibration_end), days: b.holdout_days })}</p>
      <p
        className={`backtest-verdict verdict-${r.verdict ?? 'none'}`}
        data-testid="backtest-verdict"
        data-verdict={r.verdict ?? ''}
        title={r.summary}
      >
        {t('pred.backtest.verdict', {
          predicted: int(Math.round(r.predicted_total)),
          actual: int(r.actual_total),
          error: present(r.relative_error) ? signedPct(i18n, r.relative_error) : '—',
          verdict,
        })}
      </p>
      <p className="note">{t('pred.backtest.scale')}</p>
      <Reasons label="pred.unreliable" reasons={r.unreliable} />
      <div className="table-scroll">
        <table className="data-table" data-testid="backtest-table">
          <thead>
            <tr>
              <th scope="col">{t('pred.bt.col.label')}</th>
              <th scope="col" className="num">{t('pred.bt.col.customers')}</th>
              <th scope="col" className="num">{t('pred.bt.col.actual')}</th>
              <th scope="col" className="num">{t('pred.bt.col.predicted')}</th>
            </tr>
          </thead>
          <tbody>
            {r.buckets.map((k) => (
              <tr key={k.label} data-testid="backtest-bucket">
                <th scope="row">{k.label}</th>
                <td className="num">{int(k.customers)}</td>
                <td className="num">{decimal(k.actual_mean, 2)}</td>
                <td className="num">{decimal(k.predicted_mean, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Report({ report }: { report: PredictionReport }) {
  const i18n = useI18n();
  const { t, int, pct, moneyMajor } = i18n;
  const { openExport } = useShell();
  const p = report.predictions;
  const c = p.config;
  const bands = p.totals.churn_bands;
  const kpis: { id: string; label: string; value: string; raw: number | null; hint?: string }[] = [
    { id: 'pred-customers', label: t('pred.kpi.customers'), value: int(p.customers), raw: p.customers },
    { id: 'pred-repeat', label: t('pred.kpi.repeat'), value: int(p.repeat_customers), raw: p.repeat_customers },
    {
      id: 'pred-expected',
      label: t('pred.kpi.expected', { days: c.horizon_days }),
      value: present(p.totals.expected_purchases) ? int(Math.round(p.totals.expected_purchases)) : '—',
      raw: p.totals.expected_purchases,
    },
    {
      id: 'pred-clv',
      label: t('pred.kpi.clv', { months: c.clv_months }),
      value: present(p.totals.clv) ? moneyMajor(p.totals.clv, report.currency, 0) : '—',
      raw: p.totals.clv,
    },
    {
      id: 'pred-high-risk',
      label: t('pred.kpi.highRisk'),
      value: int(bands.high),
      raw: bands.high,
      hint: t('pred.kpi.highRisk.hint', { high: pct(c.churn_bands.high_from, 0) }),
    },
  ];
  const hasClv = report.clv_deciles.length >= 9;

  return (
    <>
      <div className="kpi-grid">
        {kpis.map((k) => (
          <section key={k.id} className="kpi-card" data-testid={k.id} data-value={k.raw ?? ''} aria-label={k.label} title={k.hint}>
            <h3 className="kpi-label">{k.label}</h3>
            <p className="kpi-value">{k.value}</p>
          </section>
        ))}
      </div>

      <section className="panel" aria-labelledby="pred-method">
        <h3 className="panel-title" id="pred-method">
          {t('pred.method.label')}
        </h3>
        <p>
          <span className={`method-badge method-${p.churn_method}`} data-testid="pred-method" data-method={p.churn_method}>
            {t(p.churn_method === 'model' ? 'pred.method.model' : 'pred.method.heuristic')}
          </span>{' '}
          <span className="method-badge method-value">{t(`pred.value.${p.value_method}` as MessageKey)}</span>
        </p>
        {p.notes.length > 0 && (
          <div className="notice" data-testid="pred-notes">
            <p className="strong">{t('pred.notes')}</p>
            {p.notes.map((n, i) => (
              <p key={i} data-testid="pred-note" data-code={n.code}>
                {noteText(i18n, n)}
              </p>
            ))}
          </div>
        )}
        <Reasons label="pred.unreliable" reasons={p.unreliable} />
        <Reasons label="pred.churnUnreliable" reasons={p.churn_unreliable} />
        <Reasons label="pred.valueUnreliable" reasons={p.value_unreliable} />
      </section>

      <div className="two-col">
        <section className="panel chart-panel">
          <div className="panel-head">
            <h3 className="panel-title">{t('pred.risk')}</h3>
            <InsightChartSave kind="churn-risk" />
          </div>
          <InsightChart kind="churn-risk" title={t('pred.risk')} aspect={0.55} />
          <p className="band-counts" data-testid="pred-bands">
            {(['low', 'medium', 'high'] as const).map((b) => (
              <span key={b} className={`band band-${b}`} data-testid={`pred-band-${b}`} data-value={bands[b]}>
                {t(`c360.band.${b}` as MessageKey)}: {int(bands[b])}
              </span>
            ))}
          </p>
          <p className="note">
            {t('pred.bands', { medium: pct(c.churn_bands.medium_from, 0), high: pct(c.churn_bands.high_from, 0) })}
          </p>
        </section>
        <ModelParams report={report} />
      </div>

      <section className="panel chart-panel" aria-labelledby="pred-backtest">
        <div className="panel-head">
          <h3 className="panel-title" id="pred-backtest">
            {t('pred.backtest')}
          </h3>
          {report.backtest && <InsightChartSave kind="backtest" />}
        </div>
        <div className="two-col">
          <div>{report.backtest && <InsightChart kind="backtest" title={t('pred.backtest')} aspect={0.55} />}</div>
          <div>
            <Backtest report={report} />
          </div>
        </div>
      </section>

      <section className="panel" aria-labelledby="pred-at-risk">
        <div className="panel-head">
          <h3 className="panel-title" id="pred-at-risk">
            {t('pred.atRisk')}
          </h3>
          <button
            type="button"
            className="button button-small button-primary"
            data-testid="pred-export-at-risk"
            onClick={() => openExport(atRiskPreset(report))}
          >
            {t('pred.exportAtRisk')}
          </button>
        </div>
        <p className="screen-sub" data-testid="pred-at-risk-total" data-value={report.valuable_at_risk_total}>
          {t('pred.atRisk.note', { shown: report.valuable_at_risk.length, total: report.valuable_at_risk_total })}
        </p>
        <CustomerList rows={report.valuable_at_risk} report={report} testId="pred-at-risk" />
      </section>

      <section className="panel" aria-labelledby="pred-top-clv">
        <div className="panel-head">
          <h3 className="panel-title" id="pred-top-clv">
            {t('pred.topClv')}
          </h3>
          {hasClv && (
            <button
              type="button"
              className="button button-small"
              data-testid="pred-export-top-clv"
              onClick={() => openExport(topClvPreset(report))}
            >
              {t('pred.exportTopClv')}
            </button>
          )}
        </div>
        <p className="screen-sub">{t('pred.topClv.note', { shown: report.top_clv.length, months: c.clv_months })}</p>
        <CustomerList rows={report.top_clv} report={report} testId="pred-top-clv" />
        {hasClv && (
          <p className="note">
            {t('pred.export.note', { clv: moneyMajor(clvFloor(report.clv_deciles[7]) ?? 0, report.currency, 0) })}
          </p>
        )}
      </section>
    </>
  );
}

export function PredictionsScreen() {
  const { t, date } = useI18n();
  const { view } = useShell();
  const loaded = useAnalysisResult('predictions', (backend, id) => backend.predictionReport(id));

  return (
    <div className="screen" data-testid="screen-predictions" data-state={loaded.state}>
      <div className="screen-head">
        <h2 className="screen-title">{t('nav.predictions')}</h2>
      </div>
      {loaded.state === 'loading' && <Spinner label={t('pred.loading')} testId="pred-loading" />}
      {loaded.state === 'error' && (
        <p className="inline-error" role="alert" data-testid="pred-error">
          {t('pred.error')} {loaded.message}
        </p>
      )}
      {loaded.state === 'ready' &&
        (loaded.value === null ? (
          <p className="empty" data-testid="pred-empty">
            {t('pred.empty')}
          </p>
        ) : (
          <>
            <p className="screen-sub">{t('pred.intro', { date: date(loaded.value.as_of || view.analysis.as_of.date) })}</p>
            <Report report={loaded.value} />
          </>
        ))}
    </div>
  );
}
