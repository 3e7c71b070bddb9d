import { useEffect, useMemo, useRef, useState } from 'react';
import { Chart, ChartSave } from '../components/Chart';
import { useI18n } from '../i18n';
import type { ChurnRule } from '../ipc/bindings';
import { useShell } from '../shell';
import { present } from './common';
import { dimensionName, findingSentence, groupName, topFindings } from './churnFindings';

/** The automatic rule: the 90th percentile of all gaps between purchases, at least 30 days. */
export const AUTO_CHURN: ChurnRule = { rule: 'percentile', percentile: 0.9, floor_days: 30 };

/** Days typed in the fixed-threshold box are applied after this pause. */
const TYPING_PAUSE_MS = 500;

function validDays(text: string): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : null;
}

/** Automatic (p90) or fixed-days churn threshold; every change re-analyses. */
export function ChurnThreshold() {
  const { t } = useI18n();
  const { view, settings, updateParams } = useShell();
  const rule = settings.params.churn;
  const [days, setDays] = useState(() =>
    String(rule.rule === 'fixed' ? rule.days : Math.round(view.analysis.churn.threshold_days)),
  );
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const applyFixed = (text: string) => {
    const n = validDays(text);
    if (n === null) return;
    if (rule.rule === 'fixed' && rule.days === n) return;
    updateParams({ churn: { rule: 'fixed', days: n } });
  };

  return (
    <fieldset className="threshold" data-testid="churn-threshold">
      <legend>{t('churn.threshold')}</legend>
      <label className="radio">
        <input
          type="radio"
          name="churn-rule"
          data-testid="churn-auto"
          checked={rule.rule === 'percentile'}
          onChange={() => updateParams({ churn: AUTO_CHURN })}
        />
        {t('churn.auto')}
      </label>
      <label className="radio">
        <input
          type="radio"
          name="churn-rule"
          data-testid="churn-fixed"
          checked={rule.rule === 'fixed'}
          onChange={() => applyFixed(days)}
        />
        {t('churn.fixed')}
        <input
          type="number"
          min={1}
          max={3650}
          step={1}
          className="days-input"
          data-testid="churn-days"
          value={days}
          aria-label={t('churn.days')}
          aria-invalid={validDays(days) === null}
          onChange={(e) => {
            const text = e.target.value;
            setDays(text);
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(() => applyFixed(text), TYPING_PAUSE_MS);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              if (timer.current) clearTimeout(timer.current);
              applyFixed(days);
            }
          }}
        />
        {t('churn.daysUnit')}
      </label>
    </fieldset>
  );
}

export function ChurnScreen() {
  const i18n = useI18n();
  const { t, int, pct, decimal } = i18n;
  const { view, settings } = useShell();
  const a = view.analysis;
  const churn = a.churn;
  const rule = settings.params.churn;
  const ruleText =
    rule.rule === 'fixed'
      ? t('churn.rule.fixed', { days: rule.days })
      : t('churn.rule.percentile', { percentile: Math.round(rule.percentile * 100), floor: rule.floor_days });
  const km = a.time_to_second_purchase;
  const findings = useMemo(() => topFindings(churn.breakdown), [churn.breakdown]);
  const breakdown = useMemo(
    () => [...churn.breakdown].sort((x, y) => (y.lift ?? -1) - (x.lift ?? -1) || x.dimension.localeCompare(y.dimension)),
    [churn.breakdown],
  );

  return (
    <div className="screen" data-testid="screen-churn">
      <div className="screen-head">
        <h2 className="screen-title">{t('nav.churn')}</h2>
      </div>
      <div className="two-col">
        <section className="panel">
          <ChurnThreshold />
          <p className="big-figure" data-testid="churn-rate" data-value={churn.rate ?? ''}>
            {present(churn.rate) ? pct(churn.rate) : '—'}
          </p>
          <p className="screen-sub" data-testid="churn-summary" data-threshold={churn.threshold_days}>
            {t('churn.summary', {
              churned: churn.churned,
              customers: churn.customers,
              days: decimal(churn.threshold_days, 0),
            })}
          </p>
          <p className="note" data-testid="churn-rule" title={a.lifecycle.churn_threshold_rule}>
            {t('churn.rule', { rule: ruleText })}
          </p>
        </section>
        <section className="panel" aria-labelledby="findings-title">
          <h3 className="panel-title" id="findings-title">
            {t('churn.findings')}
          </h3>
          {findings.length > 0 ? (
            <ul className="findings" data-testid="churn-findings">
              {findings.map((g) => (
                <li key={`${g.dimension}|${g.group}`} data-testid="churn-finding" data-dimension={g.dimension} data-group={g.group}>
                  {findingSentence(i18n, g)}
                  <span className="finding-meta">
                    {t('churn.findingMeta', { customers: g.customers, rate: pct(g.churn_rate) })}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="note">{t('churn.noFindings')}</p>
          )}
        </section>
      </div>
      <div className="chart-grid">
        <section className="panel chart-panel">
          <div className="panel-head">
            <h3 className="panel-title">{t('chart.churnTrend')}</h3>
            <ChartSave kind="churn-trend" />
          </div>
          <Chart kind="churn-trend" title={t('chart.churnTrend')} />
        </section>
        <section className="panel chart-panel">
          <div className="panel-head">
            <h3 className="panel-title">{t('chart.km')}</h3>
            <ChartSave kind="km" />
          </div>
          <Chart kind="km" title={t('chart.km')} />
          <p className="note" data-testid="km-summary">
            {present(km.median_days)
              ? t('churn.km.median', { days: km.median_days, second: km.second_purchases, customers: km.customers })
              : t('churn.km.noMedian', { second: km.second_purchases, customers: km.customers })}
          </p>
          {km.latency.length > 0 && (
            <p className="note">
              {km.latency
                .filter((l) => present(l.median_days))
                .map((l) =>
                  t('churn.latency', { from: l.from_purchase, to: l.to_purchase, days: decimal(l.median_days as number, 0) }),
                )
                .join(' · ')}
            </p>
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="breakdown-title">
        <h3 className="panel-title" id="breakdown-title">
          {t('churn.breakdown')}
        </h3>
        <p className="screen-sub">{t('churn.breakdown.intro', { min: churn.min_group })}</p>
        <div className="table-scroll">
          <table className="data-table" data-testid="churn-breakdown">
            <thead>
              <tr>
                <th scope="col">{t('churn.col.dimension')}</th>
                <th scope="col">{t('churn.col.group')}</th>
                <th scope="col" className="num">{t('churn.col.customers')}</th>
                <th scope="col" className="num">{t('churn.col.rate')}</th>
                <th scope="col" className="num">{t('churn.col.lift')}</th>
              </tr>
            </thead>
            <tbody>
              {breakdown.map((g) => (
                <tr key={`${g.dimension}|${g.group}`} data-testid="breakdown-row" data-lift={g.lift ?? ''}>
                  <td>{dimensionName(t, g.dimension)}</td>
                  <td className="wrap">{groupName(t, g)}</td>
                  <td className="num">{int(g.customers)}</td>
                  <td className="num">{pct(g.churn_rate)}</td>
                  <td className={`num ${(g.lift ?? 1) >= 1.1 ? 'is-bad' : (g.lift ?? 1) <= 0.9 ? 'is-good' : ''}`}>
                    {present(g.lift) ? t('churn.lift', { lift: decimal(g.lift, 2) }) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
