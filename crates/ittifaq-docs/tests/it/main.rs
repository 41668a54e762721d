//! Integration tests of ittifaq-docs: rendering (text read back with the
//! `pdf-extract` parser) and the seal.

mod render;
mod seal;

use ittifaq_docs::{Certificate, TravelOrder, Trilingual, VettingCheck};
use time::macros::date;

pub fn travel_order() -> TravelOrder {
    TravelOrder {
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
        course_title: Trilingual::new(
            "Mountain and Winter Warfare Course",
            "Dağ ve Kış Muharebe İhtisas Kursu",
            "دورة القتال الجبلي والشتوي",
        ),
        institution: Trilingual::new(
            "Mountain Commando School and Training Centre",
            "Dağ Komando Okulu ve Eğitim Merkezi Komutanlığı",
            "مدرسة ومركز تدريب الكوماندوز الجبلي",
        ),
        place: Trilingual::new("Eğirdir, Isparta", "Eğirdir, Isparta", "أغيردير، إسبرطة"),
        start: date!(2026 - 03 - 02),
        end: date!(2026 - 04 - 24),
        report_by: date!(2026 - 02 - 27),
        issued_on: date!(2026 - 01 - 15),
        issued_by: "Col. Mehmet Şahin, Training Exchange Office".into(),
        vetting: vec![
            VettingCheck {
                name: Trilingual::new("Identity verified", "Kimlik doğrulandı", "التحقق من الهوية"),
                passed_on: date!(2025 - 12 - 01),
            },
            VettingCheck {
                name: Trilingual::new("Security clearance", "Güvenlik soruşturması", "التصريح الأمني"),
                passed_on: date!(2025 - 12 - 10),
            },
            VettingCheck {
                name: Trilingual::new("Medical fitness", "Sağlık yeterliliği", "اللياقة الطبية"),
                passed_on: date!(2025 - 12 - 18),
            },
        ],
    }
}

pub fn certificate() -> Certificate {
    Certificate {
        id: "CERT-TR-2026-000123".into(),
        holder_name: "Ahmad Khalil".into(),
        rank_code: "OF-2".into(),
        rank_title: Trilingual::new("Captain", "Yüzbaşı", "نقيب"),
        course_title: Trilingual::new(
            "Mountain and Winter Warfare Course",
            "Dağ ve Kış Muharebe İhtisas Kursu",
            "دورة القتال الجبلي والشتوي",
        ),
        institution: Trilingual::new(
            "Mountain Commando School and Training Centre",
            "Dağ Komando Okulu ve Eğitim Merkezi Komutanlığı",
            "مدرسة ومركز تدريب الكوماندوز الجبلي",
        ),
        issuing_party: Trilingual::new("Republic of Türkiye", "Türkiye Cumhuriyeti", "الجمهورية التركية"),
        start: date!(2026 - 03 - 02),
        end: date!(2026 - 04 - 24),
        issued_on: date!(2026 - 04 - 24),
        expires_on: Some(date!(2029 - 04 - 23)),
        grade: Some("A".into()),
        qualification: Trilingual::new("Mountain warfare instructor", "Dağ muharebe öğreticisi", "مدرب قتال جبلي"),
        verify_url: "https://ittifaq.example/verify/CERT-TR-2026-000123".into(),
    }
}

pub fn transcript(lines: usize) -> ittifaq_docs::Transcript {
    let line = |k: usize| ittifaq_docs::TranscriptLine {
        session: format!("TR-MW-{k:03}"),
        course: certificate().course_title,
        institution: certificate().institution,
        host: "TR".into(),
        start: date!(2026 - 03 - 02),
        end: date!(2026 - 04 - 24),
        outcome: Trilingual::new("Completed", "Tamamladı", "مكتملة"),
        grade: k.is_multiple_of(2).then(|| "A".into()),
        certificate: k.is_multiple_of(2).then(|| format!("CERT-TR-2026-{k:06}")),
    };
    ittifaq_docs::Transcript {
        holder_name: "Ahmad Khalil".into(),
        rank_code: "OF-2".into(),
        rank_title: Trilingual::new("Captain", "Yüzbaşı", "نقيب"),
        service_number: "SY-104233".into(),
        party: Trilingual::new("Syrian Arab Republic", "Suriye Arap Cumhuriyeti", "الجمهورية العربية السورية"),
        agreement: travel_order().agreement,
        printed_on: date!(2026 - 05 - 01),
        verify_base: "https://ittifaq.example/verify".into(),
        lines: (0..lines).map(line).collect(),
    }
}
