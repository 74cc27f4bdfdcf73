//! File URIs: the client's `file://` URIs as paths, and paths as URIs, percent-encoded
//! by `percent-encoding` (every byte but RFC 3986's unreserved characters and `/`).

use std::path::{Path, PathBuf};
use std::str::FromStr as _;

use lsp_types::Uri;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// The bytes a path segment's URI escapes: all but RFC 3986's unreserved characters and
/// the `/` between segments (escaping more than needed is always valid).
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The local path `uri` names: `None` for any scheme but `file`, a host other than none
/// or `localhost`, or a path that does not decode to UTF-8.
#[must_use]
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    if !uri
        .scheme()
        .is_some_and(|s| s.as_str().eq_ignore_ascii_case("file"))
    {
        return None;
    }
    if let Some(authority) = uri.authority() {
        let host = authority.host().as_str();
        if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
            return None;
        }
    }
    let path = percent_decode_str(uri.path().as_str()).decode_utf8().ok()?;
    Some(PathBuf::from(path.into_owned()))
}

/// The `file://` URI of the absolute `path`; `None` when it is not valid UTF-8.
#[must_use]
pub fn from_path(path: &Path) -> Option<Uri> {
    let path = path.to_str()?;
    Uri::from_str(&format!("file://{}", utf8_percent_encode(path, ESCAPED))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_uris_round_trip_with_percent_encoding() {
        let path = Path::new("/plans/q3 goals/速度 #1.toml");
        let uri = from_path(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///plans/q3%20goals/%E9%80%9F%E5%BA%A6%20%231.toml"
        );
        assert_eq!(to_path(&uri).unwrap(), path);
    }

    #[test]
    fn only_local_file_uris_are_paths() {
        let uri = |s: &str| Uri::from_str(s).unwrap();
        assert_eq!(
            to_path(&uri("file://localhost/a/b.toml")),
            Some(PathBuf::from("/a/b.toml"))
        );
        assert_eq!(to_path(&uri("file://server/a/b.toml")), None);
        assert_eq!(to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(to_path(&uri("https://example.com/a.toml")), None);
    }
}
