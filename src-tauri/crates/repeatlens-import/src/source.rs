//! Reading a file into text: gzip by magic bytes, then the encoding (BOM, valid UTF-8, else
//! GB18030 — a superset of GBK, what Chinese Excel writes), then the delimiter.

use std::io::Read;
use std::path::Path;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use crate::ImportError;

/// The text of a file with how it was read.
pub struct Source {
    /// The file's name as given (or the embedded file's).
    pub file_name: String,
    /// Size in bytes before decompression.
    pub file_size: u64,
    /// Encoding the text was decoded from.
    pub encoding: &'static Encoding,
    /// The decoded text, BOM removed.
    pub text: String,
}

/// Encodings a user can name with `--encoding`.
pub fn encoding_by_name(name: &str) -> Option<&'static Encoding> {
    match name.to_ascii_lowercase().replace('_', "-").as_str() {
        "utf8" | "utf-8" | "utf-8-bom" => Some(UTF_8),
        "utf16" | "utf-16" | "utf-16le" => Some(UTF_16LE),
        "utf-16be" => Some(UTF_16BE),
        "gbk" | "gb2312" | "gb18030" | "cp936" => Some(GB18030),
        other => Encoding::for_label(other.as_bytes()),
    }
}

/// Reads `path` (gzip-compressed or not) and decodes it.
pub fn read(path: &Path, forced: Option<&'static Encoding>) -> Result<Source, ImportError> {
    let file_name = path.display().to_string();
    let io = |source| ImportError::Io {
        file: file_name.clone(),
        source,
    };
    let raw = std::fs::read(path).map_err(io)?;
    from_bytes(&file_name, &raw, forced)
}

/// Decodes bytes: a forced encoding wins; else a BOM decides; else UTF-8 if valid; else GB18030.
pub fn decode(
    file: &str,
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> Result<(&'static Encoding, String), ImportError> {
    let (bom_encoding, bom_len) = match Encoding::for_bom(&bytes) {
        Some((e, n)) => (Some(e), n),
        None => (None, 0),
    };
    let encoding = forced.or(bom_encoding).unwrap_or(UTF_8);
    let skip = if Some(encoding) == bom_encoding {
        bom_len
    } else {
        0
    };
    if encoding == UTF_8 {
        match String::from_utf8(bytes) {
            Ok(mut s) => {
                if skip > 0 {
                    s.drain(..skip);
                }
                return Ok((UTF_8, s));
            }
            Err(e) if forced.is_some() => {
                let offset = e.utf8_error().valid_up_to();
                return Err(ImportError::Decode {
                    file: file.to_string(),
                    encoding: "UTF-8".into(),
                    offset: Some(offset as u64),
                });
            }
            Err(e) => return decode_with(file, GB18030, &e.into_bytes(), 0),
        }
    }
    decode_with(file, encoding, &bytes, skip)
}

fn decode_with(
    file: &str,
    encoding: &'static Encoding,
    bytes: &[u8],
    skip: usize,
) -> Result<(&'static Encoding, String), ImportError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[skip..]);
    if had_errors {
        return Err(ImportError::Decode {
            file: file.to_string(),
            encoding: encoding.name().into(),
            offset: None,
        });
    }
    Ok((encoding, text.into_owned()))
}

/// Picks `,` `;` or tab: the candidate that splits the first lines into the same number of
/// fields (more than one), preferring more fields. Quoted text is skipped.
pub fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize, false);
    for d in [b'\t', b';', b','] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let first = counts.first().copied().unwrap_or(0);
        let consistent = first > 0 && counts.iter().all(|&c| c == first);
        let better = match (consistent, best.2) {
            (true, false) => true,
            (false, true) => false,
            _ => first > best.1,
        };
        if first > 0 && better {
            best = (d, first, consistent);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// Like [`read`], for bytes already in memory.
pub fn from_bytes(
    file_name: &str,
    raw: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<Source, ImportError> {
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 6);
        flate2::read::MultiGzDecoder::new(raw)
            .read_to_end(&mut out)
            .map_err(|source| ImportError::Io {
                file: file_name.to_string(),
                source,
            })?;
        out
    } else {
        raw.to_vec()
    };
    let (encoding, text) = decode(file_name, bytes, forced)?;
    Ok(Source {
        file_name: file_name.to_string(),
        file_size: raw.len() as u64,
        encoding,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_invalid_utf8_pick_the_encoding() {
        let (e, t) = decode("f", b"\xEF\xBB\xBFa,b".to_vec(), None).unwrap();
        assert_eq!((e, t.as_str()), (UTF_8, "a,b"));
        let (e, t) = decode("f", vec![0xFF, 0xFE, b'a', 0, b',', 0, b'b', 0], None).unwrap();
        assert_eq!((e, t.as_str()), (UTF_16LE, "a,b"));
        let (e, t) = decode("f", vec![0xFE, 0xFF, 0, b'a', 0, b',', 0, b'b'], None).unwrap();
        assert_eq!((e, t.as_str()), (UTF_16BE, "a,b"));
        // 订单 in GBK
        let (e, t) = decode("f", vec![0xB6, 0xA9, 0xB5, 0xA5], None).unwrap();
        assert_eq!((e, t.as_str()), (GB18030, "订单"));
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(detect_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(detect_delimiter("a\tb\n1\t\"x,y\"\n"), b'\t');
        assert_eq!(detect_delimiter("a,b\n\"1;2\",3\n"), b',');
    }
}
