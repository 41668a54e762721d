//! The demo's force integration: three formations SY integrates, one of
//! each way of joining. The northern one (a bloc of 4,200 declared) has
//! registered and verified its people but stalled at vetting, due six weeks
//! ago with nothing verified for ten weeks, while its own figures say far
//! more; the eastern one (mixed) verifies identities too slowly to make its
//! deadline; the southern one (person by person) is on track. The
//! assignment stage of each has an owner but no date: a commitment on paper.

use anyhow::Result;
use ittifaq_core::Role;
use ittifaq_core::agreement::Names;
use ittifaq_core::integration::Figure;
use ittifaq_store::Store;
use ittifaq_store::integration::{CountInput, DeadlineInput, FormationInput};
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
    let d = Duration::days;
    for f in formations {
        let input = FormationInput {
            code: f.code.into(),
            name: Names { en: f.name[0].into(), tr: f.name[1].into(), ar: f.name[2].into() },
            origin: f.origin.into(),
            mode: f.mode.into(),
            declared_strength: i64::from(f.declared),
            starts_on: (today - d(210)).to_string(),
        };
        let id = store.create_formation(&sy, &input).await?.id;
        // Each stage's verified course: weekly counts from its start until it stops
        // (never beyond the stage before it, nor the declared strength).
        let mut reached = f.declared;
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
                    let input = CountInput {
                        stage: (*stage).into(),
                        count: i64::from(count),
                        on_day: day.min(today).to_string(),
                        method: "Roll call against the biometric register".into(),
                        list_reference: format!("{}-{}-W{weeks:02}", f.code, stage.to_uppercase()),
                        reason: String::new(),
                    };
                    store.record_count(&sy, id, Figure::Verified, &input).await?;
                    last = count;
                }
            }
            reached = last;
            let claimed = (f64::from(f.declared) * f.reported[k]).round() as i64;
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
    Ok(())
}
