//! Issuing and verifying documents, apart from HTTP: invitational travel
//! orders and certificates rendered by `ittifaq-docs`, sealed with the
//! issuing party's Ed25519 key (or left for its seal on its own machine) and
//! stored as issued; and the verification of a document's bytes. Used by the
//! pages, the API and the command line alike.

use ittifaq_core::Msg;
use ittifaq_core::id::NominationId;
use std::collections::BTreeMap;
use std::sync::Arc;

use ed25519_dalek::{SigningKey, VerifyingKey};
use ittifaq_docs::{Certificate, SealKind, SealPayload, TravelOrder, Trilingual, VettingCheck};
use ittifaq_store::training::DocumentData;
use ittifaq_store::{Actor, Store};
use serde::Serialize;

use crate::{AppError, AppState};

/// The document-sealing keys this server holds (in production the host
/// party's only: another party seals on its own machine, through a seal
/// request), the keys it trusts to verify (the other parties' as the agreement
/// pins them), and the public address printed in QR codes.
#[derive(Clone)]
pub struct DocumentKeys {
    /// The address of this server as the public reaches it, without a trailing slash.
    pub public_url: String,
    pub signers: BTreeMap<String, SigningKey>,
    pub verifiers: BTreeMap<String, VerifyingKey>,
}

impl std::fmt::Debug for DocumentKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentKeys")
            .field("public_url", &self.public_url)
            .field("signers", &self.signers.keys().collect::<Vec<_>>())
            .field("verifiers", &self.verifiers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl DocumentKeys {
    /// Keys for the parties' signing keys; each also verifies.
    pub fn new(public_url: impl Into<String>, signers: BTreeMap<String, SigningKey>) -> DocumentKeys {
        let verifiers = signers.iter().map(|(p, k)| (p.clone(), k.verifying_key())).collect();
        DocumentKeys { public_url: public_url.into().trim_end_matches('/').to_owned(), signers, verifiers }
    }

    /// The same keys, also trusting `verifiers` (the parties whose secret this server does not hold).
    pub fn with_verifiers(mut self, verifiers: BTreeMap<String, VerifyingKey>) -> DocumentKeys {
        for (party, key) in verifiers {
            self.verifiers.entry(party).or_insert(key);
        }
        self
    }
}

pub(crate) fn keys(state: &AppState) -> Result<&Arc<DocumentKeys>, AppError> {
    state.documents.as_ref().ok_or_else(|| AppError::Conflict(Msg::new("conflict-no-sealing-keys")))
}

fn date(field: &str, text: &str) -> Result<time::Date, AppError> {
    time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| AppError::Internal(format!("{field} \"{text}\" is not a date")))
}

fn tri(n: &ittifaq_core::agreement::Names) -> Trilingual {
    Trilingual::new(n.en.clone(), n.tr.clone(), n.ar.clone())
}

/// A rank's name in the three languages (Colonel, Albay, عقيد); a code that
/// does not parse is printed as it is.
fn rank_names(code: &str) -> Trilingual {
    match ittifaq_core::Rank::parse(code) {
        Ok(rank) => {
            let name = |lang| Msg::of_key(rank.key()).in_lang(lang);
            Trilingual::new(name(ittifaq_core::Lang::En), name(ittifaq_core::Lang::Tr), name(ittifaq_core::Lang::Ar))
        }
        Err(_) => Trilingual::new(code, code, code),
    }
}

/// The title of the agreement documents are issued under, as its file gives it.
pub(crate) async fn agreement_title(store: &Store) -> Result<Trilingual, AppError> {
    let agreement = store.agreement().await?.ok_or_else(|| AppError::Internal("no agreement is loaded".into()))?;
    Ok(tri(&agreement.title))
}

async fn party_names(store: &Store, code: &str) -> Result<Trilingual, AppError> {
    let p = store.parties().await?.into_iter().find(|p| p.code == code);
    Ok(match p {
        Some(p) => Trilingual::new(p.name_en, p.name_tr, p.name_ar),
        None => Trilingual::new(code, code, code),
    })
}

/// How a document gets its seal: here, or on the issuing party's own machine.
enum Sealer {
    Here(SigningKey),
    Elsewhere(VerifyingKey),
}

