//! The demo's force integration: three formations SY integrates, one of
//! each way of joining, each with a roster of a few thousand synthetic
//! people ([`ittifaq_core::integration::roster`]) in which some registered
//! twice: in the same formation or another, in the other script or another
//! transliteration, with a mistyped date of birth. The exact repeats within
//! one file were dropped, as the import's report asks; the rest stand
//! flagged for review, a few already reviewed. Stages are verified for
//! named people, week by week. The northern one (a bloc, 4,200 declared,
//! fewer on its roster) has registered and verified its people but stalled
//! at vetting, due six weeks ago with nothing verified for ten weeks, while
//! its own figures say far more; the eastern one (mixed) verifies
//! identities too slowly to make its deadline; the southern one (person by
//! person) is on track and has sent a few people to reintegration. The
//! assignment stage of each has an owner but no date: a commitment on paper.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use ittifaq_core::Role;
use ittifaq_core::agreement::Names;
use ittifaq_core::integration::identity::IdentityMac;
use ittifaq_core::integration::roster::{Profile, generate};
use ittifaq_core::integration::{Figure, MatchState, Stage};
use ittifaq_store::Store;
use ittifaq_store::integration::{
    CandidateInput, CandidateReview, CountInput, DeadlineInput, FormationInput, ReintegrationInput, RosterQuery,
    VerifyInput,
};
use time::{Date, Duration};

use crate::demo_people::demo_actor;

/// A stage's verified course: days before today it started, its weekly
/// pace, and days before today it stopped (none: never started).
type Course = Option<(i64, u32, i64)>;

