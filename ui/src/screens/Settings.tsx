import { useEffect, useMemo, useState } from 'react';
import type { Backend } from '../backend';
import { REPORTING_CURRENCIES } from '../components/TopBar';
import { useI18n, type Locale } from '../i18n';
import type { AnalysisSettings, AnalysisView, AppInfo, AppSettings, StoreSummary } from '../ipc/bindings';
import { DEFAULT_SYNC_INTERVAL_MINUTES, SYNC_INTERVAL_CHOICES } from '../sync';
import { AUTO_CHURN } from './Churn';

interface Props {
  backend: Backend;
  info: AppInfo | null;
  store: StoreSummary | null;
  settings: AnalysisSettings | null;
  view: AnalysisView | null;
  appSettings: AppSettings;
  onAppSettings(next: AppSettings): void;
  onApply(next: AnalysisSettings): void;
  onDelete(storeId: number): Promise<void>;
}

type LanguageChoice = Locale | 'system';

/** The analysis settings as typed in the form (percentages and days as text). */
interface Draft {
  currency: string;
  asOf: string;
  eightClass: 'mean' | 'median';
  churnAuto: boolean;
  churnDays: string;
  topPct: string;
  middlePct: string;
  overduePct: string;
}

function draftOf(s: AnalysisSettings, view: AnalysisView | null): Draft {
  const p = s.params;
  return {
    currency: s.reporting_currency ?? '',
    asOf: p.as_of ?? '',
    eightClass: p.eight_class.mode === 'median' ? 'median' : 'mean',
    churnAuto: p.churn.rule === 'percentile',
    churnDays: String(p.churn.rule === 'fixed' ? p.churn.days : Math.round(view?.analysis.churn.threshold_days ?? 90)),
    topPct: String(Math.round(p.tier_top_share * 1000) / 10),
    middlePct: String(Math.round(p.tier_middle_share * 1000) / 10),
    overduePct: String(Math.round(p.overdue_share * 1000) / 10),
  };
}

const num = (text: string) => (text.trim() === '' ? NaN : Number(text));

/** The settings of a draft, or the message key of the first problem. */
function settingsOf(d: Draft, base: AnalysisSettings): AnalysisSettings | { problem: 'top' | 'middle' | 'shares' | 'overdue' | 'days' } {
  const top = num(d.topPct);
  const middle = num(d.middlePct);
  const overdue = num(d.overduePct);
  const days = num(d.churnDays);
  if (!(top > 0 && top < 100)) return { problem: 'top' };
  if (!(middle >= 0 && middle < 100)) return { problem: 'middle' };
  if (top + middle > 100) return { problem: 'shares' };
  if (!(overdue >= 0 && overdue <= 1000)) return { problem: 'overdue' };
  if (!d.churnAuto && !(Number.isInteger(days) && days >= 1 && days <= 3650)) return { problem: 'days' };
  const churn =
    d.churnAuto
      ? base.params.churn.rule === 'percentile'
        ? base.params.churn
        : AUTO_CHURN
      : { rule: 'fixed' as const, days };
  return {
    reporting_currency: d.currency === '' ? null : d.currency,
    params: {
      ...base.params,
      as_of: d.asOf === '' ? null : d.asOf,
      eight_class: base.params.eight_class.mode === d.eightClass ? base.params.eight_class : { mode: d.eightClass },
      churn,
      tier_top_share: top / 100,
      tier_middle_share: middle / 100,
      overdue_share: overdue / 100,
    },
  };
}

