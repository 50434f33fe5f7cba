//! QR codes for what two people compare or hand over in person: a device's own code, and the
//! enrolment link (the service's address and the organisation's fingerprint). Drawn as SVG on
//! the device, so nothing is fetched from anywhere.

use crate::{AppError, AppResult};
use insideout_domain::Field;
use qrcode::QrCode;
use qrcode::render::svg;

pub use insideout_protocol::link::enrolment_link;

/// What a connection link carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentLink {
    pub service: String,
    pub fingerprint: String,
    pub code: Option<String>,
}

const LINK_PREFIX: &str = "insideout-coach://enrol?";

/// Reads a connection link as [`enrolment_link`] writes it; the error names the `link` field and
/// says where to get a good one.
pub fn parse_enrolment_link(text: &str) -> AppResult<EnrolmentLink> {
    let text = text.trim();
    let again = "copy the whole link again from your supervisor's device (Settings, Connect another device) or scan its QR code";
    if text.starts_with("http://") || text.starts_with("https://") {
        return Err(AppError::invalid(
            Field::Link,
            format!("this is a web address, not a connection link: {again}"),
        ));
    }
    let Some(query) = text.strip_prefix(LINK_PREFIX) else {
        return Err(AppError::invalid(
            Field::Link,
            format!("this is not a connection link, which starts insideout-coach://enrol: {again}"),
        ));
    };
    let (mut service, mut fingerprint, mut code) = (None, None, None);
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(value).filter(|v| !v.trim().is_empty());
        match key {
            "service" => service = value,
            "fingerprint" => fingerprint = value,
            "code" => code = value,
            _ => {}
        }
    }
    match (service, fingerprint) {
        (Some(service), Some(fingerprint)) => Ok(EnrolmentLink {
            service,
            fingerprint,
            code,
        }),
        _ => Err(AppError::invalid(
            Field::Link,
            format!("this connection link is cut short: {again}"),
        )),
    }
}

/// Percent-decoding; None when the text is not valid percent-encoded UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
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
    fn a_link_reads_back_as_written_and_a_bare_address_is_refused() {
        let link = enrolment_link(
            "https://coach.example.org:8443/io",
            "ABCD-EF12 3456",
            Some("K7QM-2XPA-9RTD"),
        );
        assert_eq!(
            parse_enrolment_link(&format!("  {link} ")).unwrap(),
            EnrolmentLink {
                service: "https://coach.example.org:8443/io".into(),
                fingerprint: "ABCD-EF12 3456".into(),
                code: Some("K7QM-2XPA-9RTD".into()),
            }
        );
        let without_code = enrolment_link("http://127.0.0.1:1", "AB", None);
        assert_eq!(parse_enrolment_link(&without_code).unwrap().code, None);
        for bad in [
            "https://sync.example.org",
            "sync.example.org",
            "insideout-coach://enrol?service=x",
            "insideout-coach://enrol?fingerprint=AB",
            "insideout-coach://enrol?service=%ZZ&fingerprint=AB",
            "",
        ] {
            let e = parse_enrolment_link(bad).unwrap_err();
            assert_eq!(e.field(), Some(Field::Link), "{bad}");
            assert!(e.to_string().contains("copy the whole link"), "{bad}: {e}");
        }
        assert!(
            parse_enrolment_link("https://sync.example.org")
                .unwrap_err()
                .to_string()
                .starts_with("this is a web address")
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