fn sealer(keys: &DocumentKeys, party: &str) -> Result<Sealer, AppError> {
    if let Some(k) = keys.signers.get(party) {
        return Ok(Sealer::Here(k.clone()));
    }
    keys.verifiers
        .get(party)
        .map(|k| Sealer::Elsewhere(*k))
        .ok_or_else(|| AppError::Conflict(Msg::new("conflict-no-seal-key").arg("party", party)))
}

/// Seals a rendered document here, or stores it as a seal request for its
/// party to sign on its own machine (`ittifaq certificate sign`). Returns the
/// sealed document, or `None` when it waits for the party's signature.
#[allow(clippy::too_many_arguments)]
async fn seal_or_request<F>(
    store: &Store,
    actor: &Actor,
    sealer: Sealer,
    payload: SealPayload,
    nomination_id: i64,
    issued_on: &str,
    expires_on: Option<String>,
    render_pdf: F,
) -> Result<Option<Vec<u8>>, AppError>
where
    F: FnOnce() -> Result<Vec<u8>, String> + Send + 'static,
{
    match sealer {
        Sealer::Here(key) => {
            let sealed = render(move || {
                let pdf = render_pdf()?;
                ittifaq_docs::seal(&pdf, &payload, &key).map_err(|e| e.to_string())
            })
            .await?;
            Ok(Some(sealed))
        }
        Sealer::Elsewhere(key) => {
            let p = payload.clone();
            let (pdf, json) = render(move || {
                let pdf = render_pdf()?;
                let json = ittifaq_docs::seal::prepare(&pdf, &p, &key).map_err(|e| e.to_string())?;
                // The PDF and its payload travel together; the payload is JSON text.
                Ok([json.as_slice(), &b"\n"[..], pdf.as_slice()].concat())
            })
            .await
            .map(|joined| {
                let at = joined.iter().position(|b| *b == b'\n').unwrap_or(0);
                (joined[at + 1..].to_vec(), String::from_utf8_lossy(&joined[..at]).into_owned())
            })?;
            let kind = payload.kind.code();
            store
                .request_seal(
                    actor,
                    ittifaq_store::seal::NewSealRequest {
                        party: payload.party.clone(),
                        kind: kind.into(),
                        nomination_id,
                        reference: payload.id.clone(),
                        payload: json,
                        pdf,
                        issued_on: issued_on.to_owned(),
                        expires_on,
                    },
                )
                .await?;
            Ok(None)
        }
    }
}

/// Renders off the async threads: typesetting takes a while.
pub(crate) async fn render<F>(f: F) -> Result<Vec<u8>, AppError>
where
    F: FnOnce() -> Result<Vec<u8>, String> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(format!("rendering stopped: {e}")))?
        .map_err(AppError::Internal)
}

/// Issues the travel order of an enrolment: checks the vetting gate, renders, seals, stores.
pub async fn issue_order(
    store: &Store,
    keys: &DocumentKeys,
    actor: &Actor,
    id: NominationId,
) -> Result<String, AppError> {
    let data = store.prepare_travel_order(actor, id).await?;
    let sealer = sealer(keys, &data.host_party)?;
    let order = TravelOrder {
        reference: data.reference.clone(),
        agreement: agreement_title(store).await?,
        person_name: data.person_name.clone(),
        rank_code: data.rank_code.clone(),
        rank_title: rank_names(&data.rank_code),
        sending_party: party_names(store, &data.sending_party).await?,
        host_party: party_names(store, &data.host_party).await?,
        course_title: tri(&data.course_title),
        institution: tri(&data.institution),
        place: Trilingual::new(data.place.clone(), data.place.clone(), data.place.clone()),
        start: date("start", &data.start)?,
        end: date("end", &data.end)?,
        report_by: date("start", &data.start)?,
        issued_on: date("issued_on", &data.issued_on)?,
        issued_by: data.issued_by.clone(),
        vetting: data
            .vetting
            .iter()
            .map(|(name, day)| Ok(VettingCheck { name: tri(name), passed_on: date("vetting", day)? }))
            .collect::<Result<_, AppError>>()?,
    };
    let payload = SealPayload::new(
        SealKind::TravelOrder,
        data.reference.clone(),
        data.host_party.clone(),
        order.issued_on,
        Some(order.end),
    );
    let render_pdf = move || ittifaq_docs::render_travel_order(&order).map_err(|e| e.to_string());
    let sealed = seal_or_request(store, actor, sealer, payload, id.get(), &data.issued_on, None, render_pdf).await?;
    if let Some(pdf) = sealed {
        store.issue_travel_order(actor, id, &data, pdf).await?;
    }
    Ok(data.reference)
}

