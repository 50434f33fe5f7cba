//! QR codes for what two people compare or hand over in person: a device's own code, and the
//! enrolment link (the service's address and the organisation's fingerprint). Drawn as SVG on
//! the device, so nothing is fetched from anywhere.

use qrcode::QrCode;
use qrcode::render::svg;

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

/// `text` as an SVG QR code, dark on white, sized by its container.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(160, 160)
        .dark_color(svg::Color("#0b0c0c"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The XML declaration is not wanted inside a page.
    Some(match image.find("<svg") {
        Some(start) => image[start..].to_owned(),
        None => image,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_carries_the_address_fingerprint_and_code_encoded() {
        let link = enrolment_link(
            "https://coach.example.org:8443/io",
            "ABCD-EF12 3456",
            Some("K7QM-2XPA-9RTD"),
        );
        assert_eq!(
            link,
            "insideout-coach://enrol?service=https%3A%2F%2Fcoach.example.org%3A8443%2Fio&fingerprint=ABCD-EF12%203456&code=K7QM-2XPA-9RTD"
        );
        assert_eq!(
            enrolment_link("http://127.0.0.1:1", "AB", None),
            "insideout-coach://enrol?service=http%3A%2F%2F127.0.0.1%3A1&fingerprint=AB"
        );
    }

    #[test]
    fn a_qr_code_is_an_svg_that_differs_with_its_text() {
        let one = svg("ABCD-1234").unwrap();
        let two = svg("ABCD-1235").unwrap();
        assert!(one.starts_with("<svg"), "{one}");
        assert!(one.contains("#0b0c0c"));
        assert_ne!(one, two);
    }
}
