-- App settings (language, analysis parameters per store) as JSON values by key, so a seller's
-- choices travel with the database file.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                        -- JSON
) WITHOUT ROWID;