/// Issues the certificate of a completed course: renders with the QR code of its
/// verification page, seals with the host party's key, stores.
pub async fn issue_certificate(
    store: &Store,
    keys: &DocumentKeys,
    actor: &Actor,
    id: NominationId,
) -> Result<String, AppError> {
    let data: DocumentData = store.prepare_certificate(actor, id).await?;
    let sealer = sealer(keys, &data.host_party)?;
    let qualification = data.qualification.clone().unwrap_or_default();
    let cert = Certificate {
        id: data.reference.clone(),
        holder_name: data.person_name.clone(),
        rank_code: data.rank_code.clone(),
        rank_title: rank_names(&data.rank_code),
        course_title: tri(&data.course_title),
        institution: tri(&data.institution),
        issuing_party: party_names(store, &data.host_party).await?,
        start: date("start", &data.start)?,
        end: date("end", &data.end)?,
        issued_on: date("issued_on", &data.issued_on)?,
        expires_on: data.expires_on.as_deref().map(|d| date("expires_on", d)).transpose()?,
        grade: data.grade.clone(),
        qualification: Trilingual::new(qualification.clone(), qualification.clone(), qualification),
        verify_url: format!("{}/verify/{}", keys.public_url, data.reference),
    };
    let payload = SealPayload::new(
        SealKind::Certificate,
        data.reference.clone(),
        data.host_party.clone(),
        cert.issued_on,
        cert.expires_on,
    );
    let render_pdf = move || ittifaq_docs::render_certificate(&cert).map_err(|e| e.to_string());
    let expires_on = data.expires_on.clone();
    let sealed =
        seal_or_request(store, actor, sealer, payload, id.get(), &data.issued_on, expires_on, render_pdf).await?;
    if let Some(pdf) = sealed {
        let opened =
            ittifaq_docs::open(&pdf).map_err(|e| AppError::Internal(format!("the new seal does not open: {e}")))?;
        let payload = String::from_utf8_lossy(opened.payload_json()).into_owned();
        store.issue_certificate(actor, id, &data, payload, pdf).await?;
    }
    Ok(data.reference)
}

/// The outcome of verifying a document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Verdict {
    /// Whether the document is authentic, unaltered, issued, in force and not revoked.
    pub valid: bool,
    /// valid, altered, no-seal, unknown-key, bad-signature, not-issued, mismatch, revoked or expired.
    pub status: String,
    /// What was found, for a person to read.
    pub detail: String,
    /// What the seal states, when it could be read.
    pub kind: Option<String>,
    pub id: Option<String>,
    pub party: Option<String>,
    pub issued_on: Option<String>,
    pub expires_on: Option<String>,
}

impl Verdict {
    fn fail(status: &str, detail: impl Into<String>, payload: Option<&SealPayload>) -> Verdict {
        let mut v = Verdict {
            valid: false,
            status: status.into(),
            detail: detail.into(),
            kind: None,
            id: None,
            party: None,
            issued_on: None,
            expires_on: None,
        };
        if let Some(p) = payload {
            v.kind = Some(p.kind.code().into());
            v.id = Some(p.id.clone());
            v.party = Some(p.party.clone());
            v.issued_on = Some(p.issued_on.to_string());
            v.expires_on = p.expires_on.map(|d| d.to_string());
        }
        v
    }
}

