//! Store credentials in the OS keyring: macOS Keychain, Windows Credential Manager, the Secret
//! Service (GNOME Keyring, KWallet) on Linux.
//!
//! Why only there: the database is a file a seller copies, backs up and sends to support; a
//! token in it (or in its WAL) would travel with it. The database keeps the entry's name
//! ([`credential_ref`]); the secret is read when a run starts and kept in memory only. There is
//! deliberately no file or environment-variable fallback: without a keyring, linking fails with
//! a clear [`SyncError::Keyring`].

use crate::SyncError;

/// The keyring service every RepeatLens entry is filed under.
pub const SERVICE: &str = "app.repeatlens";

/// The keyring account name of a store's credentials: platform and platform identity (never
/// a secret).
pub fn credential_ref(platform: &str, external_id: &str) -> String {
    format!("{platform}:{external_id}")
}

/// Where secrets are kept. [`OsKeyring`] in the app, the CLI and the tests; an in-memory map
/// only in this crate's unit tests.
pub trait SecretStore: Send + Sync {
    /// Saves (or replaces) the secret of `account`.
    fn set(&self, account: &str, secret: &str) -> Result<(), SyncError>;
    /// Reads the secret of `account`.
    fn get(&self, account: &str) -> Result<String, SyncError>;
    /// Deletes the secret of `account`; a missing entry is not an error.
    fn delete(&self, account: &str) -> Result<(), SyncError>;
}

/// The operating system's keyring, through the `keyring` crate.
#[derive(Debug, Clone)]
pub struct OsKeyring {
    service: String,
}

impl Default for OsKeyring {
    fn default() -> OsKeyring {
        OsKeyring {
            service: SERVICE.to_string(),
        }
    }
}

impl OsKeyring {
    /// Entries under a service name of one's own (tests keep theirs apart from a real profile's).
    pub fn with_service(service: &str) -> OsKeyring {
        OsKeyring {
            service: service.to_string(),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, SyncError> {
        keyring::Entry::new(&self.service, account).map_err(|e| keyring_error(account, e))
    }
}

fn keyring_error(account: &str, e: keyring::Error) -> SyncError {
    let why = match e {
        keyring::Error::NoEntry => "no saved credentials: link the store again".to_string(),
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => format!(
            "the keyring is not available ({e}); on Linux a Secret Service such as GNOME \
             Keyring must be running and unlocked"
        ),
        other => other.to_string(),
    };
    SyncError::Keyring(format!("{account}: {why}"))
}

impl SecretStore for OsKeyring {
    fn set(&self, account: &str, secret: &str) -> Result<(), SyncError> {
        self.entry(account)?
            .set_password(secret)
            .map_err(|e| keyring_error(account, e))
    }

    fn get(&self, account: &str) -> Result<String, SyncError> {
        self.entry(account)?
            .get_password()
            .map_err(|e| keyring_error(account, e))
    }

    fn delete(&self, account: &str) -> Result<(), SyncError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(account, e)),
        }
    }
}

/// Secrets in a map: for this crate's unit tests only (the rest of the product uses the OS
/// keyring, in tests too).
#[cfg(test)]
#[derive(Default)]
pub(crate) struct MemorySecrets(std::sync::Mutex<std::collections::HashMap<String, String>>);

#[cfg(test)]
impl SecretStore for MemorySecrets {
    fn set(&self, account: &str, secret: &str) -> Result<(), SyncError> {
        self.0.lock().unwrap().insert(account.into(), secret.into());
        Ok(())
    }
    fn get(&self, account: &str) -> Result<String, SyncError> {
        self.0
            .lock()
            .unwrap()
            .get(account)
            .cloned()
            .ok_or_else(|| SyncError::Keyring(format!("{account}: no saved credentials")))
    }
    fn delete(&self, account: &str) -> Result<(), SyncError> {
        self.0.lock().unwrap().remove(account);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_the_store_not_the_secret() {
        assert_eq!(
            credential_ref("woocommerce", "https://shop.example"),
            "woocommerce:https://shop.example"
        );
        let m = MemorySecrets::default();
        m.set("a", "s3cret").unwrap();
        assert_eq!(m.get("a").unwrap(), "s3cret");
        m.delete("a").unwrap();
        m.delete("a").unwrap();
        assert!(matches!(m.get("a"), Err(SyncError::Keyring(_))));
    }
}
