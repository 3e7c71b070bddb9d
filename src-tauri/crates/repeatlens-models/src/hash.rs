//! A small fixed hash for the integer keys of grouping and counting loops.
//!
//! Why not the standard `HashMap` hasher: SipHash is built to resist adversarial keys, which costs
//! several times more per lookup than these loops (one lookup per customer or per pair) can
//! afford; the keys here are our own integers. A fixed hash also keeps runs identical (results
//! never depend on iteration order anyway: every output is sorted).

use std::collections::HashMap;

/// A fast, fixed (so deterministic) hash for integer keys: rustc's FxHash step, finished with
/// MurmurHash3's `fmix64` so keys whose low bits are all zero (the bit patterns of whole-number
/// floats) still spread over the table's buckets.
#[derive(Default)]
pub(crate) struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;