/// Verifies a sealed document: the seal opens and the bytes are those sealed,
/// the issuing party's key signed it, the registry holds the same document,
/// and it is neither revoked nor expired on `today`.
pub async fn verify_document(
    store: &Store,
    verifiers: &BTreeMap<String, VerifyingKey>,
    bytes: &[u8],
    today: time::Date,
) -> Verdict {
    let sealed = match ittifaq_docs::open(bytes) {
        Ok(s) => s,
        Err(ittifaq_docs::SealError::NoSeal) => {
            return Verdict::fail(
                "no-seal",
                "the file carries no Ittifaq seal: it is not a document this platform issued",
                None,
            );
        }
        Err(e @ ittifaq_docs::SealError::ContentAltered { .. }) => {
            return Verdict::fail("altered", e.to_string(), None);
        }
        Err(e) => return Verdict::fail("altered", format!("the seal cannot be read: {e}"), None),
    };
    let p = sealed.payload().clone();
    let Some(key) = verifiers.get(&p.party) else {
        return Verdict::fail("unknown-key", format!("no sealing key of party {} is known here", p.party), Some(&p));
    };
    if let Err(e) = ittifaq_docs::verify(&sealed, key) {
        return Verdict::fail("bad-signature", format!("the seal is not party {}'s: {e}", p.party), Some(&p));
    }
    if p.kind == SealKind::Certificate {
        let stored = match store.public_certificate(&p.id).await {
            Ok(c) => c,
            Err(ittifaq_store::StoreError::NotFound(_)) => {
                return Verdict::fail("not-issued", format!("certificate {} is not in the registry", p.id), Some(&p));
            }
            Err(e) => return Verdict::fail("error", format!("the registry could not be read: {e}"), Some(&p)),
        };
        if stored.payload.as_bytes() != sealed.payload_json() {
            return Verdict::fail("mismatch", format!("the registry holds another document under {}", p.id), Some(&p));
        }
        if stored.revoked {
            let why = stored.revoked_reason.unwrap_or_default();
            return Verdict::fail("revoked", format!("certificate {} was revoked: {why}", p.id), Some(&p));
        }
    }
    if p.expired(today) {
        let last = p.expires_on.map(|d| d.to_string()).unwrap_or_default();
        return Verdict::fail("expired", format!("{} expired after {last}", p.id), Some(&p));
    }
    let mut v = Verdict::fail("valid", format!("{} is authentic, unaltered and in force", p.id), Some(&p));
    v.valid = true;
    v
}

/// A name in the three languages, from the message `key`.
pub(crate) fn said_in_three(key: &str) -> Trilingual {
    let said = |lang| Msg::of_key(key.to_owned()).in_lang(lang);
    Trilingual::new(said(ittifaq_core::Lang::En), said(ittifaq_core::Lang::Tr), said(ittifaq_core::Lang::Ar))
}

/// The transcript of the trainee's own training, as a PDF (rendered off the
/// async threads): every enrolment that held a seat, the earliest first.
/// None when the account belongs to no person.
pub async fn transcript(
    store: &Store,
    verify_base: &str,
    actor: &Actor,
    today: time::Date,
) -> Result<Option<Vec<u8>>, AppError> {
    use ittifaq_core::exchange::SEATED;
    let Some(own) = store.own_training(actor).await? else { return Ok(None) };
    let mut lines = Vec::new();
    for e in own.enrolments.iter().filter(|e| SEATED.contains(&e.record.nomination.status)) {
        let (r, s) = (&e.record, &e.record.session);
        lines.push(ittifaq_docs::TranscriptLine {
            session: s.code.clone(),
            course: Trilingual::new(s.title_en.clone(), s.title_tr.clone(), s.title_ar.clone()),
            institution: Trilingual::new(e.institution[0].clone(), e.institution[1].clone(), e.institution[2].clone()),
            host: s.host_party.clone(),
            start: date("start", &s.start)?,
            end: date("end", &s.end)?,
            outcome: said_in_three(&r.nomination.status.key()),
            grade: r.grade.clone(),
            certificate: r.certificate.as_ref().filter(|c| !c.revoked).map(|c| c.code.clone()),
        });
    }
    let p = &own.person;
    let rank = p.rank.clone().unwrap_or_default();
    let t = ittifaq_docs::Transcript {
        holder_name: p.display_name(),
        rank_title: rank_names(&rank),
        rank_code: rank,
        service_number: p.service_number.clone().unwrap_or_default(),
        party: party_names(store, &p.party).await?,
        agreement: agreement_title(store).await?,
        printed_on: today,
        verify_base: format!("{verify_base}/verify"),
        lines,
    };
    render(move || ittifaq_docs::render_transcript(&t).map_err(|e| e.to_string())).await.map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_name_the_rank_in_each_language_never_one_language_in_all_three() {
        let colonel = rank_names("OF-5");
        assert_eq!((colonel.en.as_str(), colonel.tr.as_str(), colonel.ar.as_str()), ("Colonel", "Albay", "عقيد"));
        let sergeant = rank_names("OR-5");
        assert_eq!((sergeant.en.as_str(), sergeant.tr.as_str()), ("Sergeant", "Astsubay Çavuş"));
        let odd = rank_names("XX-9");
        assert_eq!((odd.en.as_str(), odd.ar.as_str()), ("XX-9", "XX-9"));
    }
}
