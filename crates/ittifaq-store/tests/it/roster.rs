//! The roster of candidates on both backends: an import is all rows or
//! none, every faulty row named; the same person registered twice (in the
//! other script, by another transliteration, with a mistyped date, in
//! another formation or the other party's) is flagged for review, and the
//! other party learns only the formation of the match; stages are verified
//! for named people, never skipped, never for another formation's people,
//! never past identity while a match is unreviewed; a second registration
//! struck off lowers the counts it was in, with the reason; someone
//! integrated is not registered again; the other party reads the roster in
//! figures only, under ten withheld; canaries prove it.

use ittifaq_core::Role;
use ittifaq_core::agreement::Names;
use ittifaq_core::integration::{CandidateStatus, MatchState, Stage};
use ittifaq_store::StoreError;
use ittifaq_store::audit_view::AuditFilter;
use ittifaq_store::integration::{
    CandidateInput, CandidateReview, CountInput, FormationInput, ReintegrationInput, RosterQuery, VerifyInput,
};

use crate::support::{actor, databases};

fn formation(code: &str) -> FormationInput {
    FormationInput {
        code: code.into(),
        name: Names { en: format!("{code} brigade"), tr: format!("{code} tugayı"), ar: format!("لواء {code}") },
        origin: "Northern command".into(),
        mode: "mixed".into(),
        declared_strength: 100,
        starts_on: "2026-01-01".into(),
    }
}

fn row(r: &str, name: &str, born: &str) -> CandidateInput {
    CandidateInput {
        roster_ref: r.into(),
        full_name: name.into(),
        date_of_birth: born.into(),
        mother_name: String::new(),
        birthplace: String::new(),
    }
}

fn verify(stage: &str, on: &str, refs: &[&str]) -> VerifyInput {
    VerifyInput {
        stage: stage.into(),
        on_day: on.into(),
        method: "Biometric check".into(),
        list_reference: "LIST-1".into(),
        refs: refs.iter().map(|r| (*r).to_owned()).collect(),
        unit: (stage == "assign").then(|| "BDE-1".to_owned()),
    }
}

fn fault(e: &StoreError) -> (String, String) {
    match e {
        StoreError::Invalid { field, reason } => (field.clone(), reason.key().to_owned()),
        other => panic!("expected a refusal by field, got {other:?}"),
    }
}

const CANARY: &str = "Canary Qasim Zahir";

