//! Rendering: both documents come out as PDF whose text, extracted by poppler,
//! holds the Turkish and Arabic input in logical order.

use std::process::Command;

use ittifaq_docs::{DocError, Trilingual, render_certificate, render_travel_order};

use crate::{certificate, travel_order};

/// The text of `pdf` as poppler's `pdftotext` extracts it (CI installs
/// poppler-utils; a missing tool fails the test rather than skipping it).
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils) must be installed");
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Extracted text made comparable with the input: pdftotext wraps right-to-left
/// runs in bidi embedding marks and keeps hyphenation's soft hyphens; lines
/// and runs of spaces become one space.
fn plain(text: &str) -> String {
    let text = text.replace("\u{ad}\n", "");
    let kept: String = text
        .chars()
        .filter(
            |c| !matches!(c, '\u{ad}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
        )
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every text in `expected` occurs in `text` exactly as given (so Arabic in
/// logical order), and no Arabic presentation form occurs: the PDF maps its
/// shaped glyphs back to the letters they were shaped from.
#[track_caller]
fn assert_contains_all(text: &str, expected: &[&str]) {
    for needle in expected {
        assert!(text.contains(needle), "{needle:?} is missing from the extracted text:\n{text}");
    }
    let presentation_form = text.chars().find(|c| matches!(c, '\u{fb50}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}'));
    assert_eq!(presentation_form, None, "extracted text holds Arabic presentation forms");
}

fn all_three(text: &Trilingual) -> [&str; 3] {
    [&text.en, &text.tr, &text.ar]
}

#[test]
fn the_travel_order_holds_the_three_languages_and_the_reference_on_every_page() {
    let order = travel_order();
    let pdf = render_travel_order(&order).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    let pages = pdf_text(&pdf);
    let text = plain(&pages);
    assert_contains_all(&text, &all_three(&order.course_title));
    assert_contains_all(&text, &all_three(&order.institution));
    assert_contains_all(&text, &all_three(&order.sending_party));
    assert_contains_all(&text, &all_three(&order.rank_title));
    assert_contains_all(&text, &[&order.person_name, &order.issued_by, "OF-2"]);
    for check in &order.vetting {
        assert_contains_all(&text, &all_three(&check.name));
        assert_contains_all(&text, &[&check.passed_on.to_string()]);
    }
    // The fixed wording of each language, with İ, ş and ğ; dates in words
    // (pdftotext puts the digits of an Arabic date in visual order, so only
    // the words are compared there).
    assert_contains_all(
        &text,
        &[
            "INVITATIONAL TRAVEL ORDER",
            "DAVET SEYAHAT EMRİ",
            "أمر سفر بموجب دعوة",
            "Askerî Eğitim İşbirliği Mutabakat Muhtırası",
            "بموجب مذكرة التفاهم للتعاون في مجال التدريب العسكري",
            "27 February 2026",
            "27 Şubat 2026",
            "آخر موعد للالتحاق",
        ],
    );
    assert_eq!(pages.matches(&order.reference).count(), 3, "header, title and footer of the one page");
}

#[test]
fn the_certificate_holds_the_three_languages_its_id_and_its_address() {
    let certificate = certificate();
    let pdf = render_certificate(&certificate).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    let text = plain(&pdf_text(&pdf));
    assert_contains_all(&text, &all_three(&certificate.course_title));
    assert_contains_all(&text, &all_three(&certificate.qualification));
    assert_contains_all(&text, &all_three(&certificate.issuing_party));
    assert_contains_all(
        &text,
        &[
            &certificate.id,
            &certificate.holder_name,
            &certificate.verify_url,
            "CERTIFICATE",
            "SERTİFİKA",
            "شهادة",
            "başarıyla tamamlamıştır",
            "2026-04-24",
            "2029-04-23",
        ],
    );
    // pdftotext mixes up the lines of a wrapped right-to-left paragraph, but
    // within a line the words stay in logical order.
    assert_contains_all(&text, &["دورة القتال الجبلي والشتوي المنعقدة في مدرسة"]);
}

#[test]
fn a_certificate_without_grade_or_expiry_leaves_them_out() {
    let certificate = ittifaq_docs::Certificate { grade: None, expires_on: None, ..certificate() };
    let text = plain(&pdf_text(&render_certificate(&certificate).unwrap()));
    assert!(!text.contains("Grade") && !text.contains("Valid until"), "{text}");
    assert!(text.contains("Qualification"));
}

#[test]
fn input_text_is_printed_not_interpreted() {
    // Typst markup and code in the input must come out as the same characters.
    let hostile = "#panic(\"boom\") *bold* $x$ [link] \\ @ref <label> // comment";
    let order = ittifaq_docs::TravelOrder { person_name: hostile.into(), ..travel_order() };
    let text = plain(&pdf_text(&render_travel_order(&order).unwrap()));
    assert!(text.contains(hostile), "{text}");
}

#[test]
fn bidi_overrides_in_input_cannot_reorder_the_printed_text() {
    // U+202E (right-to-left override) would print what follows it reversed.
    let order =
        ittifaq_docs::TravelOrder { person_name: "Ahmad\u{202e} Khalil\u{2066}\u{202c}".into(), ..travel_order() };
    let text = plain(&pdf_text(&render_travel_order(&order).unwrap()));
    assert!(text.contains("Captain Ahmad Khalil (OF-2) of the Syrian Arab Republic"), "{text}");
}

#[test]
fn a_long_order_repeats_the_reference_on_every_page() {
    let check = travel_order().vetting[0].clone();
    let order = ittifaq_docs::TravelOrder { vetting: vec![check; 60], ..travel_order() };
    let pages = pdf_text(&render_travel_order(&order).unwrap());
    let pages: Vec<&str> = pages.split('\u{c}').filter(|page| !page.trim().is_empty()).collect();
    assert!(pages.len() >= 2, "60 vetting rows should take more than one page");
    for (number, page) in pages.iter().enumerate() {
        assert!(page.contains(&order.reference), "page {} lacks the reference", number + 1);
    }
}

#[test]
fn rendering_is_deterministic() {
    let order = travel_order();
    assert_eq!(render_travel_order(&order).unwrap(), render_travel_order(&order).unwrap());
}

#[test]
fn an_address_too_long_for_a_qr_code_is_an_error() {
    let certificate = ittifaq_docs::Certificate { verify_url: "x".repeat(8000), ..certificate() };
    assert!(matches!(render_certificate(&certificate), Err(DocError::Qr(_))));
}
