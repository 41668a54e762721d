//! Render and seal timings: `cargo bench -p ittifaq-docs --profile dev` for the
//! debug build the tests use, plain `cargo bench -p ittifaq-docs` for release.
//! Prints the first render (fonts and Typst's library are set up then) and the
//! median of the following ones. Each run changes the document's number, as a
//! real series does, so that Typst's memoization cannot replay a whole render.

use std::time::{Duration, Instant};

use ittifaq_docs::{
    Certificate, SealKind, SealPayload, TravelOrder, Trilingual, VettingCheck, open, render_certificate,
    render_travel_order, seal, verify,
};
use time::macros::date;

fn main() {
    let order = TravelOrder {
        reference: "ITO-TR-2026-000042".into(),
        agreement: Trilingual::new(
            "Memorandum of Understanding on Military Training and Consultancy",
            "Askeri Eğitim ve Danışmanlık Mutabakat Muhtırası",
            "مذكرة تفاهم بشأن التدريب والاستشارات العسكرية",
        ),
        person_name: "Ahmad Khalil".into(),
        rank_code: "OF-2".into(),
        rank_title: Trilingual::new("Captain", "Yüzbaşı", "نقيب"),
        sending_party: Trilingual::new("Syrian Arab Republic", "Suriye Arap Cumhuriyeti", "الجمهورية العربية السورية"),
        host_party: Trilingual::new("Republic of Türkiye", "Türkiye Cumhuriyeti", "الجمهورية التركية"),
        course_title: Trilingual::new("Mountain Warfare Course", "Dağ Muharebe Kursu", "دورة القتال الجبلي"),
        institution: Trilingual::new("Mountain Commando School", "Dağ Komando Okulu", "مدرسة الكوماندوز الجبلي"),
        place: Trilingual::new("Eğirdir", "Eğirdir", "أغيردير"),
        start: date!(2026 - 03 - 02),
        end: date!(2026 - 04 - 24),
        report_by: date!(2026 - 02 - 27),
        issued_on: date!(2026 - 01 - 15),
        issued_by: "Training Exchange Office".into(),
        vetting: vec![VettingCheck {
            name: Trilingual::new("Identity verified", "Kimlik doğrulandı", "التحقق من الهوية"),
            passed_on: date!(2025 - 12 - 01),
        }],
    };
    let certificate = Certificate {
        id: "CERT-TR-2026-000123".into(),
        holder_name: order.person_name.clone(),
        rank_code: order.rank_code.clone(),
        rank_title: order.rank_title.clone(),
        course_title: order.course_title.clone(),
        institution: order.institution.clone(),
        issuing_party: order.host_party.clone(),
        start: order.start,
        end: order.end,
        issued_on: order.end,
        expires_on: None,
        grade: None,
        qualification: Trilingual::new("Instructor", "Öğretici", "مدرب"),
        verify_url: "https://ittifaq.example/verify/CERT-TR-2026-000123".into(),
    };

    time("travel order", 20, |run| {
        let order = TravelOrder { reference: format!("ITO-TR-2026-{run:06}"), ..order.clone() };
        render_travel_order(&order).map(|_| ()).unwrap()
    });
    time("certificate", 20, |run| {
        let certificate = Certificate { id: format!("CERT-TR-2026-{run:06}"), ..certificate.clone() };
        render_certificate(&certificate).map(|_| ()).unwrap()
    });

    let pdf = render_certificate(&certificate).unwrap();
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let payload = SealPayload::new(SealKind::Certificate, &certificate.id, "TR", certificate.issued_on, None);
    let doc = seal(&pdf, &payload, &key).unwrap();
    time("seal", 200, |_| drop(seal(&pdf, &payload, &key).unwrap()));
    time("open + verify", 200, |_| verify(&open(&doc).unwrap(), &key.verifying_key()).unwrap());
    println!("certificate: {} bytes sealed", doc.len());
}

fn time(name: &str, runs: usize, mut f: impl FnMut(usize)) {
    let started = Instant::now();
    f(0);
    let first = started.elapsed();
    let mut samples: Vec<Duration> = (1..=runs)
        .map(|run| {
            let started = Instant::now();
            f(run);
            started.elapsed()
        })
        .collect();
    samples.sort();
    println!("{name}: first {first:.1?}, median of {runs} {:.1?}", samples[runs / 2]);
}
