//! Rendering: both documents come out as PDF whose text, read back by a PDF
//! parser (`pdf-extract`, so the tests need nothing installed), holds the
//! Turkish and Arabic input, the Arabic in logical order once the lines are
//! put back in reading order.

use ittifaq_docs::{DocError, Trilingual, render_certificate, render_travel_order};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use crate::{certificate, travel_order};

/// One glyph as the page draws it: where (y downwards), how wide, and the
/// characters the PDF maps it to.
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

/// Collects the glyphs of each page.
#[derive(Default)]
struct Glyphs {
    pages: Vec<Vec<Glyph>>,
    height: f64,
}

impl OutputDev for Glyphs {
    fn begin_page(&mut self, _: u32, media_box: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.pages.push(Vec::new());
        self.height = media_box.ury - media_box.lly;
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The font size as drawn: the side of the square of the scaled size's area.
        let (sx, sy) = (font_size * (trm.m11 + trm.m21), font_size * (trm.m12 + trm.m22));
        let size = (sx * sy).abs().sqrt();
        let (x, y) = (trm.m31, self.height - trm.m32);
        let glyph = Glyph { x, y, end: x + width * size, size, text: text.to_owned() };
        self.pages.last_mut().expect("a page begins first").push(glyph);
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Whether a glyph is of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko).
fn right_to_left(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{0590}'..='\u{08ff}'))
}

/// One line in reading order. The glyphs come in the order the page draws
/// them: run after run in the line's logical order, each run's glyphs from
/// left to right, so a right-to-left run backwards. A run ends where the next
/// glyph jumps back to the left; the right-to-left stretches of each run are
/// turned round, glyph by glyph (a ligature's glyph keeps its letters in order).
fn reading_order(line: &[Glyph]) -> String {
    let mut runs: Vec<Vec<&str>> = Vec::new();
    let mut last_end: Option<f64> = None;
    for g in line {
        match last_end {
            Some(end) if g.x < end - g.size * 0.1 => runs.push(vec![&g.text]),
            Some(end) if g.x > end + g.size * 0.1 => runs.last_mut().expect("a run").extend([" ", &g.text]),
            Some(_) => runs.last_mut().expect("a run").push(&g.text),
            None => runs.push(vec![&g.text]),
        }
        last_end = Some(g.end);
    }
    let mut text = Vec::new();
    for mut tokens in runs {
        let mut start = 0;
        while start < tokens.len() {
            if !right_to_left(tokens[start]) {
                start += 1;
                continue;
            }
            let (mut end, mut k) = (start, start);
            while k < tokens.len() && (right_to_left(tokens[k]) || tokens[k].trim().is_empty()) {
                if right_to_left(tokens[k]) {
                    end = k;
                }
                k += 1;
            }
            tokens[start..=end].reverse();
            start = end + 1;
        }
        text.push(tokens.concat());
    }
    text.join(" ")
}

/// The text of `pdf`: each page's glyphs in the order drawn, cut into lines
/// where the baseline moves, each line in reading order; pages separated by
/// form feeds.
pub fn pdf_text(pdf: &[u8]) -> String {
    let doc = pdf_extract::Document::load_mem(pdf).expect("the PDF can be read back");
    let mut glyphs = Glyphs::default();
    pdf_extract::output_doc(&doc, &mut glyphs).expect("the PDF's pages can be read");
    let mut pages = Vec::new();
    for page in glyphs.pages {
        let mut lines: Vec<Vec<Glyph>> = Vec::new();
        for g in page {
            match lines.last_mut() {
                Some(line) if (g.y - line[line.len() - 1].y).abs() < g.size * 0.5 => line.push(g),
                _ => lines.push(vec![g]),
            }
        }
        let text: Vec<String> = lines.iter().map(|line| reading_order(line)).collect();
        pages.push(text.join("\n"));
    }
    pages.join("\u{c}")
}

/// Extracted text made comparable with the input: without bidi marks and
/// hyphenation's soft hyphens; lines and runs of spaces become one space.
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
    // The agreement is named by its title in the agreement file, in each language.
    assert_contains_all(&text, &all_three(&order.agreement));
    assert_contains_all(&text, &[&order.person_name, &order.issued_by, "OF-2"]);
    for check in &order.vetting {
        assert_contains_all(&text, &all_three(&check.name));
        assert_contains_all(&text, &[&check.passed_on.to_string()]);
    }
    // The fixed wording of each language, with İ, ş and ğ; dates in words
    // (the digits of an Arabic date come out in visual order, so only the
    // words are compared there).
    assert_contains_all(
        &text,
        &[
            "INVITATIONAL TRAVEL ORDER",
            "DAVET SEYAHAT EMRİ",
            "أمر سفر بموجب دعوة",
            // A course title that ends in "Kursu" is not followed by "kursuna".
            "Kursu” eğitimine davet",
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
    // Within a line of a wrapped right-to-left paragraph the words are in
    // logical order.
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

#[test]
fn the_transcript_lists_every_course_in_the_three_languages_and_says_it_is_no_certificate() {
    let t = crate::transcript(3);
    let pdf = ittifaq_docs::render_transcript(&t).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = plain(&pdf_text(&pdf));
    assert_contains_all(&text, &all_three(&t.lines[0].course));
    assert_contains_all(&text, &all_three(&t.lines[0].outcome));
    assert_contains_all(&text, &all_three(&t.party));
    assert_contains_all(&text, &all_three(&t.agreement));
    assert_contains_all(&text, &[&t.holder_name, &t.service_number, "TR-MW-000", "TR-MW-001", "TR-MW-002"]);
    assert_contains_all(&text, &["CERT-TR-2026-000000", "CERT-TR-2026-000002", "TRAINING TRANSCRIPT", "EĞİTİM DÖKÜMÜ"]);
    assert_contains_all(&text, &["it is not a certificate", "sertifika değildir", "وليس شهادة"]);
    assert!(!text.contains("CERT-TR-2026-000001"), "no certificate for the second line");
}

#[test]
fn a_long_transcript_runs_over_pages_and_stops_at_its_cap() {
    let long = ittifaq_docs::render_transcript(&crate::transcript(60)).unwrap();
    let text = pdf_text(&long);
    assert!(text.contains("TR-MW-059") && text.contains("2 / "), "numbered pages");
    let over = crate::transcript(ittifaq_docs::MAX_LINES + 1);
    let capped = pdf_text(&ittifaq_docs::render_transcript(&over).unwrap());
    assert!(!capped.contains(&format!("TR-MW-{:03}", ittifaq_docs::MAX_LINES)));
    let none = plain(&pdf_text(&ittifaq_docs::render_transcript(&crate::transcript(0)).unwrap()));
    assert_contains_all(&none, &["No course.", "Eğitim yok."]);
}

fn progress_report() -> ittifaq_docs::ProgressReport {
    use ittifaq_docs::{IndicatorBlock, ProgressRow};
    let kind = |en: &str, tr: &str, ar: &str| Trilingual::new(en, tr, ar);
    let chart = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 260"><polyline fill="none" stroke="#2f6fb0" points="56,200 300,120 584,40"/><text x="60" y="250" font-size="12">2026-03-15</text></svg>"##;
    ittifaq_docs::ProgressReport {
        plan_code: "TA-MS-01".into(),
        title: kind(
            "Logistics management system rollout",
            "Lojistik yönetim sistemi kurulumu",
            "نشر منظومة إدارة الإمداد",
        ),
        track: kind(
            "Modernization of military systems",
            "Askeri sistemlerin modernizasyonu",
            "تحديث المنظومات العسكرية",
        ),
        advising_party: "TR".into(),
        partner_party: "SY".into(),
        agreement: kind("Memorandum", "Mutabakat", "مذكرة"),
        printed_on: time::macros::date!(2026 - 06 - 01),
        indicators: vec![IndicatorBlock {
            code: "O1.1".into(),
            unit: "%".into(),
            chart_svg: chart.into(),
            rows: vec![
                ProgressRow {
                    day: "2026-01-15".into(),
                    kind: kind("Baseline", "Başlangıç", "خط الأساس"),
                    value: "12".into(),
                    party: String::new(),
                },
                ProgressRow {
                    day: "2026-03-15".into(),
                    kind: kind("Reported", "Bildirilen", "المُبلَّغ"),
                    value: "20".into(),
                    party: "TR".into(),
                },
                ProgressRow {
                    day: "2026-03-15".into(),
                    kind: kind("Contested", "İtiraz edilen", "المعترض عليه"),
                    value: "15".into(),
                    party: "SY".into(),
                },
            ],
        }],
        burn_up_svg: chart.into(),
        burn_up: vec![("2026-03-31".into(), 1, 0), ("2026-09-30".into(), 2, 1)],
    }
}

#[test]
fn the_progress_report_prints_each_value_its_party_and_the_charts_in_the_three_languages() {
    let r = progress_report();
    let pdf = ittifaq_docs::render_progress(&r).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = plain(&pdf_text(&pdf));
    assert_contains_all(&text, &all_three(&r.title));
    assert_contains_all(&text, &["PROGRESS REPORT", "İLERLEME RAPORU", "TA-MS-01", "O1.1 (%)"]);
    assert_contains_all(&text, &["Contested", "İtiraz edilen", "2026-09-30"]);
    assert_contains_all(&text, &["2026-03-15"]);
    // A chart that is not SVG is refused, not printed.
    let mut bad = progress_report();
    bad.indicators[0].chart_svg = "<svg".into();
    assert!(ittifaq_docs::render_progress(&bad).is_err());
}
