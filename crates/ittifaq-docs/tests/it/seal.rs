//! The seal: round trip, every way a sealed document can be wrong, the test
//! vector of `docs/seal-format.md`, and no panic on any input.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer as _, SigningKey};
use ittifaq_docs::{SealError, SealKind, SealPayload, key_id, open, render_certificate, seal, verify};
use proptest::prelude::*;
use time::macros::date;

use crate::certificate;

/// A small stand-in for a PDF: the seal only needs the final `%%EOF`.
const TINY_PDF: &[u8] =
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn payload() -> SealPayload {
    SealPayload::new(
        SealKind::Certificate,
        "CERT-TR-2026-000123",
        "TR",
        date!(2026 - 04 - 24),
        Some(date!(2029 - 04 - 23)),
    )
}

/// Opens and verifies with the key of seed 7, as a relying party would.
fn check(doc: &[u8]) -> Result<SealPayload, SealError> {
    let sealed = open(doc)?;
    verify(&sealed, &key(7).verifying_key())?;
    Ok(sealed.payload().clone())
}

/// `pdf` followed by a seal line built by hand from `json`, signed by `signer`.
fn hand_sealed(pdf: &[u8], json: &str, signer: &SigningKey) -> Vec<u8> {
    let mut message = b"ittifaq-seal/v1\n".to_vec();
    message.extend_from_slice(json.as_bytes());
    let signature = signer.sign(&message).to_bytes();
    let line = format!("\n%ITTIFAQ-SEAL v1 {} {}\n", URL_SAFE_NO_PAD.encode(json), URL_SAFE_NO_PAD.encode(signature));
    [pdf, line.as_bytes()].concat()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn a_sealed_certificate_opens_and_verifies_and_stays_a_pdf() {
    let pdf = render_certificate(&certificate()).unwrap();
    let doc = seal(&pdf, &payload(), &key(7)).unwrap();

    let sealed = open(&doc).unwrap();
    verify(&sealed, &key(7).verifying_key()).unwrap();
    assert_eq!(&doc[..sealed.pdf_len()], &pdf[..]);
    let expected = SealPayload { key_id: key_id(&key(7).verifying_key()), pdf_sha256: sha256_hex(&pdf), ..payload() };
    assert_eq!(sealed.payload(), &expected);
    assert_eq!(serde_json::from_slice::<SealPayload>(sealed.payload_json()).unwrap(), expected);
    // PDF readers look for %%EOF in the last 1024 bytes; the seal line must leave it there.
    assert!(doc.len() - pdf.len() < 1024 - "%%EOF\n".len());
    assert!(crate::render::pdf_text(&doc).contains("CERT-TR-2026-000123"), "a PDF reader still reads a sealed PDF");
}

#[test]
fn the_test_vector_of_the_format_document() {
    let doc = seal(TINY_PDF, &payload(), &key(7)).unwrap();
    let trailer = std::str::from_utf8(&doc[TINY_PDF.len()..]).unwrap();
    let expected = include_str!("../../../../docs/seal-format.md")
        .lines()
        .find(|line| line.starts_with("%ITTIFAQ-SEAL v1 "))
        .expect("docs/seal-format.md shows the vector's seal line");
    assert_eq!(trailer, format!("\n{expected}\n"));
    let sealed = open(&doc).unwrap();
    assert_eq!(
        std::str::from_utf8(sealed.payload_json()).unwrap(),
        r#"{"kind":"certificate","id":"CERT-TR-2026-000123","party":"TR","key_id":"#.to_owned()
            + &format!(
                r#""{}","issued_on":"2026-04-24","expires_on":"2029-04-23","pdf_sha256":"{}"}}"#,
                key_id(&key(7).verifying_key()),
                sha256_hex(TINY_PDF)
            )
    );
}

#[test]
fn the_wrong_key_is_named() {
    let doc = seal(TINY_PDF, &payload(), &key(8)).unwrap();
    let sealed = open(&doc).unwrap();
    assert_eq!(
        verify(&sealed, &key(7).verifying_key()),
        Err(SealError::WrongKey { expected: key_id(&key(8).verifying_key()), actual: key_id(&key(7).verifying_key()) })
    );
}

#[test]
fn a_signature_by_another_key_under_our_key_id_is_refused() {
    let json = format!(
        r#"{{"kind":"certificate","id":"CERT-TR-2026-000999","party":"TR","key_id":"{}","issued_on":"2026-04-24","expires_on":null,"pdf_sha256":"{}"}}"#,
        key_id(&key(7).verifying_key()),
        sha256_hex(TINY_PDF)
    );
    let forged = hand_sealed(TINY_PDF, &json, &key(8));
    assert_eq!(check(&forged), Err(SealError::BadSignature));
    // The same payload signed by the right key is accepted: the forgery failed for its signature alone.
    assert_eq!(check(&hand_sealed(TINY_PDF, &json, &key(7))).unwrap().id, "CERT-TR-2026-000999");
}

#[test]
fn a_payload_whose_signature_was_made_without_the_domain_is_refused() {
    let json = format!(
        r#"{{"kind":"travel-order","id":"ITO-1","party":"SY","key_id":"{}","issued_on":"2026-01-15","expires_on":null,"pdf_sha256":"{}"}}"#,
        key_id(&key(7).verifying_key()),
        sha256_hex(TINY_PDF)
    );
    let signature = key(7).sign(json.as_bytes()).to_bytes();
    let line = format!("\n%ITTIFAQ-SEAL v1 {} {}\n", URL_SAFE_NO_PAD.encode(&json), URL_SAFE_NO_PAD.encode(signature));
    assert_eq!(check(&[TINY_PDF, line.as_bytes()].concat()), Err(SealError::BadSignature));
}

#[test]
fn an_altered_pdf_byte_is_named_with_both_hashes() {
    let pdf = render_certificate(&certificate()).unwrap();
    let mut doc = seal(&pdf, &payload(), &key(7)).unwrap();
    doc[pdf.len() / 2] ^= 0x01;
    let mut altered = pdf.clone();
    altered[pdf.len() / 2] ^= 0x01;
    assert_eq!(open(&doc), Err(SealError::ContentAltered { expected: sha256_hex(&pdf), actual: sha256_hex(&altered) }));
}

#[test]
fn a_truncated_document_is_refused() {
    let doc = seal(TINY_PDF, &payload(), &key(7)).unwrap();
    assert!(matches!(open(&doc[..doc.len() - 1]), Err(SealError::MalformedSeal(_))));
    assert!(matches!(open(&doc[..doc.len() - 2]), Err(SealError::MalformedSeal(_))));
    assert_eq!(open(TINY_PDF), Err(SealError::NoSeal));
    assert_eq!(open(b""), Err(SealError::NoSeal));
    for cut in 0..doc.len() {
        assert!(open(&doc[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn two_seals_are_refused_on_both_sides() {
    let once = seal(TINY_PDF, &payload(), &key(7)).unwrap();
    assert_eq!(seal(&once, &payload(), &key(7)), Err(SealError::AlreadySealed));

    // A second seal line after the first one, each well formed on its own.
    let first_line = &once[TINY_PDF.len()..];
    let twice = [&once[..], &first_line[1..]].concat();
    assert_eq!(open(&twice), Err(SealError::MalformedSeal("the document carries more than one seal".into())));
}

#[test]
fn the_seal_must_be_the_last_line_and_follow_eof() {
    let doc = seal(TINY_PDF, &payload(), &key(7)).unwrap();
    let appended = [&doc[..], b"%%EOF\n"].concat();
    assert_eq!(open(&appended), Err(SealError::MalformedSeal("the seal is not the last line".into())));

    let not_pdf = b"hello\n";
    assert_eq!(seal(not_pdf, &payload(), &key(7)), Err(SealError::NotAPdf));
    let json = r#"{"kind":"certificate"}"#;
    assert_eq!(
        open(&hand_sealed(not_pdf, json, &key(7))),
        Err(SealError::MalformedSeal("the seal does not follow the PDF's %%EOF".into()))
    );
}

#[test]
fn garbage_seal_lines_are_named() {
    let garbage = |line: &str| open(&[TINY_PDF, line.as_bytes()].concat());
    let malformed = |result: Result<_, SealError>| matches!(result, Err(SealError::MalformedSeal(_)));

    assert!(malformed(garbage("\n%ITTIFAQ-SEAL v1 !!! ???\n")));
    assert!(malformed(garbage("\n%ITTIFAQ-SEAL v1 e30\n")));
    assert!(malformed(garbage("\n%ITTIFAQ-SEAL v1 e30 AAAA\n")), "a signature that is not 64 bytes");
    assert!(malformed(garbage("\n%ITTIFAQ-SEAL  v1 e30 AAAA\n")), "two spaces");
    assert!(malformed(garbage("\n%ITTIFAQ-SEALv1 e30 AAAA AAAA\n")));
    assert!(malformed(garbage("%ITTIFAQ-SEAL v1 e30 AAAA\n")), "not at the start of a line");
    assert_eq!(garbage("\n%ITTIFAQ-SEAL v2 e30 AAAA\n"), Err(SealError::UnsupportedVersion("v2".into())));

    // Padded or non-canonical base64 is refused: one payload has one encoding.
    let doc = seal(TINY_PDF, &payload(), &key(7)).unwrap();
    let line = std::str::from_utf8(&doc[TINY_PDF.len()..]).unwrap();
    let fields: Vec<&str> = line.trim_end().split(' ').collect();
    let padded = format!("{} {} {}== {}\n", fields[0], fields[1], fields[2], fields[3]);
    assert!(malformed(garbage(&padded)));
    let standard = |b64: &str| b64.replace('-', "+").replace('_', "/");
    let standard_alphabet = format!("{} {} {} {}\n", fields[0], fields[1], standard(fields[2]), standard(fields[3]));
    if standard_alphabet != line {
        assert!(malformed(garbage(&standard_alphabet)));
    }
}

#[test]
fn payloads_with_unknown_or_missing_fields_are_refused_even_when_signed() {
    let base = format!(
        r#""kind":"certificate","id":"C-1","party":"TR","key_id":"{}","issued_on":"2026-04-24","expires_on":null,"pdf_sha256":"{}""#,
        key_id(&key(7).verifying_key()),
        sha256_hex(TINY_PDF)
    );
    assert!(check(&hand_sealed(TINY_PDF, &format!("{{{base}}}"), &key(7))).is_ok());
    let refused = [
        format!(r#"{{{base},"revoked":false}}"#),
        format!("{{{}}}", base.replace(r#","expires_on":null"#, "")),
        format!(r#"{{{base},"id":"C-2"}}"#),
        format!("{{{}}}", base.replace(r#""party":"TR""#, r#""party":"tr""#)),
        format!("{{{}}}", base.replace(r#""kind":"certificate""#, r#""kind":"diploma""#)),
        format!("{{{}}}", base.replace("2026-04-24", "2026-4-24")),
        format!("[{base}]"),
    ];
    for json in refused {
        let result = check(&hand_sealed(TINY_PDF, &json, &key(7)));
        assert!(matches!(result, Err(SealError::MalformedSeal(_))), "{json} gave {result:?}");
    }
}

#[test]
fn sealing_refuses_payloads_that_could_not_be_opened() {
    let long_id = SealPayload { id: "X".repeat(65), ..payload() };
    assert!(matches!(seal(TINY_PDF, &long_id, &key(7)), Err(SealError::InvalidPayload(_))));
    let bad_party = SealPayload { party: "Türkiye".into(), ..payload() };
    assert!(matches!(seal(TINY_PDF, &bad_party, &key(7)), Err(SealError::InvalidPayload(_))));
}

#[test]
fn expiry_is_inclusive_of_the_last_day() {
    let payload = payload();
    assert!(!payload.expired(date!(2029 - 04 - 22)));
    assert!(!payload.expired(date!(2029 - 04 - 23)));
    assert!(payload.expired(date!(2029 - 04 - 24)));
    let lasting = SealPayload { expires_on: None, ..payload };
    assert!(!lasting.expired(date!(2999 - 01 - 01)));
}

/// Flips `mask` into each of `positions` of `doc` and expects each result refused.
fn assert_every_flip_refused(doc: &[u8], positions: impl Iterator<Item = usize>, masks: &[u8]) -> usize {
    let mut tried = 0;
    let mut flipped = doc.to_vec();
    for position in positions {
        for &mask in masks {
            flipped[position] ^= mask;
            assert!(check(&flipped).is_err(), "flipping {mask:#04x} at {position} of {} was accepted", doc.len());
            flipped[position] ^= mask;
            tried += 1;
        }
    }
    tried
}

#[test]
fn every_single_bit_flip_of_a_small_sealed_document_is_refused() {
    let doc = seal(TINY_PDF, &payload(), &key(7)).unwrap();
    check(&doc).unwrap();
    let tried = assert_every_flip_refused(&doc, 0..doc.len(), &[0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80]);
    assert_eq!(tried, doc.len() * 8);
}

#[test]
fn flips_in_a_rendered_certificate_are_refused() {
    let pdf = render_certificate(&certificate()).unwrap();
    let doc = seal(&pdf, &payload(), &key(7)).unwrap();
    check(&doc).unwrap();
    // 2,000 positions spread over the PDF by a fixed stride, and every byte of the seal line.
    let stride = pdf.len().div_ceil(2000);
    assert_every_flip_refused(&doc, (0..pdf.len()).step_by(stride), &[0x01]);
    assert_every_flip_refused(&doc, pdf.len()..doc.len(), &[0x01, 0x80]);
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_open(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        prop_assert!(open(&bytes).is_err());
    }

    #[test]
    fn arbitrary_seal_lines_never_open(
        pdf in proptest::collection::vec(any::<u8>(), 0..256),
        line in "%ITTIFAQ-SEAL( v[0-9])?( [A-Za-z0-9_=+/-]{0,120}){0,4}",
        eol in prop_oneof![Just(""), Just("\n"), Just("\r\n")],
    ) {
        let doc = [&pdf[..], b"%%EOF\n", line.as_bytes(), eol.as_bytes()].concat();
        prop_assert!(check(&doc).is_err());
    }

    #[test]
    fn any_flip_of_a_sealed_document_is_refused(position in 0usize..4096, mask in 1u8..=255) {
        let doc = seal(TINY_PDF, &payload(), &key(7)).unwrap();
        let position = position % doc.len();
        let mut flipped = doc.clone();
        flipped[position] ^= mask;
        prop_assert!(check(&flipped).is_err());
    }
}
