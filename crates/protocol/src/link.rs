//! The connection link a new device is given (as a QR code or to paste): the service's address
//! and the organisation's fingerprint, and a single-use code when there is one. Written by a
//! supervisor's device and by the service's administration tool; read by the app.

/// The enrolment link a new device can scan or paste: the service's address and the
/// organisation's fingerprint, and the single-use code when there is one.
pub fn enrolment_link(service: &str, fingerprint: &str, code: Option<&str>) -> String {
    let mut link = format!(
        "insideout-coach://enrol?service={}&fingerprint={}",
        encode(service),
        encode(fingerprint)
    );
    if let Some(code) = code {
        link.push_str("&code=");
        link.push_str(&encode(code));
    }
    link
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
