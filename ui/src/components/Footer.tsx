import type { AppInfo } from '../ipc/bindings';
import { useI18n } from '../i18n';

export function Footer({ info, preview }: { info: AppInfo | null; preview: boolean }) {
  const { t } = useI18n();
  return (
    <footer className="footer">
      {preview && <p className="preview-note">{t('footer.preview')}</p>}
      {info && (
        <>
          <p className="credit" data-testid="sample-credit">
            {info.sample_credit}
          </p>
          <p className="meta">
            <span data-testid="app-version">{t('footer.version', { version: info.version })}</span>
            <span className="sep" aria-hidden="true">·</span>
            <span className="db-path" data-testid="db-path" title={info.db_path}>
              {t('footer.database', { path: info.db_path })}
            </span>
          </p>
        </>
      )}
    </footer>
  );
}
