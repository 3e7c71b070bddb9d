//! Unique, unguessable coupon codes: `PREFIX-7KQ9XW2M`.
//!
//! Eight characters from a 32-symbol alphabet without the look-alikes 0/O and 1/I, drawn from
//! the operating system's random generator (`getrandom`): 40 random bits per code, so a
//! customer who holds one code cannot work out another. 32 symbols are exactly 5 bits, so every
//! symbol is equally likely (no modulo bias). Codes are unique within one generator (one file):
//! a repeat, rare as it is (about 0.5 % chance somewhere in 100,000 codes), is drawn again.

use std::collections::HashSet;

use crate::ExportError;

/// The symbols of a code: digits 2–9 and A–Z without I and O.
pub const COUPON_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Random symbols per code.
pub const COUPON_RANDOM_LEN: usize = 8;
/// Longest prefix accepted.
pub const COUPON_PREFIX_MAX: usize = 20;

/// Issues codes with one prefix, never the same twice.
#[derive(Debug)]
pub struct CouponCodes {
    prefix: String,
    issued: HashSet<String>,
    pool: Vec<u8>,
    used: usize,
}

impl CouponCodes {
    /// A generator for `PREFIX-XXXXXXXX` codes. The prefix is 1–20 ASCII letters and digits,
    /// optionally split by single `-` or `_` (`VIP`, `SPRING-24`); it is upper-cased.
    pub fn new(prefix: &str) -> Result<Self, ExportError> {
        let p = prefix.trim();
        let ok = !p.is_empty()
            && p.len() <= COUPON_PREFIX_MAX
            && p.split(['-', '_'])
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !ok {
            return Err(ExportError::InvalidCouponPrefix(prefix.to_string()));
        }
        Ok(CouponCodes {
            prefix: p.to_ascii_uppercase(),
            issued: HashSet::new(),
            pool: vec![0; 4096],
            used: 4096,
        })
    }

    /// The next code, different from every code this generator issued before.
    pub fn next_code(&mut self) -> Result<String, ExportError> {
        loop {
            let mut code = String::with_capacity(self.prefix.len() + 1 + COUPON_RANDOM_LEN);
            code.push_str(&self.prefix);
            code.push('-');
            for _ in 0..COUPON_RANDOM_LEN {
                let b = self.random_byte()?;
                code.push(COUPON_ALPHABET[(b & 31) as usize] as char);
            }
            if self.issued.insert(code.clone()) {
                return Ok(code);
            }
        }
    }

    /// How many codes were issued.
    pub fn issued(&self) -> usize {
        self.issued.len()
    }

    fn random_byte(&mut self) -> Result<u8, ExportError> {
        if self.used == self.pool.len() {
            getrandom::fill(&mut self.pool).map_err(|e| ExportError::Random(e.to_string()))?;
            self.used = 0;
        }
        self.used += 1;
        Ok(self.pool[self.used - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hundred_thousand_codes_are_unique_and_well_formed() {
        let mut g = CouponCodes::new("vip").unwrap();
        let mut seen = HashSet::new();
        let mut symbol_counts = [0u32; 32];
        for _ in 0..100_000 {
            let code = g.next_code().unwrap();
            let rest = code
                .strip_prefix("VIP-")
                .expect("upper-cased prefix and a dash");
            assert_eq!(rest.len(), COUPON_RANDOM_LEN, "{code}");
            for b in rest.bytes() {
                let i = COUPON_ALPHABET.iter().position(|&a| a == b);
                let i =
                    i.unwrap_or_else(|| panic!("{code}: '{}' is not in the alphabet", b as char));
                symbol_counts[i] += 1;
            }
            assert!(seen.insert(code));
        }
        assert_eq!(g.issued(), 100_000);
        // 800,000 symbols, 25,000 expected each with a standard deviation of about 156: ±1,000
        // is more than 6 deviations, so a fair draw never fails this, a biased one does.
        for (i, n) in symbol_counts.iter().enumerate() {
            assert!(
                (24_000..=26_000).contains(n),
                "symbol {} drawn {n} times",
                COUPON_ALPHABET[i] as char
            );
        }
    }

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        for c in [b'0', b'O', b'1', b'I'] {
            assert!(!COUPON_ALPHABET.contains(&c), "{}", c as char);
        }
        let distinct: HashSet<u8> = COUPON_ALPHABET.iter().copied().collect();
        assert_eq!(distinct.len(), 32);
    }

    #[test]
    fn prefixes_are_checked() {
        for good in ["VIP", "spring-24", "A_B", "X"] {
            assert!(CouponCodes::new(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            " ",
            "-VIP",
            "VIP-",
            "A--B",
            "=1+1",
            "VIP CODE",
            "优惠",
            "ABCDEFGHIJKLMNOPQRSTU",
        ] {
            assert!(
                matches!(
                    CouponCodes::new(bad),
                    Err(ExportError::InvalidCouponPrefix(_))
                ),
                "{bad:?}"
            );
        }
    }
}
