//! The demo's people: a deterministic generator, the names and ranks the
//! demo draws from, the canary each party's private data carries, and the
//! demo accounts' usernames. Shared by the demo and `seed-year`.

use ittifaq_core::Role;
use ittifaq_core::person::PersonInput;

/// People per party in the demo.
pub const PEOPLE_PER_PARTY: usize = 320;

/// The canary each party's private demo data carries; no response to the
/// other party may ever contain it.
pub fn canary(party: &str) -> String {
    format!("CANARY-{party}-PRIVATE")
}

/// A small deterministic generator (SplitMix64), so that every demo is the same.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const TR_GIVEN: &[&str] = &[
    "Ahmet", "Mehmet", "Mustafa", "Ali", "Hüseyin", "Hasan", "İbrahim", "Murat", "Emre", "Burak", "Ayşe", "Fatma",
    "Zeynep", "Elif", "Selin", "Kemal", "Serkan", "Onur", "Cem", "Deniz", "Gökhan", "Yusuf", "Ömer", "Tuğba",
];
const TR_FAMILY: &[&str] = &[
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
    "Polat",
    "Erdem",
    "Aksoy",
    "Korkmaz",
];
const SY_GIVEN: &[(&str, &str)] = &[
    ("Omar", "عمر"),
    ("Ahmad", "أحمد"),
    ("Khaled", "خالد"),
    ("Mahmoud", "محمود"),
    ("Youssef", "يوسف"),
    ("Ali", "علي"),
    ("Hassan", "حسن"),
    ("Ibrahim", "إبراهيم"),
    ("Samer", "سامر"),
    ("Rami", "رامي"),
    ("Bassam", "بسام"),
    ("Fadi", "فادي"),
    ("Nour", "نور"),
    ("Lina", "لينا"),
    ("Rana", "رنا"),
    ("Tarek", "طارق"),
    ("Walid", "وليد"),
    ("Majd", "مجد"),
    ("Hamza", "حمزة"),
    ("Anas", "أنس"),
];
const SY_FAMILY: &[(&str, &str)] = &[
    ("Haddad", "حداد"),
    ("Khatib", "الخطيب"),
    ("Masri", "المصري"),
    ("Halabi", "الحلبي"),
    ("Shami", "الشامي"),
    ("Najjar", "النجار"),
    ("Hamwi", "الحموي"),
    ("Idlibi", "الإدلبي"),
    ("Sabbagh", "الصباغ"),
    ("Attar", "العطار"),
    ("Darwish", "درويش"),
    ("Hourani", "الحوراني"),
    ("Kurdi", "الكردي"),
    ("Jabri", "الجابري"),
    ("Saleh", "صالح"),
    ("Mousa", "موسى"),
];

/// Rank codes weighted towards the ranks that attend courses.
const RANKS: &[(&str, &str, &str)] = &[
    ("OR-3", "Onbaşı", "عريف"),
    ("OR-4", "Çavuş", "رقيب"),
    ("OR-5", "Uzman Çavuş", "رقيب أول"),
    ("OR-6", "Astsubay Çavuş", "مساعد"),
    ("OR-7", "Astsubay Kıdemli Çavuş", "مساعد أول"),
    ("OR-8", "Astsubay Başçavuş", "مساعد أول"),
    ("OF-1", "Teğmen", "ملازم"),
    ("OF-1", "Üsteğmen", "ملازم أول"),
    ("OF-2", "Yüzbaşı", "نقيب"),
    ("OF-3", "Binbaşı", "رائد"),
    ("OF-4", "Yarbay", "مقدم"),
    ("OF-5", "Albay", "عقيد"),
];

const QUALIFICATIONS: &[&str] =
    &["EOD-BASIC", "FIRST-AID", "CYBER-FOUND", "LOG-BASIC", "PK-BASIC", "CT-BASIC", "ENG-BASIC", "ENGLISH-B1"];

pub(crate) fn demo_person(party: &str, n: usize, unit_id: i64, rng: &mut Rng) -> PersonInput {
    let (rank, title_tr, title_ar) = rng.pick(RANKS);
    let (given, family, native, own_lang, title) = if party == "TR" {
        (rng.pick(TR_GIVEN).to_string(), rng.pick(TR_FAMILY).to_string(), None, "tr", title_tr.to_string())
    } else {
        let (g, ga) = rng.pick(SY_GIVEN);
        let (f, fa) = rng.pick(SY_FAMILY);
        (g.to_string(), f.to_string(), Some(format!("{ga} {fa}")), "ar", title_ar.to_string())
    };
    let mut languages = vec![own_lang.to_owned()];
    if rng.chance(45) {
        languages.push("en".into());
    }
    if rng.chance(20) {
        languages.push(if party == "TR" { "ar".into() } else { "tr".into() });
    }
    let mut qualifications = Vec::new();
    for q in QUALIFICATIONS {
        if rng.chance(12) {
            qualifications.push((*q).to_owned());
        }
    }
    let canary = canary(party);
    PersonInput {
        service_number: format!("{party}-{:06}", 1000 + n * 7),
        given_name: given,
        family_name: family,
        native_name: native,
        rank: (*rank).to_owned(),
        rank_title: Some(title),
        unit_id,
        languages,
        qualifications,
        national_id: Some(format!("{canary}-{:011}", rng.next() % 100_000_000_000)),
        phone: Some(format!(
            "+{} 5{:02} {:03} {:04} {canary}",
            if party == "TR" { 90 } else { 963 },
            rng.below(100),
            rng.below(1000),
            rng.below(10_000)
        )),
        next_of_kin: Some(format!("{canary} next of kin {n}")),
    }
}

pub fn demo_username(party: &str, role: Role) -> String {
    format!("{}.{}", party.to_lowercase(), role.code())
}

/// The demo user of a party's role, as the actor of the steps it takes.
pub async fn demo_actor(store: &ittifaq_store::Store, party: &str, role: Role) -> anyhow::Result<ittifaq_store::Actor> {
    use anyhow::Context;
    let u = store
        .user_by_username(&demo_username(party, role))
        .await?
        .with_context(|| format!("the demo user {}", demo_username(party, role)))?;
    Ok(ittifaq_store::Actor {
        user_id: Some(u.id),
        username: u.username,
        party: ittifaq_core::PartyCode::parse(party)?,
        role,
    })
}
