// Segment migration: how customers moved between R×F segments from one saved snapshot date to
// another (snapshots are saved on request, for the analysis date).
import { useEffect, useState } from 'react';
import { describeError } from '../backend';
import { useI18n } from '../i18n';
import { segmentName } from '../i18n/labels';
import type { Migration, Segment } from '../ipc/bindings';
import { useShell } from '../shell';

const NONE = '(none)';

export function SegmentMigration() {
  const { t, int, date } = useI18n();
  const { backend, view } = useShell();
  const [dates, setDates] = useState<string[] | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [migration, setMigration] = useState<Migration | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const pick = (list: string[]) => {
    setDates(list);
    if (list.length >= 2) {
      setFrom(list[list.length - 2]);
      setTo(list[list.length - 1]);
    }
  };

  useEffect(() => {
    let live = true;
    backend
      .snapshotDates(view.store_id)
      .then((d) => live && pick(d))
      .catch((e: unknown) => live && setError(describeError(e, t)));
    return () => {
      live = false;
    };
  }, [backend, view]);

  useEffect(() => {
    if (!from || !to || from === to) {
      setMigration(null);
      return;
    }
    let live = true;
    backend
      .segmentMigration(view.store_id, from, to)
      .then((m) => live && setMigration(m))
      .catch((e: unknown) => live && setError(describeError(e, t)));
    return () => {
      live = false;
    };
  }, [backend, from, to, view.store_id]);

  const save = () => {
    setSaving(true);
    setError(null);
    backend
      .saveSnapshot(view.analysis_id)
      .then(() => backend.snapshotDates(view.store_id))
      .then(pick)
      .catch((e: unknown) => setError(describeError(e, t)))
      .finally(() => setSaving(false));
  };

  const label = (s: string) => (s === NONE ? t('mig.none') : segmentName(t, s as Segment));
  const cells = migration?.segment.cells ?? [];
  const rows = [...new Set(cells.map((c) => c.from))];
  const cols = [...new Set(cells.map((c) => c.to))];
  const count = (f: string, c: string) => cells.find((x) => x.from === f && x.to === c)?.customers ?? 0;

  return (
    <section className="panel" aria-labelledby="mig-title" data-testid="segment-migration">
      <div className="panel-head">
        <h3 className="panel-title" id="mig-title">
          {t('mig.title')}
        </h3>
        <button type="button" className="button" data-testid="snapshot-save" disabled={saving} onClick={save}>
          {t('mig.save', { date: date(view.analysis.as_of.date) })}
        </button>
      </div>
      {error && <p className="note note-error">{error}</p>}
      {dates !== null && dates.length < 2 && (
        <p className="note" data-testid="mig-need-two">
          {t('mig.needTwo', { count: int(dates.length) })}
        </p>
      )}
      {dates !== null && dates.length >= 2 && (
        <div className="mig-controls">
          <label>
            {t('mig.from')}{' '}
            <select value={from} data-testid="mig-from" onChange={(e) => setFrom(e.target.value)}>
              {dates.map((d) => (
                <option key={d} value={d}>
                  {date(d)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('mig.to')}{' '}
            <select value={to} data-testid="mig-to" onChange={(e) => setTo(e.target.value)}>
              {dates.map((d) => (
                <option key={d} value={d}>
                  {date(d)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {migration && (
        <>
          <p className="note" data-testid="mig-summary" data-changed={migration.segment.changed}>
            {t('mig.summary', {
              changed: int(migration.segment.changed),
              unchanged: int(migration.segment.unchanged),
            })}
          </p>
          <div className="table-scroll">
            <table className="data-table mig-table" data-testid="mig-matrix">
              <thead>
                <tr>
                  <th scope="col">{t('mig.corner')}</th>
                  {cols.map((c) => (
                    <th key={c} scope="col" className="num">
                      {label(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((f) => (
                  <tr key={f}>
                    <th scope="row">{label(f)}</th>
                    {cols.map((c) => {
                      const n = count(f, c);
                      return (
                        <td key={c} className={f === c ? 'num mig-same' : 'num'}>
                          {n === 0 ? '' : int(n)}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