export function SettingsScreen({ info, store, settings, view, appSettings, onAppSettings, onApply, onDelete }: Props) {
  const { t, setLocale, followSystem, date } = useI18n();
  const [draft, setDraft] = useState<Draft | null>(settings ? draftOf(settings, view) : null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);

  // A new store or applied settings reset the form.
  useEffect(() => {
    setDraft(settings ? draftOf(settings, view) : null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the settings themselves change
  }, [settings]);

  const result = useMemo(() => (draft && settings ? settingsOf(draft, settings) : null), [draft, settings]);
  const valid = result !== null && !('problem' in result);
  const changed = valid && JSON.stringify(result) !== JSON.stringify(settings);
  const language: LanguageChoice = appSettings.language === 'en' || appSettings.language === 'zh-CN' ? appSettings.language : 'system';

  const chooseLanguage = (choice: LanguageChoice) => {
    if (choice === 'system') followSystem();
    else setLocale(choice);
    onAppSettings({ ...appSettings, language: choice === 'system' ? null : choice });
  };

  const interval = appSettings.sync_interval_minutes ?? DEFAULT_SYNC_INTERVAL_MINUTES;
  const intervals: number[] = (SYNC_INTERVAL_CHOICES as readonly number[]).includes(interval)
    ? [...SYNC_INTERVAL_CHOICES]
    : [...SYNC_INTERVAL_CHOICES, interval].sort((a, b) => a - b);
  const intervalLabel = (minutes: number) =>
    minutes === 0
      ? t('settings.sync.off')
      : minutes % 60 === 0
        ? minutes === 60
          ? t('settings.sync.hour')
          : t('settings.sync.hours', { hours: minutes / 60 })
        : t('settings.sync.minutes', { minutes });

  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));

  return (
    <div className="screen" data-testid="screen-settings">
      <div className="screen-head">
        <h2 className="screen-title">{t('nav.settings')}</h2>
      </div>

      <section className="panel" aria-labelledby="settings-lang">
        <h3 className="panel-title" id="settings-lang">
          {t('settings.language')}
        </h3>
        <div className="radio-row">
          {(
            [
              ['en', 'settings-lang-en', 'English'],
              ['zh-CN', 'settings-lang-zh', '简体中文'],
              ['system', 'settings-lang-system', t('settings.language.system')],
            ] as const
          ).map(([value, testId, label]) => (
            <label className="radio" key={value}>
              <input
                type="radio"
                name="settings-language"
                data-testid={testId}
                checked={language === value}
                onChange={() => chooseLanguage(value)}
              />
              {label}
            </label>
          ))}
        </div>
      </section>

      <section className="panel" aria-labelledby="settings-sync">
        <h3 className="panel-title" id="settings-sync">
          {t('settings.sync')}
        </h3>
        <label className="field">
          <span className="field-label">{t('settings.sync.interval')}</span>
          <select
            className="sync-interval"
            data-testid="settings-sync-interval"
            value={String(interval)}
            onChange={(e) => onAppSettings({ ...appSettings, sync_interval_minutes: Number(e.target.value) })}
          >
            {intervals.map((m) => (
              <option key={m} value={String(m)}>
                {intervalLabel(m)}
              </option>
            ))}
          </select>
        </label>
        <p className="note">{t('settings.sync.note')}</p>
      </section>

      {store && (
        <section className="panel" aria-labelledby="settings-analysis">
          <h3 className="panel-title" id="settings-analysis">
            {t('settings.analysis', { store: store.name })}
          </h3>
          {!draft ? (
            <p className="note">{t('analysis.running')}</p>
          ) : (
            <form
              className="settings-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (result && !('problem' in result) && changed) onApply(result);
              }}
            >
              <label className="field">
                <span className="field-label">{t('top.currency')}</span>
                <select data-testid="settings-currency" value={draft.currency} onChange={(e) => set({ currency: e.target.value })}>
                  <option value="">{t('top.currency.store', { currency: store.currency })}</option>
                  {REPORTING_CURRENCIES.filter((c) => c !== store.currency).map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
              <div className="field">
                <span className="field-label">{t('top.asOf')}</span>
                <div className="radio-row">
                  <label className="radio">
                    <input type="radio" name="as-of" data-testid="settings-asof-auto" checked={draft.asOf === ''} onChange={() => set({ asOf: '' })} />
                    {t('settings.asOf.auto')}
                  </label>
                  <label className="radio">
                    <input
                      type="radio"
                      name="as-of"
                      checked={draft.asOf !== ''}
                      onChange={() => set({ asOf: view?.analysis.as_of.date ?? '' })}
                    />
                    {t('settings.asOf.fixed')}
                    <input type="date" data-testid="settings-asof" value={draft.asOf} onChange={(e) => set({ asOf: e.target.value })} />
                  </label>
                </div>
                {view && <p className="note">{t('settings.asOf.current', { date: date(view.analysis.as_of.date) })}</p>}
              </div>
              <div className="field">
                <span className="field-label">{t('settings.eightClass')}</span>
                <div className="radio-row">
                  {(['mean', 'median'] as const).map((m) => (
                    <label className="radio" key={m}>
                      <input
                        type="radio"
                        name="eight-class"
                        data-testid={`settings-8-${m}`}
                        checked={draft.eightClass === m}
                        onChange={() => set({ eightClass: m })}
                      />
                      {t(m === 'mean' ? 'settings.eightClass.mean' : 'settings.eightClass.median')}
                    </label>
                  ))}
                </div>
              </div>
              <div className="field">
                <span className="field-label">{t('churn.threshold')}</span>
                <div className="radio-row">
                  <label className="radio">
                    <input type="radio" name="churn" data-testid="settings-churn-auto" checked={draft.churnAuto} onChange={() => set({ churnAuto: true })} />
                    {t('churn.auto')}
                  </label>
                  <label className="radio">
                    <input type="radio" name="churn" data-testid="settings-churn-fixed" checked={!draft.churnAuto} onChange={() => set({ churnAuto: false })} />
                    {t('churn.fixed')}
                    <input
                      type="number"
                      className="days-input"
                      data-testid="settings-churn-days"
                      min={1}
                      max={3650}
                      value={draft.churnDays}
                      disabled={draft.churnAuto}
                      onChange={(e) => set({ churnDays: e.target.value })}
                    />
                    {t('churn.daysUnit')}
                  </label>
                </div>
              </div>
              <div className="field-row">
                <label className="field">
                  <span className="field-label">{t('settings.tierTop')}</span>
                  <span className="input-unit">
                    <input type="number" data-testid="settings-tier-top" min={1} max={99} step="any" value={draft.topPct} onChange={(e) => set({ topPct: e.target.value })} />
                    %
                  </span>
                </label>
                <label className="field">
                  <span className="field-label">{t('settings.tierMiddle')}</span>
                  <span className="input-unit">
                    <input type="number" data-testid="settings-tier-middle" min={0} max={99} step="any" value={draft.middlePct} onChange={(e) => set({ middlePct: e.target.value })} />
                    %
                  </span>
                </label>
                <label className="field">
                  <span className="field-label">{t('settings.overdue')}</span>
                  <span className="input-unit">
                    <input type="number" data-testid="settings-overdue" min={0} max={1000} step="any" value={draft.overduePct} onChange={(e) => set({ overduePct: e.target.value })} />
                    %
                  </span>
                </label>
              </div>
              <p className="note">{t('settings.sharesNote')}</p>
              {result && 'problem' in result && (
                <p className="inline-error" role="alert" data-testid="settings-problem">
                  {t(`settings.problem.${result.problem}`)}
                </p>
              )}
              <div className="form-actions">
                <button type="submit" className="button button-primary" data-testid="settings-apply" disabled={!changed}>
                  {t('settings.apply')}
                </button>
                <button type="button" className="button" disabled={!changed} onClick={() => settings && setDraft(draftOf(settings, view))}>
                  {t('settings.revert')}
                </button>
              </div>
            </form>
          )}
        </section>
      )}

      <section className="panel" aria-labelledby="settings-data">
        <h3 className="panel-title" id="settings-data">
          {t('settings.data')}
        </h3>
        <p className="note">{t('settings.data.note')}</p>
        <p className="db-path" data-testid="settings-db-path">
          {info?.db_path ?? '—'}
        </p>
        {store && (
          <div className="danger-zone">
            {!confirming ? (
              <button type="button" className="button button-danger" data-testid="settings-delete" onClick={() => setConfirming(true)}>
                {t('settings.delete', { store: store.name })}
              </button>
            ) : (
              <div className="confirm" role="alertdialog" aria-labelledby="delete-question">
                <p id="delete-question">{t('settings.delete.confirm', { store: store.name, orders: store.orders, customers: store.customers })}</p>
                <div className="form-actions">
                  <button
                    type="button"
                    className="button button-danger"
                    data-testid="settings-delete-confirm"
                    disabled={deleting}
                    onClick={async () => {
                      setDeleting(true);
                      try {
                        await onDelete(store.id);
                      } finally {
                        setDeleting(false);
                        setConfirming(false);
                      }
                    }}
                  >
                    {t('settings.delete.yes')}
                  </button>
                  <button type="button" className="button" data-testid="settings-delete-cancel" onClick={() => setConfirming(false)}>
                    {t('settings.delete.no')}
                  </button>
                </div>
              </div>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
