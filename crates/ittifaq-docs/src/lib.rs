//! Ittifaq's PDF documents: invitational travel orders, course certificates and
//! trainees' transcripts, typeset with Typst from input structs, and the Ed25519 seal appended to them.
//! Pure: no database, no network, no file system; fonts are embedded.

mod certificate;
mod integration;
mod progress;
mod render;
pub mod seal;
mod transcript;
mod travel_order;
mod world;

pub use certificate::{Certificate, render_certificate};
pub use integration::{FormationBlock, IntegrationReport, StageLine, render_integration};
pub use progress::{IndicatorBlock, ProgressReport, ProgressRow, render_progress};
pub use seal::{SealError, SealKind, SealPayload, Sealed, key_id, open, seal, verify};
pub use transcript::{MAX_LINES, Transcript, TranscriptLine, render_transcript};
pub use travel_order::{TravelOrder, VettingCheck, render_travel_order};

use serde::Serialize;

/// One text in the platform's three languages: English, Turkish and Arabic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trilingual {
    pub en: String,
    pub tr: String,
    pub ar: String,
}

impl Trilingual {
    pub fn new(en: impl Into<String>, tr: impl Into<String>, ar: impl Into<String>) -> Trilingual {
        Trilingual { en: en.into(), tr: tr.into(), ar: ar.into() }
    }
}

/// A party's official name in the three languages
/// (e.g. "Republic of Türkiye", "Türkiye Cumhuriyeti", "الجمهورية التركية").
pub type PartyNames = Trilingual;

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// Typst refused the template with this input; the messages are Typst's.
    #[error("typesetting failed: {0}")]
    Typeset(String),
    /// The laid-out document could not be written as PDF.
    #[error("PDF export failed: {0}")]
    Pdf(String),
    /// The verification address does not fit in a QR code.
    #[error("the verification address cannot be encoded as a QR code: {0}")]
    Qr(String),
}
