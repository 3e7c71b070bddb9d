import type { ImportReport } from '../ipc/bindings';
import { useI18n } from '../i18n';

export function ImportReportPanel({
  report,
  onDismiss,
  onOpen,
}: {
  report: ImportReport;
  onDismiss(): void;
  /** Shows the imported store's dashboard. */
  onOpen?(): void;
}) {
  const { t, decimal } = useI18n();
  return (
    <section className="panel report-panel" data-testid="import-report" role="status">
      <div className="panel-head">
        <h2 className="panel-title">{t('report.title', { store: report.store_name })}</h2>
        <button type="button" className="link-button" onClick={onDismiss}>
          {t('report.dismiss')}
        </button>
      </div>
      <p>
        {t('report.summary', {
          rows: report.rows_read,
          file: report.file,
          new: report.orders_new,
          updated: report.orders_updated,
          unchanged: report.orders_unchanged,
          returns: report.returns,
          customers: report.customers,
        })}{' '}
        {report.skipped_rows > 0 && <>{t('report.skipped', { skipped: report.skipped_rows })} </>}
        {t('report.time', { seconds: decimal(report.seconds, 1) })}
      </p>
      {onOpen && (
        <p className="report-actions">
          <button type="button" className="button button-primary" data-testid="report-open-dashboard" onClick={onOpen}>
            {t('report.openDashboard')}
          </button>
        </p>
      )}
    </section>
  );
}
