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
    let again = "copy the whole link again from your supervisor's device (Settings, Connect another device) or take a picture of its QR code";
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

/// The largest picture [`link_from_picture`] reads, in bytes: a phone photo fits many times over.
pub const MAX_PICTURE_BYTES: usize = 20 * 1024 * 1024;
/// The longest side a picture is scaled down to before its QR code is looked for: enough for a
/// code that fills a fifth of a photo, and quick on a phone.
const SCAN_SIDE: u32 = 1600;

/// Reads the connection link from a picture of its QR code (a photo or a screenshot, PNG or
/// JPEG). Every refusal names the `linkPicture` field and says what to try instead.
pub fn link_from_picture(bytes: &[u8]) -> AppResult<EnrolmentLink> {
    let refuse = |why: &str| {
        AppError::invalid(
            Field::LinkPicture,
            format!(
                "{why}: take the picture again with the whole QR code in view, or paste the connection link instead"
            ),
        )
    };
    if bytes.is_empty() {
        return Err(refuse("the picture is empty"));
    }
    if bytes.len() > MAX_PICTURE_BYTES {
        return Err(refuse("the picture is larger than 20 MB"));
    }
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| refuse("this file could not be read"))?;
    if reader.format().is_none() {
        return Err(refuse("this is not a PNG or JPEG picture"));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader
        .decode()
        .map_err(|_| refuse("this picture could not be opened"))?;
    let grey = {
        let (w, h) = (picture.width(), picture.height());
        let picture = if w.max(h) > SCAN_SIDE {
            picture.thumbnail(SCAN_SIDE, SCAN_SIDE)
        } else {
            picture
        };
        picture.to_luma8()
    };
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        grey.width() as usize,
        grey.height() as usize,
        |x, y| grey.get_pixel(x as u32, y as u32).0[0],
    );
    let grids = prepared.detect_grids();
    if grids.is_empty() {
        return Err(refuse("no QR code was found in this picture"));
    }
    let mut unreadable = false;
    for grid in grids {
        match grid.decode() {
            Ok((_, text)) => {
                if let Ok(link) = parse_enrolment_link(&text) {
                    return Ok(link);
                }
            }
            Err(_) => unreadable = true,
        }
    }
    Err(if unreadable {
        refuse("the QR code in this picture could not be read")
    } else {
        refuse("the QR code in this picture is not a connection link")
    })
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
    fn the_link_is_read_from_a_picture_of_its_qr_code() {
        let link = enrolment_link(
            "https://coach.example.org/io",
            "ABCD-EF12",
            Some("K7QM-2XPA"),
        );
        let read = link_from_picture(&crate::testkit::qr_png(&link, 6)).unwrap();
        assert_eq!(read, parse_enrolment_link(&link).unwrap());
        // A large photo is scaled down first and still read.
        let read = link_from_picture(&crate::testkit::qr_png(&link, 45)).unwrap();
        assert_eq!(read.code.as_deref(), Some("K7QM-2XPA"));
        // A phone's photo is a JPEG.
        let photo = image::load_from_memory(&crate::testkit::qr_png(&link, 8)).unwrap();
        let mut jpeg = Vec::new();
        photo
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        assert_eq!(link_from_picture(&jpeg).unwrap().fingerprint, "ABCD-EF12");
    }

    #[test]
    fn a_picture_without_a_connection_link_is_refused_with_what_to_do() {
        let blank = {
            let mut out = Vec::new();
            image::GrayImage::from_pixel(300, 300, image::Luma([255]))
                .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
                .unwrap();
            out
        };
        let mut truncated =
            crate::testkit::qr_png("insideout-coach://enrol?service=x&fingerprint=y", 4);
        truncated.truncate(truncated.len() / 2);
        for (bytes, why) in [
            (Vec::new(), "the picture is empty"),
            (
                b"not a picture at all".to_vec(),
                "this is not a PNG or JPEG picture",
            ),
            (truncated, "this picture could not be opened"),
            (blank, "no QR code was found"),
            (
                crate::testkit::qr_png("https://example.org", 5),
                "is not a connection link",
            ),
            (vec![0; MAX_PICTURE_BYTES + 1], "larger than 20 MB"),
        ] {
            let e = link_from_picture(&bytes).unwrap_err();
            assert_eq!(e.field(), Some(Field::LinkPicture), "{why}");
            let message = e.to_string();
            assert!(message.contains(why), "{message}");
            assert!(
                message.contains("paste the connection link instead"),
                "{message}"
            );
        }
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