/// One formation of the demo: what it declared, and each stage's course.
struct Demo {
    code: &'static str,
    name: [&'static str; 3],
    origin: &'static str,
    mode: &'static str,
    /// The strength it declared (the northern one only: the others declared their rosters).
    declared: u32,
    /// Per stage: deadline in days from today (none: no date), and the verified course.
    stages: [(&'static str, Option<i64>, Course); 6],
    /// The formation's own figure per stage, as a share of the declared strength.
    reported: [f64; 6],
}

pub async fn seed(store: &Store, today: Date) -> Result<()> {
    let sy = demo_actor(store, "SY", Role::JointOffice).await?;
    let formations = [
        Demo {
            code: "F-NORTH",
            name: ["Northern formation", "Kuzey oluşumu", "تشكيل الشمال"],
            origin: "Northern front, former 1st corps",
            mode: "bloc",
            declared: 4200,
            stages: [
                ("register", Some(-150), Some((200, 600, 150))),
                ("verify_identity", Some(-110), Some((170, 600, 115))),
                ("vet", Some(-42), Some((140, 300, 70))),
                ("harmonise_rank", Some(60), None),
                ("assign", None, None),
                ("hand_over", Some(200), None),
            ],
            reported: [1.0, 1.0, 0.95, 0.6, 0.0, 0.0],
        },
        Demo {
            code: "F-EAST",
            name: ["Eastern formation", "Doğu oluşumu", "تشكيل الشرق"],
            origin: "Eastern region, local brigades",
            mode: "mixed",
            declared: 2600,
            stages: [
                ("register", Some(-90), Some((160, 300, 95))),
                ("verify_identity", Some(30), Some((100, 60, 0))),
                ("vet", Some(90), None),
                ("harmonise_rank", Some(150), None),
                ("assign", None, None),
                ("hand_over", Some(300), None),
            ],
            reported: [1.0, 0.9, 0.5, 0.0, 0.0, 0.0],
        },
        Demo {
            code: "F-SOUTH",
            name: ["Southern formation", "Güney oluşumu", "تشكيل الجنوب"],
            origin: "Southern region, individual volunteers",
            mode: "individual",
            declared: 1800,
            stages: [
                ("register", Some(-60), Some((150, 200, 75))),
                ("verify_identity", Some(40), Some((120, 100, 0))),
                ("vet", Some(120), Some((60, 100, 0))),
                ("harmonise_rank", Some(200), None),
                ("assign", None, None),
                ("hand_over", Some(320), None),
            ],
            reported: [1.0, 0.9, 0.45, 0.0, 0.0, 0.0],
        },
    ];
    // The army's target structure the integrated are assigned to.
    for (code, kind, parent, posts, en, tr, ar) in [
        ("DIV-7", "division", None, 0, "7th Division", "7. Tümen", "الفرقة السابعة"),
        ("BDE-71", "brigade", Some("DIV-7"), 1_800, "71st Brigade", "71. Tugay", "اللواء 71"),
        ("BDE-72", "brigade", Some("DIV-7"), 1_800, "72nd Brigade", "72. Tugay", "اللواء 72"),
        ("DIV-9", "division", None, 0, "9th Division", "9. Tümen", "الفرقة التاسعة"),
        ("BDE-91", "brigade", Some("DIV-9"), 2_400, "91st Brigade", "91. Tugay", "اللواء 91"),
        ("BN-911", "battalion", Some("BDE-91"), 600, "911th Battalion", "911. Tabur", "الكتيبة 911"),
    ] {
        let input = ittifaq_store::integration::TargetUnitInput {
            code: code.into(),
            name: Names { en: en.into(), tr: tr.into(), ar: ar.into() },
            kind: kind.into(),
            parent: parent.map(str::to_owned),
            posts,
        };
        store.create_target_unit(&sy, &input).await?;
    }
    let d = Duration::days;
    // One roster for the three, so that some people are registered in two.
    let knobs =
        ittifaq_core::integration::roster::Knobs { weights: Some(&[78, 50, 35]), ..Profile::Registry.knobs(8_150) };
    let rows = generate(&knobs, 2025);
    // The exact repeats within one file, as the import's report would name them: dropped.
    let mac = IdentityMac::new(b"demo");
    let mut seen = HashSet::new();
    let mut rosters: Vec<Vec<CandidateInput>> = vec![Vec::new(); 3];
    for r in &rows {
        let Some(id) = mac.identity(&r.full_name, r.born, &r.mother, &r.birthplace) else { continue };
        if !seen.insert((r.formation, id.exact)) {
            continue;
        }
        let code = formations[r.formation].code;
        let number = r.roster_ref.rsplit('-').next().unwrap_or_default();
        rosters[r.formation].push(CandidateInput {
            roster_ref: format!("{code}-{number}"),
            full_name: r.full_name.clone(),
            date_of_birth: r.born.to_string(),
            mother_name: r.mother.clone(),
            birthplace: r.birthplace.clone(),
        });
    }
    for (f, roster) in formations.into_iter().zip(rosters) {
        // The northern formation declared more than its roster holds (ghosts); the others declared their rosters.
        let declared = if f.code == "F-NORTH" { f.declared } else { roster.len() as u32 };
        let input = FormationInput {
            code: f.code.into(),
            name: Names { en: f.name[0].into(), tr: f.name[1].into(), ar: f.name[2].into() },
            origin: f.origin.into(),
            mode: f.mode.into(),
            declared_strength: i64::from(declared),
            starts_on: (today - d(210)).to_string(),
        };
        let id = store.create_formation(&sy, &input).await?.id;
        store
            .import_candidates(&sy, id, &roster)
            .await
            .map_err(|e| anyhow::anyhow!("the demo roster of {}: {e:?}", f.code))?;
        // Who may be verified at each stage, in the roster's order: those
        // under review pass registration only.
        let mut open = HashSet::new();
        let mut page = 0;
        loop {
            let q = RosterQuery { flagged: true, page, ..RosterQuery::default() };
            let got = store.roster(&sy, id, &q).await?;
            open.extend(got.rows.iter().map(|c| c.roster_ref.clone()));
            page += 1;
            if page >= got.pages {
                break;
            }
        }
        let mut passed: HashMap<Stage, Vec<String>> = HashMap::new();
        // Each stage's verified course: weekly counts from its start until it stops
        // (never beyond those who passed the stage before it).
        let mut reached = roster.len() as u32;
        for (k, (stage, due, course)) in f.stages.iter().enumerate() {
            let deadline = DeadlineInput {
                stage: (*stage).into(),
                due: due.map(|days| (today + d(days)).to_string()),
                binding: k != 5,
                clause: format!("Integration annex, article {}", k + 1),
                owner_party: Some("SY".into()),
            };
            store.set_stage_deadline(&sy, id, &deadline).await?;
            let mut last = 0;
            if let Some((began, per_week, stopped)) = course {
                let mut day = today - d(*began);
                while day < today - d(*stopped) {
                    day += d(7);
                    let weeks = ((day - (today - d(*began))).whole_days() / 7) as u32;
                    let count = (weeks * per_week).min(reached);
                    if count == last {
                        continue;
                    }
                    let stage_now = Stage::parse(stage)?;
                    let pool: Vec<String> = match stage_now.previous() {
                        None => roster.iter().map(|c| c.roster_ref.clone()).collect(),
                        Some(before) => passed.get(&before).cloned().unwrap_or_default(),
                    };
                    let done: HashSet<String> = passed.get(&stage_now).into_iter().flatten().cloned().collect();
                    let next: Vec<String> = pool
                        .into_iter()
                        .filter(|r| !done.contains(r) && (stage_now == Stage::Register || !open.contains(r)))
                        .take((count - last) as usize)
                        .collect();
                    if next.is_empty() {
                        break;
                    }
                    let input = VerifyInput {
                        stage: (*stage).into(),
                        on_day: day.min(today).to_string(),
                        method: "Roll call against the biometric register".into(),
                        list_reference: format!("{}-{}-W{weeks:02}", f.code, stage.to_uppercase()),
                        refs: next.clone(),
                        unit: None,
                    };
                    store.verify_candidates(&sy, id, &input).await?;
                    last += next.len() as u32;
                    passed.entry(stage_now).or_default().extend(next);
                }
            }
            reached = last;
            if f.code == "F-SOUTH" && *stage == "vet" {
                // A few found ineligible at vetting, or choosing civilian life.
                let reasons = ["vetting", "age", "voluntary", "medical"];
                for (i, r) in passed.get(&Stage::VerifyIdentity).into_iter().flatten().rev().take(24).enumerate() {
                    let Some(c) = store
                        .roster(&sy, id, &RosterQuery { q: r.clone(), ..RosterQuery::default() })
                        .await?
                        .rows
                        .pop()
                    else {
                        continue;
                    };
                    if c.stage == Some(Stage::VerifyIdentity) {
                        let input = ReintegrationInput { reason: reasons[i % 4].into(), note: String::new() };
                        store.reintegrate(&sy, c.id, &input).await?;
                    }
                }
            }
            let claimed = (f64::from(declared) * f.reported[k]).round() as i64;
            if claimed > 0 {
                let input = CountInput {
                    stage: (*stage).into(),
                    count: claimed,
                    on_day: (today - d(3)).to_string(),
                    method: "The formation's own return".into(),
                    list_reference: format!("{}-RETURN", f.code),
                    reason: String::new(),
                };
                store.record_count(&sy, id, Figure::Reported, &input).await?;
            }
        }
    }
    // A few reviews done: one a second registration struck off, one another person.
    let flagged = store
        .roster(&sy, first_id(store, &sy).await?, &RosterQuery { flagged: true, ..RosterQuery::default() })
        .await?;
    let mut reviewed = 0;
    for c in &flagged.rows {
        // Reviewing one may settle another of its group: only what is still open.
        if reviewed == 4 || store.candidate(&sy, c.id).await?.match_state != Some(MatchState::Open) {
            continue;
        }
        let decision = if reviewed % 2 == 0 { "withdraw" } else { "distinct" };
        let input = CandidateReview { decision: decision.into(), note: "Compared with the biometric register".into() };
        store.review_candidate(&sy, c.id, &input).await?;
        reviewed += 1;
    }
    Ok(())
}

/// The first formation of the demo.
async fn first_id(store: &Store, sy: &ittifaq_store::Actor) -> Result<ittifaq_core::id::FormationId> {
    let board = store.integration_board(sy).await?;
    board.first().map(|f| f.id).ok_or_else(|| anyhow::anyhow!("the demo has no formation"))
}
