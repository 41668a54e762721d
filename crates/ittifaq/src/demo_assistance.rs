//! The demo's technical assistance: one engagement plan of TR's for an SY
//! institution per track of the agreement (a logistics management system
//! rollout, a restructured training command, a joint operations centre).
//! Two are complete, agreed by both joint offices and active; the third is
//! a draft still missing its sustainment plan, a target and both keys, so
//! that its page shows the refusal. Twelve TR advisors are deployed at SY
//! institutions (five for each active plan, one for the draft, one with no
//! plan at all), each with an advisor's account, and have reported monthly
//! for nine months: most reports approved by SY's joint office, one report
//! overdue, one returned with a comment, one measurement contested.

use anyhow::{Context, Result};
use ittifaq_core::Role;
use ittifaq_core::agreement::Names;
use ittifaq_store::Store;
use ittifaq_store::assistance::{
    BaselineInput, IndicatorInput, MilestoneInput, ObjectiveInput, PlanInput, TargetInput,
};

use crate::demo_people::demo_actor;

fn names(en: &str, tr: &str, ar: &str) -> Names {
    Names { en: en.into(), tr: tr.into(), ar: ar.into() }
}

/// One plan: its code, track, title, an objective with one indicator
/// (unit, baseline, two targets), a milestone, and whether it is complete.
struct Demo {
    code: &'static str,
    track: &'static str,
    title: Names,
    objective: Names,
    indicator: Names,
    unit: &'static str,
    /// The agreement's kind of indicator.
    kind: &'static str,
    direction: &'static str,
    baseline: f64,
    targets: [f64; 2],
    milestone: Names,
    evidence: &'static str,
    complete: bool,
}

pub async fn seed(store: &Store, today: time::Date, password_hash: &str) -> Result<()> {
    let office = demo_actor(store, "TR", Role::JointOffice).await?;
    let partner_office = demo_actor(store, "SY", Role::JointOffice).await?;
    let institutions = store.list_institutions().await?;
    let partner = institutions.iter().find(|i| i.party == "SY").context("an SY institution")?.id;
    let plans = [
        Demo {
            code: "TA-MS-01",
            track: "military_systems",
            title: names(
                "Logistics management system rollout",
                "Lojistik yönetim sistemi kurulumu",
                "نشر منظومة إدارة الإمداد",
            ),
            objective: names("Stock visible in every depot", "Her depoda stok görünür", "المخزون ظاهر في كل مستودع"),
            indicator: names(
                "Depots reporting stock weekly",
                "Stoku haftalık bildiren depolar",
                "المستودعات التي تبلّغ عن المخزون أسبوعيًا",
            ),
            unit: "%",
            kind: "coverage",
            direction: "increase",
            baseline: 12.0,
            targets: [45.0, 80.0],
            milestone: names(
                "System live in two pilot depots",
                "Sistem iki pilot depoda çalışıyor",
                "المنظومة عاملة في مستودعين تجريبيين",
            ),
            evidence: "Acceptance signed by both depot commanders",
            complete: true,
        },
        Demo {
            code: "TA-OS-01",
            track: "organizational_structures",
            title: names(
                "A restructured training command",
                "Yeniden yapılandırılmış eğitim komutanlığı",
                "قيادة تدريب معاد هيكلتها",
            ),
            objective: names(
                "Posts of the new structure filled",
                "Yeni yapının kadroları dolu",
                "وظائف الهيكل الجديد مشغولة",
            ),
            indicator: names("Posts filled", "Dolu kadrolar", "الوظائف المشغولة"),
            unit: "posts",
            kind: "staffing",
            direction: "increase",
            baseline: 38.0,
            targets: [60.0, 95.0],
            milestone: names("Establishment table approved", "Kadro cetveli onaylandı", "جدول الملاك معتمد"),
            evidence: "Signed establishment table",
            complete: true,
        },
        Demo {
            code: "TA-CC-01",
            track: "command_capabilities",
            title: names("A joint operations centre", "Müşterek harekât merkezi", "مركز عمليات مشترك"),
            objective: names(
                "The centre runs around the clock",
                "Merkez günün her saati çalışıyor",
                "المركز يعمل على مدار الساعة",
            ),
            indicator: names("Hours staffed a week", "Haftalık nöbet saati", "ساعات التشغيل في الأسبوع"),
            unit: "h",
            kind: "staffing",
            direction: "increase",
            baseline: 40.0,
            targets: [120.0, 168.0],
            milestone: names("Watch rota in force", "Nöbet çizelgesi yürürlükte", "جدول المناوبات نافذ"),
            evidence: "Rota signed by the chief of staff",
            complete: false,
        },
    ];
    let d = time::Duration::days;
    let mut ids = Vec::new();
    for demo in plans {
        let input = PlanInput {
            code: demo.code.into(),
            track: demo.track.into(),
            institution_id: partner,
            title: demo.title,
            absorptive_capacity: "Two trained officers per site can run what is handed over; the partner names them before each milestone."
                .into(),
            sustainment: if demo.complete {
                "The partner's budget carries running costs from the second year; spares and licences are in its annual plan.".into()
            } else {
                String::new()
            },
        };
        let id = store.create_plan(&office, &input).await?.id;
        store.add_objective(&office, id, &ObjectiveInput { code: "O1".into(), title: demo.objective }).await?;
        let baseline = BaselineInput {
            value: demo.baseline,
            date: (today - d(300)).to_string(),
            source: "Partner's returns".into(),
            method: "Count at the site".into(),
        };
        let indicator = IndicatorInput {
            objective: "O1".into(),
            code: "O1.1".into(),
            name: demo.indicator,
            unit: demo.unit.into(),
            direction: demo.direction.into(),
            // The kind says who measures it (the partner, for these).
            measured_by: String::new(),
            kind: Some(demo.kind.into()),
            baseline: Some(baseline),
        };
        store.add_indicator(&office, id, &indicator).await?;
        let periods = if demo.complete { &[180, 365][..] } else { &[180][..] };
        for (days, value) in periods.iter().zip(demo.targets) {
            let target = TargetInput { indicator: "O1.1".into(), period_end: (today + d(*days)).to_string(), value };
            store.set_target(&office, id, &target).await?;
        }
        let milestone = MilestoneInput {
            code: "M1".into(),
            title: demo.milestone,
            due: (today + d(120)).to_string(),
            owner: "SY".into(),
            evidence: demo.evidence.into(),
        };
        store.add_milestone(&office, id, &milestone).await?;
        if demo.complete {
            store.agree_plan(&office, id).await?;
            store.agree_plan(&partner_office, id).await?;
            store.activate_plan(&office, id).await?;
        }
        ids.push(Plan { id, baseline: demo.baseline, target: demo.targets[1] });
    }
    let filter =
        ittifaq_store::people::PeopleFilter { party: Some("TR".into()), per_page: 12, page: 20, ..Default::default() };
    let people: Vec<i64> = store.list_people(&office, &filter).await?.items.iter().map(|p| p.id.get()).collect();
    let team = Team { prefix: "", people: &people, months: 9 };
    advisors(store, today, password_hash, partner, &ids, &team).await
}

