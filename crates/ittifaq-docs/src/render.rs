//! The shared path from a template and its data to PDF bytes, and the date
//! wording of the three languages.

use serde::Serialize;
use typst::diag::SourceDiagnostic;
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::DocError;
use crate::world::DocWorld;

/// Typesets `template` with `data` available to it as `/data.json` (and the
/// other `files`), then exports it as PDF. Input text reaches the document only
/// through the JSON file, never as markup, so no input can change the layout
/// code; see [`printable`] for what is done to its characters. `ident` makes
/// the PDF's document identifier stable.
pub(crate) fn render(
    template: &str,
    data: &impl Serialize,
    files: Vec<(&str, Vec<u8>)>,
    today: time::Date,
    ident: &str,
) -> Result<Vec<u8>, DocError> {
    let result = layout(template, data, files, today).and_then(|document| {
        let options = PdfOptions { ident: Smart::Custom(ident.to_owned()), ..PdfOptions::default() };
        typst_pdf::pdf(&document, &options).map_err(|errors| DocError::Pdf(messages(&errors)))
    });
    // Typst memoizes across compilations in a global cache; a long-running
    // server renders many different documents, so drop what has gone unused.
    typst::comemo::evict(10);
    result
}

/// Lays `template` out with `data` as `/data.json` (see [`render`]): the
/// pages, before they are written as PDF.
pub(crate) fn layout(
    template: &str,
    data: &impl Serialize,
    mut files: Vec<(&str, Vec<u8>)>,
    today: time::Date,
) -> Result<PagedDocument, DocError> {
    let mut value = serde_json::to_value(data).map_err(|err| DocError::Typeset(format!("the data: {err}")))?;
    printable(&mut value);
    let json = serde_json::to_vec(&value).map_err(|err| DocError::Typeset(format!("the data: {err}")))?;
    files.push(("/data.json", json));
    let world = DocWorld::new(template, files, today);
    typst::compile::<PagedDocument>(&world).output.map_err(|errors| DocError::Typeset(messages(&errors)))
}

/// Removes explicit bidi formatting characters from every string and turns
/// other control characters into spaces. A right-to-left override in a name
/// would otherwise reverse the text after it on the printed line (a date, a
/// rank), so that the document would read differently from what it says; the
/// templates set each language's direction themselves.
fn printable(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            *text = text
                .chars()
                .filter(|c| !matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
        }
        Value::Array(items) => items.iter_mut().for_each(printable),
        Value::Object(fields) => fields.values_mut().for_each(printable),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    errors.iter().map(|error| error.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// A date in the ISO form and written out in each language.
#[derive(Debug, Serialize)]
pub(crate) struct LongDate {
    iso: String,
    en: String,
    tr: String,
    ar: String,
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_TR: [&str; 12] =
    ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"];
/// The Levantine month names used in Syria.
const MONTHS_AR: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];

impl LongDate {
    /// The date as YYYY-MM-DD.
    pub(crate) fn iso(&self) -> &str {
        &self.iso
    }

    pub(crate) fn new(date: time::Date) -> LongDate {
        let month = usize::from(u8::from(date.month())) - 1;
        let (day, year) = (date.day(), date.year());
        LongDate {
            iso: format!("{year:04}-{:02}-{day:02}", u8::from(date.month())),
            en: format!("{day} {} {year}", MONTHS_EN[month]),
            tr: format!("{day} {} {year}", MONTHS_TR[month]),
            ar: format!("{day} {} {year}", MONTHS_AR[month]),
        }
    }
}
