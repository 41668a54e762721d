//! The demo's technical assistance: one engagement plan of TR's for an SY
//! institution per track of the agreement (a logistics management system
//! rollout, a restructured training command, a joint operations centre).
//! Two are complete, agreed by both joint offices and active; the third is
//! a draft still missing its sustainment plan, a target and both keys, so
//! that its page shows the refusal.

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
    direction: &'static str,
    baseline: f64,
    targets: [f64; 2],
    milestone: Names,
    evidence: &'static str,
    complete: bool,
}

pub async fn seed(store: &Store, today: time::Date) -> Result<()> {
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
            direction: "increase",
            baseline: 40.0,
            targets: [120.0, 168.0],
            milestone: names("Watch rota in force", "Nöbet çizelgesi yürürlükte", "جدول المناوبات نافذ"),
            evidence: "Rota signed by the chief of staff",
            complete: false,
        },
    ];
    let d = time::Duration::days;
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
            date: (today - d(90)).to_string(),
            source: "Partner's returns".into(),
            method: "Count at the site".into(),
        };
        let indicator = IndicatorInput {
            objective: "O1".into(),
            code: "O1.1".into(),
            name: demo.indicator,
            unit: demo.unit.into(),
            direction: demo.direction.into(),
            measured_by: "SY".into(),
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
    }
    Ok(())
}