#[tokio::test]
async fn a_roster_imports_whole_flags_the_same_person_and_moves_counts_only_by_name() {
    for db in databases().await {
        let s = &db.store;
        let l = db.label;
        let sy = actor("SY", Role::JointOffice);
        let tr = actor("TR", Role::JointOffice);
        let north = s.create_formation(&sy, &formation("F-NORTH")).await.unwrap().id;
        let east = s.create_formation(&sy, &formation("F-EAST")).await.unwrap().id;
        let tr_f = s.create_formation(&tr, &formation("T-ONE")).await.unwrap().id;

        // Every faulty row is named, by its index and field; nothing is stored.
        let bad = vec![
            row("N-1", "Mohammed Khaled Hassan", "1990-03-14"),
            row("", "Omar Said", "1991-01-01"),
            row("N-3", "Ali Haydar", "1990-02-30"),
            row("N-4", "Ali Haydar", "2099-01-01"),
            row("N-1", "Yusuf Darwish", "1985-05-05"),
            row("N-6", "محمد خالد حسن", "1990-03-14"),
            row("N-7", "--", "1980-01-01"),
        ];
        let errors = s.import_candidates(&sy, north, &bad).await.unwrap_err();
        let got: Vec<(usize, String, String)> = errors.iter().map(|(i, e)| (*i, fault(e).0, fault(e).1)).collect();
        assert_eq!(
            got,
            vec![
                (1, "roster_ref".into(), "invalid-required".into()),
                (2, "date_of_birth".into(), "invalid-date".into()),
                (3, "date_of_birth".into(), "invalid-candidate-born".into()),
                (4, "roster_ref".into(), "invalid-roster-duplicate-ref".into()),
                (5, "full_name".into(), "invalid-roster-duplicate-person".into()),
                (6, "full_name".into(), "invalid-candidate-name".into()),
            ],
            "{l}"
        );
        assert_eq!(s.roster(&sy, north, &RosterQuery::default()).await.unwrap().total, 0, "{l}: nothing stored");

        // The same man, written four ways across two formations and the other party's.
        let done = s
            .import_candidates(
                &sy,
                north,
                &[
                    row("N-1", "Mohammed Khaled Hassan", "1990-03-14"),
                    row("N-2", "Omar Said", "1991-01-01"),
                    row("N-3", "Ahmad Yusuf", "1988-07-02"),
                    row("N-4", CANARY, "1979-09-09"),
                ],
            )
            .await
            .unwrap();
        assert_eq!((done.imported, done.flagged), (4, 0), "{l}");
        let done = s
            .import_candidates(
                &sy,
                east,
                &[row("E-1", "محمد خالد حسن", "1990-03-14"), row("E-2", "Ahmed Yousef", "1988-07-20")],
            )
            .await
            .unwrap();
        assert_eq!((done.imported, done.flagged), (2, 2), "{l}: the Arabic script and the mistyped date");
        let done = s.import_candidates(&tr, tr_f, &[row("T-1", "Mehmet Halit Hasan", "1991-03-14")]).await.unwrap();
        assert_eq!((done.imported, done.flagged), (1, 1), "{l}: the Turkish transliteration, the year mistyped");
        // Importing the same reference twice is refused.
        let again = s.import_candidates(&sy, north, &[row("N-2", "Someone Else", "1970-01-01")]).await.unwrap_err();
        assert_eq!(fault(&again[0].1), ("roster_ref".into(), "invalid-roster-ref-taken".into()), "{l}");

        let flagged = s.roster(&sy, north, &RosterQuery { flagged: true, ..RosterQuery::default() }).await.unwrap();
        let refs: Vec<&str> = flagged.rows.iter().map(|c| c.roster_ref.as_str()).collect();
        assert_eq!(refs, ["N-1", "N-3"], "{l}: the earlier registrations are reopened too");
        let n1 = &flagged.rows[0];
        assert_eq!(n1.match_state, Some(MatchState::Open));
        let mut peers: Vec<(String, Option<String>)> =
            n1.matches.iter().map(|m| (m.formation.clone(), m.candidate.as_ref().map(|(_, r)| r.clone()))).collect();
        peers.sort();
        assert_eq!(peers, [("F-EAST".into(), Some("E-1".into())), ("T-ONE".into(), None)], "{l}: whose, never told");
        // The other party sees its own side: a match in a formation of SY's, no name, no reference.
        let t1 = s.roster(&tr, tr_f, &RosterQuery::default()).await.unwrap().rows.remove(0);
        assert!(t1.matches.iter().all(|m| m.candidate.is_none()), "{l}");
        assert_eq!(t1.matches.len(), 2, "{l}");

        // The other party: no roster, no candidate, no name; the figures only, under ten withheld.
        // (The formation is on the board for both; its roster is refused as not the reader's own.)
        assert!(matches!(s.roster(&tr, north, &RosterQuery::default()).await, Err(StoreError::Forbidden(_))), "{l}");
        assert!(matches!(s.candidate(&tr, n1.id).await, Err(StoreError::NotFound(_))), "{l}");
        let review = CandidateReview { decision: "withdraw".into(), note: String::new() };
        assert!(matches!(s.review_candidate(&tr, n1.id, &review).await, Err(StoreError::NotFound(_))), "{l}");
        let summary = s.roster_summary(&tr, north).await.unwrap();
        assert_eq!((summary.total, summary.withheld), (None, true), "{l}: 4 people are under ten");
        assert!(!format!("{summary:?}").contains("Canary"), "{l}");
        let own = s.roster_summary(&sy, north).await.unwrap();
        assert_eq!((own.total, own.under_review), (Some(4), Some(2)), "{l}");

        // Verification by name: checked, refused by reference, nothing stored.
        let e = s.verify_candidates(&sy, north, &verify("register", "2026-02-01", &["N-1", "E-1"])).await.unwrap_err();
        assert_eq!(fault(&e), ("refs".into(), "invalid-verify-not-on-roster".into()), "{l}: another formation's");
        let e = s.verify_candidates(&sy, north, &verify("vet", "2026-02-01", &["N-2"])).await.unwrap_err();
        assert_eq!(fault(&e), ("refs".into(), "invalid-verify-skipped".into()), "{l}");
        let e = s.verify_candidates(&sy, north, &verify("register", "2026-02-01", &["N-2", "N-2"])).await.unwrap_err();
        assert_eq!(fault(&e), ("refs".into(), "invalid-verify-ref-twice".into()), "{l}");
        let e = s.verify_candidates(&sy, north, &verify("register", "2025-12-01", &["N-2"])).await.unwrap_err();
        assert_eq!(fault(&e).0, "on_day", "{l}: before the plan");
        let e = s.verify_candidates(&tr, north, &verify("register", "2026-02-01", &["N-2"])).await.unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{l}");
        let all = ["N-1", "N-2", "N-3", "N-4"];
        let board = s.verify_candidates(&sy, north, &verify("register", "2026-02-01", &all)).await.unwrap();
        assert_eq!(board.cells[0].verified, Some(4), "{l}");
        let e = s
            .verify_candidates(&sy, north, &verify("verify_identity", "2026-02-08", &["N-1", "N-2"]))
            .await
            .unwrap_err();
        assert_eq!(fault(&e), ("refs".into(), "invalid-verify-under-review".into()), "{l}");
        // A bare verified number is refused where a roster is kept.
        let bare = CountInput {
            stage: "verify_identity".into(),
            count: 2,
            on_day: "2026-02-08".into(),
            method: "m".into(),
            list_reference: "l".into(),
            reason: String::new(),
        };
        let e = s.record_count(&sy, north, ittifaq_core::integration::Figure::Verified, &bare).await.unwrap_err();
        assert_eq!(fault(&e), ("count".into(), "invalid-integration-roster-verify".into()), "{l}");

        // Reviewed: N-3 is another man; E-2 a second registration of N-3? No: another too.
        let distinct = CandidateReview { decision: "distinct".into(), note: "Different father".into() };
        let n3 = s.review_candidate(&sy, flagged.rows[1].id, &distinct).await.unwrap();
        assert_eq!(n3.match_state, Some(MatchState::Distinct), "{l}");
        let board =
            s.verify_candidates(&sy, north, &verify("verify_identity", "2026-02-08", &["N-2", "N-3"])).await.unwrap();
        assert_eq!(board.cells[1].verified, Some(2), "{l}");
        // N-1 passes identity once reviewed as distinct; then E-1 is struck off as its second registration.
        s.review_candidate(&sy, n1.id, &distinct).await.unwrap();
        s.verify_candidates(&sy, north, &verify("verify_identity", "2026-02-09", &["N-1"])).await.unwrap();
        let e1 = s
            .roster(&sy, east, &RosterQuery { q: "E-1".into(), ..RosterQuery::default() })
            .await
            .unwrap()
            .rows
            .remove(0);
        s.verify_candidates(&sy, east, &verify("register", "2026-02-01", &["E-1", "E-2"])).await.unwrap();
        let withdraw = CandidateReview { decision: "withdraw".into(), note: "Same biometric record as N-1".into() };
        let struck = s.review_candidate(&sy, e1.id, &withdraw).await.unwrap();
        assert_eq!(struck.status, CandidateStatus::Withdrawn, "{l}");
        let east_row = s.formation(&sy, east).await.unwrap();
        assert_eq!(east_row.cells[0].verified, Some(1), "{l}: the count it was in goes down");
        let e = s.review_candidate(&sy, e1.id, &withdraw).await.unwrap_err();
        assert!(matches!(e, StoreError::Conflict(_)), "{l}: nothing left to review");

        // Reintegration, with a reason; a reason "other" needs a note.
        let other = ReintegrationInput { reason: "other".into(), note: String::new() };
        assert_eq!(fault(&s.reintegrate(&sy, n3.id, &other).await.unwrap_err()).0, "note", "{l}");
        let age = ReintegrationInput { reason: "age".into(), note: String::new() };
        let gone = s.reintegrate(&sy, n3.id, &age).await.unwrap();
        assert_eq!(gone.status, CandidateStatus::Reintegration, "{l}");
        let e = s.verify_candidates(&sy, north, &verify("vet", "2026-02-10", &["N-3"])).await.unwrap_err();
        assert_eq!(fault(&e), ("refs".into(), "invalid-verify-not-active".into()), "{l}");

        // The target structure: a division, a brigade of one post under it; a unit under a lower kind is refused.
        let unit =
            |code: &str, kind: &str, parent: Option<&str>, posts: i64| ittifaq_store::integration::TargetUnitInput {
                code: code.into(),
                name: Names { en: code.into(), tr: code.into(), ar: format!("وحدة {code}") },
                kind: kind.into(),
                parent: parent.map(str::to_owned),
                posts,
            };
        s.create_target_unit(&sy, &unit("DIV-1", "division", None, 0)).await.unwrap();
        s.create_target_unit(&sy, &unit("BDE-1", "brigade", Some("DIV-1"), 1)).await.unwrap();
        let e = s.create_target_unit(&sy, &unit("DIV-2", "division", Some("BDE-1"), 5)).await.unwrap_err();
        assert_eq!(fault(&e), ("parent".into(), "invalid-target-under".into()), "{l}");
        let e = s.create_target_unit(&tr, &unit("TB-1", "brigade", Some("DIV-1"), 5)).await.unwrap_err();
        assert_eq!(fault(&e).0, "parent", "{l}: another party's unit is no parent");

        // N-2 goes all the way; then no one registers him again, anywhere.
        for (stage, on) in [
            ("vet", "2026-02-10"),
            ("harmonise_rank", "2026-02-11"),
            ("assign", "2026-02-12"),
            ("hand_over", "2026-02-13"),
        ] {
            if stage == "assign" {
                // The unit is named, and has a free post.
                let mut no_unit = verify(stage, on, &["N-2"]);
                no_unit.unit = None;
                assert_eq!(
                    fault(&s.verify_candidates(&sy, north, &no_unit).await.unwrap_err()),
                    ("unit".into(), "invalid-required".into()),
                    "{l}"
                );
                let mut full = verify(stage, on, &["N-2"]);
                full.unit = Some("DIV-1".into());
                let e = s.verify_candidates(&sy, north, &full).await.unwrap_err();
                assert_eq!(fault(&e), ("unit".into(), "invalid-verify-no-posts".into()), "{l}");
            }
            s.verify_candidates(&sy, north, &verify(stage, on, &["N-2"])).await.unwrap();
        }
        // The brigade's one post is taken: nobody else is assigned to it.
        let structure = s.target_structure(&tr).await.unwrap();
        let bde = structure.iter().find(|u| u.code == "BDE-1").unwrap();
        assert_eq!((bde.posts, bde.assigned), (1, None), "{l}: one person, withheld from TR");
        let bde = s.target_structure(&sy).await.unwrap().into_iter().find(|u| u.code == "BDE-1").unwrap();
        assert_eq!(bde.assigned, Some(1), "{l}");
        // An amendment that sets the structure in the agreement brings the units up to its
        // posts, never below the people a unit holds, and never takes another party's code.
        let amended = |bde_posts: u32, extra: &str| {
            format!(
                "{}\n[[target_units]]\ncode = \"DIV-1\"\nparty = \"SY\"\nkind = \"division\"\nposts = 0\n\
                 name = {{ en = \"1st Division\", tr = \"1. Tümen\", ar = \"الفرقة الأولى\" }}\n\
                 [[target_units]]\ncode = \"BDE-1\"\nparty = \"SY\"\nkind = \"brigade\"\nparent = \"DIV-1\"\n\
                 posts = {bde_posts}\nname = {{ en = \"BDE-1\", tr = \"BDE-1\", ar = \"وحدة BDE-1\" }}\n{extra}",
                crate::support::AGREEMENT
            )
        };
        let load = |text: String| async move {
            let a = ittifaq_core::agreement::Agreement::parse(&text).expect("the amendment checks clean");
            s.load_agreement(&a, &text).await
        };
        let e = load(amended(0, "")).await.unwrap_err();
        assert_eq!(fault(&e), ("target_units[1].posts".into(), "invalid-target-posts-held".into()), "{l}");
        s.create_target_unit(&tr, &unit("TB-2", "division", None, 5)).await.unwrap();
        let theirs = "[[target_units]]\ncode = \"TB-2\"\nparty = \"SY\"\nkind = \"division\"\nposts = 1\n\
                      name = { en = \"x\", tr = \"x\", ar = \"س\" }\n";
        let e = load(amended(3, theirs)).await.unwrap_err();
        assert_eq!(fault(&e), ("target_units[2].code".into(), "conflict-code-exists".into()), "{l}");
        let new = "[[target_units]]\ncode = \"BN-11\"\nparty = \"SY\"\nkind = \"battalion\"\nparent = \"BDE-1\"\n\
                   posts = 40\nname = { en = \"11th Battalion\", tr = \"11. Tabur\", ar = \"الكتيبة 11\" }\n";
        load(amended(3, new)).await.unwrap();
        load(amended(3, new)).await.unwrap();
        let mine = s.target_structure(&sy).await.unwrap();
        let get = |code: &str| mine.iter().find(|u| u.code == code).unwrap();
        assert_eq!((get("BDE-1").posts, get("BDE-1").assigned), (3, Some(1)), "{l}: posts from the agreement");
        assert_eq!(get("DIV-1").name.en, "1st Division", "{l}");
        assert_eq!((get("BN-11").parent.as_deref(), get("BN-11").posts), (Some("BDE-1"), 40), "{l}: entered");
        let filter = AuditFilter { object_type: Some("target_unit".into()), limit: 100, ..Default::default() };
        let audited = s.audit_list(&sy, &filter).await.unwrap();
        let n = |a: &str| audited.iter().filter(|r| r.action == a && r.object_party == "SY").count();
        assert_eq!((n("create"), n("update")), (3, 2), "{l}: each change once, the refused loads none");

        let n2 = s.roster(&sy, north, &RosterQuery { q: "N-2".into(), ..RosterQuery::default() }).await.unwrap();
        assert_eq!((n2.rows[0].status, n2.rows[0].stage), (CandidateStatus::Integrated, Some(Stage::HandOver)), "{l}");
        let e = s.import_candidates(&sy, east, &[row("E-9", "Umar Saeed", "1991-01-01")]).await.unwrap_err();
        assert_eq!(fault(&e[0].1), ("full_name".into(), "invalid-candidate-integrated".into()), "{l}");

        // Filters and search.
        let q = RosterQuery { status: Some("reintegration".into()), ..RosterQuery::default() };
        assert_eq!(s.roster(&sy, north, &q).await.unwrap().total, 1, "{l}");
        let q = RosterQuery { status: Some("nonsense".into()), ..RosterQuery::default() };
        assert!(s.roster(&sy, north, &q).await.is_err(), "{l}");

        // The import and every verification are in the ledger; refused ones left nothing.
        let filter = AuditFilter { object_type: Some("formation".into()), limit: 100, ..Default::default() };
        let rows = s.audit_list(&sy, &filter).await.unwrap();
        let n = |a: &str| rows.iter().filter(|r| r.action == a && r.object_party == "SY").count();
        assert_eq!((n("import"), n("verify")), (2, 8), "{l}");
        let filter = AuditFilter { object_type: Some("candidate".into()), limit: 100, ..Default::default() };
        let rows = s.audit_list(&sy, &filter).await.unwrap();
        let n = |a: &str| rows.iter().filter(|r| r.action == a).count();
        assert_eq!((n("resolve"), n("reintegrate")), (3, 1), "{l}");
    }
}