/// A plan the advisors serve: its id, and its indicator's baseline and final target.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub id: ittifaq_core::id::PlanId,
    pub baseline: f64,
    pub target: f64,
}

/// Whom to deploy: `people` of TR, for `months` of monthly reports; the
/// accounts and deployment codes carry `prefix` (the demo's none).
pub struct Team<'a> {
    pub prefix: &'a str,
    pub people: &'a [i64],
    pub months: i64,
}

/// Deploys the team at SY's `partner` institution over the plans (the
/// first two shared evenly, one advisor on the third, the last on no plan),
/// each with an advisor's account and a report on each month's day so far:
/// most approved by SY's joint office, the third's latest overdue, the
/// second's latest returned, the fourth's latest waiting for review, one
/// value of the first's sixth report contested. The demo's first advisor is
/// the demo's own advisor account.
pub async fn advisors(
    store: &Store,
    today: time::Date,
    password_hash: &str,
    partner: i64,
    plans: &[Plan],
    team: &Team<'_>,
) -> Result<()> {
    use ittifaq_core::PartyCode;
    use ittifaq_core::assistance::advisory::ReportStep;
    use ittifaq_store::assistance::advisory::{
        ContestInput, DeploymentInput, MeasurementInput, ProgressInput, ReportInput,
    };
    let d = time::Duration::days;
    let tr = PartyCode::parse("TR")?;
    let office = demo_actor(store, "TR", Role::JointOffice).await?;
    let partner_office = demo_actor(store, "SY", Role::JointOffice).await?;
    let start = today - d(team.months * 30 + 5);
    let count = team.people.len();
    for (n, &person) in team.people.iter().enumerate() {
        // The demo's own advisor account is the first advisor's; the others get theirs.
        let account = if n == 0 && team.prefix.is_empty() {
            demo_actor(store, "TR", Role::Advisor).await?
        } else {
            let name = format!("tr.advisor{}{:02}", team.prefix.to_lowercase(), n + 1);
            let new = ittifaq_store::users::NewUser {
                username: name.clone(),
                display_name: format!("TR advisor {}", n + 1),
                password_hash: password_hash.to_owned(),
                party: tr.clone(),
                role: Role::Advisor,
                unit_id: None,
            };
            let u = store.create_user(&ittifaq_store::Actor::system(tr.clone()), &new).await?;
            ittifaq_store::Actor { user_id: Some(u.id), username: name, party: tr.clone(), role: Role::Advisor }
        };
        let user = account.user_id.context("an advisor's account")?;
        store.link_user_person(&office, user, person).await?;
        let half = count.saturating_sub(2) / 2;
        let plan = if n + 1 == count {
            None
        } else if n + 2 == count {
            Some(plans[2])
        } else if n < half {
            Some(plans[0])
        } else {
            Some(plans[1])
        };
        let input = DeploymentInput {
            code: format!("DEP-TR-{}{:02}", team.prefix, n + 1),
            person_id: person,
            institution_id: partner,
            plan_id: plan.map(|p| p.id.get()),
            track: plan.is_none().then(|| "command_capabilities".to_owned()),
            objectives: if plan.is_some() { vec!["O1".into()] } else { vec![] },
            start: (start + d(n as i64)).to_string(),
            end: (today + d(90 + 15 * n as i64)).min(start + d(1090)).to_string(),
        };
        let dep = store.create_deployment(&office, &input).await?;
        // Each party passes its checks for advisors: TR's security and medical, SY's access.
        for check in &dep.vetting {
            let by = if check.party == office.party.as_str() { &office } else { &partner_office };
            let input = ittifaq_store::vetting::VettingInput {
                check: check.code.clone(),
                outcome: "passed".into(),
                comment: String::new(),
                level: check.min_level.clone(),
            };
            store.record_deployment_vetting(by, dep.id, &input).await?;
        }
        let due: Vec<String> = dep
            .due
            .iter()
            .filter(|x| x.due_on.as_str() < today.to_string().as_str())
            .map(|x| x.due_on.clone())
            .collect();
        for (k, day) in due.iter().enumerate() {
            let last = k + 1 == due.len();
            // DEP-TR-03's latest report is overdue: never written.
            if n == 2 && last {
                continue;
            }
            let (value, progress) = match plan {
                Some(Plan { baseline, target, .. }) => {
                    let share = (k + 1) as f64 / (team.months as f64 + 3.0);
                    let v = (baseline + (target - baseline) * share + (n % 3) as f64).round();
                    let state = if k < 2 {
                        "not_started"
                    } else if k + 2 < due.len() {
                        "underway"
                    } else {
                        "done"
                    };
                    (
                        Some(v),
                        vec![ProgressInput { milestone: "M1".into(), progress: state.into(), note: String::new() }],
                    )
                }
                None => (None, vec![]),
            };
            let report = ReportInput {
                due_on: day.clone(),
                summary: format!(
                    "Month {}: the partner's staff ran the work themselves this month; see the figures.",
                    k + 1
                ),
                notes: "Working note: the depot commander asks for a second trainer.".into(),
                notes_released: k % 3 == 0,
                progress,
                measurements: value
                    .map(|value| MeasurementInput {
                        indicator: "O1.1".into(),
                        value,
                        measured_on: day.clone(),
                        method: "Count at the site, checked against the returns".into(),
                    })
                    .into_iter()
                    .collect(),
            };
            let r = store.file_report(&account, dep.id, &report).await?;
            store.report_step(&account, r.id, ReportStep::Submit, "").await?;
            // DEP-TR-02's latest is returned; DEP-TR-04's latest waits for review.
            if n == 1 && last {
                let comment = "The figure counts the central depot twice; recount and submit again.";
                store.report_step(&partner_office, r.id, ReportStep::Return, comment).await?;
                continue;
            }
            if n == 3 && last {
                continue;
            }
            let approved = store.report_step(&partner_office, r.id, ReportStep::Approve, "").await?;
            // SY contests one value of DEP-TR-01's sixth report.
            if n == 0
                && k == 5
                && let Some(m) = approved.measurements.first()
            {
                let contest = ContestInput {
                    value: m.value - 6.0,
                    reason: "Two depots reported after the cut-off day; our count is lower.".into(),
                };
                store.contest_measurement(&partner_office, m.id, &contest).await?;
            }
        }
    }
    Ok(())
}
