//! The integration board as a file (CSV, XLSX: one row a stage of a
//! formation, the verified and the reported figures in their own columns,
//! the flags with their reasons in the reader's language, figures withheld
//! from the other party said so) and each formation's burn-up: the verified
//! count of every stage over the days, the forecast of the stage under way
//! and its deadline, as an SVG chart (right to left in Arabic) with the same
//! figures in a table.

use axum::response::Response;
use ittifaq_store::integration::FormationRow;

use crate::AppError;
use crate::chart::{Line, Stroke, lines};
use crate::extract::Caller;
use crate::pages::{PageCtx, XlsxCell};

/// The columns of the board's files.
const HEAD: &[&str] = &[
    "integration-formation",
    "field-name",
    "field-party",
    "integration-mode",
    "integration-declared",
    "integration-stage",
    "integration-figure-verified",
    "integration-on-day",
    "integration-figure-reported",
    "integration-due",
    "integration-binding",
    "integration-clause",
    "integration-owner",
    "integration-flags",
];

/// Every row of the board: a stage of a formation, its cells as text or numbers.
fn table(ctx: &PageCtx, board: &[FormationRow]) -> Vec<Vec<XlsxCell>> {
    use XlsxCell::{Number, Text};
    let figure = |n: Option<u32>, withheld: bool| match n {
        Some(n) => Number(f64::from(n)),
        None if withheld => Text(ctx.t("integration-withheld")),
        None => Text(String::new()),
    };
    let mut out = Vec::new();
    for f in board {
        for c in &f.cells {
            let flags: Vec<String> =
                c.flags.iter().map(|g| format!("{}: {}", ctx.t(&g.kind.key()), ctx.tr.msg(&g.reason))).collect();
            let binding = match (&c.due, c.binding) {
                (None, _) => String::new(),
                (Some(_), true) => ctx.t("integration-binding"),
                (Some(_), false) => ctx.t("integration-indicative"),
            };
            out.push(vec![
                Text(f.code.clone()),
                Text(f.name.get(ctx.tr.lang).to_owned()),
                Text(f.party.clone()),
                Text(ctx.t(&f.mode.key())),
                Number(f64::from(f.declared_strength)),
                Text(ctx.t(&c.stage.key())),
                figure(c.verified, c.verified_withheld),
                Text(c.verified_on.clone().unwrap_or_default()),
                figure(c.reported, c.reported_withheld),
                Text(c.due.clone().unwrap_or_default()),
                Text(binding),
                Text(c.clause.clone()),
                Text(c.owner_party.clone().unwrap_or_default()),
                Text(flags.join("; ")),
            ]);
        }
    }
    out
}

/// The board as CSV.
pub async fn board_csv(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<Response, AppError> {
    let board = state.store.integration_board(&u.actor()).await?;
    let cell = crate::pages::csv_cell;
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record(HEAD.iter().map(|h| cell(&ctx.t(h)))).map_err(fail)?;
    for row in table(&ctx, &board) {
        w.write_record(row.iter().map(|c| match c {
            XlsxCell::Text(t) => cell(t),
            XlsxCell::Number(n) => n.to_string(),
        }))
        .map_err(fail)?;
    }
    crate::pages::csv_attachment(w, &format!("integration-{}.csv", state.store.today_date()))
}

/// The board as a workbook.
pub async fn board_xlsx(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<Response, AppError> {
    let board = state.store.integration_board(&u.actor()).await?;
    let head: Vec<String> = HEAD.iter().map(|h| ctx.t(h)).collect();
    let sheets = [(ctx.t("integration-title"), head, table(&ctx, &board))];
    crate::pages::xlsx_attachment(&sheets, &format!("integration-{}.xlsx", state.store.today_date()))
}

/// The board as a status report in the three languages (a PDF rendered off
/// the async threads): each formation's stages, flags and burn-up, as the
/// reader's party may see them.
pub async fn board_pdf(Caller { state, user: u }: Caller) -> Result<Response, AppError> {
    use crate::issuing::said_in_three;
    use ittifaq_core::Lang;
    use ittifaq_docs::Trilingual;
    let board = state.store.integration_board(&u.actor()).await?;
    let in_three =
        |m: &ittifaq_core::Msg| Trilingual::new(m.in_lang(Lang::En), m.in_lang(Lang::Tr), m.in_lang(Lang::Ar));
    let figure = |n: Option<u32>, withheld: bool| match n {
        Some(n) => Trilingual::new(n.to_string(), n.to_string(), n.to_string()),
        None if withheld => said_in_three("integration-withheld"),
        None => Trilingual::new("", "", ""),
    };
    // The PDF's charts run left to right and name their lines in the three languages.
    let formations = board
        .iter()
        .map(|f| ittifaq_docs::FormationBlock {
            code: f.code.clone(),
            name: Trilingual::new(&f.name.en, &f.name.tr, &f.name.ar),
            party: f.party.clone(),
            mode: said_in_three(&f.mode.key()),
            declared: f.declared_strength,
            stages: f
                .cells
                .iter()
                .map(|c| ittifaq_docs::StageLine {
                    stage: said_in_three(&c.stage.key()),
                    verified: figure(c.verified, c.verified_withheld),
                    reported: figure(c.reported, c.reported_withheld),
                    due: c.due.clone().unwrap_or_default(),
                    commitment: match (&c.due, c.binding) {
                        (None, _) => Trilingual::new("", "", ""),
                        (Some(_), true) => said_in_three("integration-binding"),
                        (Some(_), false) => said_in_three("integration-indicative"),
                    },
                    clause: c.clause.clone(),
                    owner: c.owner_party.clone().unwrap_or_default(),
                    flags: c
                        .flags
                        .iter()
                        .map(|g| {
                            let kind = said_in_three(&g.kind.key());
                            let why = in_three(&g.reason);
                            Trilingual::new(
                                format!("{}: {}", kind.en, why.en),
                                format!("{}: {}", kind.tr, why.tr),
                                format!("{}: {}", kind.ar, why.ar),
                            )
                        })
                        .collect(),
                })
                .collect(),
            chart_svg: burn_up_svg(f, &|key| {
                let t = said_in_three(key);
                format!("{} · {} · {}", t.en, t.tr, t.ar)
            }),
        })
        .collect();
    let report = ittifaq_docs::IntegrationReport {
        agreement: crate::issuing::agreement_title(&state.store).await?,
        reader_party: u.party.to_string(),
        printed_on: state.store.today_date(),
        formations,
    };
    let pdf =
        crate::issuing::render(move || ittifaq_docs::render_integration(&report).map_err(|e| e.to_string())).await?;
    Ok(crate::pages::pdf_response(&format!("integration-{}", state.store.today_date()), pdf))
}

/// A formation's burn-up as SVG, and its figures as rows (stage, day, count).
pub(super) fn burn_up(ctx: &PageCtx, f: &FormationRow) -> (String, Vec<[String; 3]>) {
    let (chart, rows) = burn_up_lines(f, &|key| ctx.t(key));
    if chart.is_empty() {
        return (String::new(), rows);
    }
    let title = format!("{} · {}", f.code, ctx.t("integration-burn-up"));
    (lines("chart-formation", &title, &chart, ctx.dir() == "rtl"), rows)
}

/// The burn-up as the PDF draws it: left to right, its lines named in the three languages.
fn burn_up_svg(f: &FormationRow, name: &dyn Fn(&str) -> String) -> String {
    let (chart, _) = burn_up_lines(f, name);
    if chart.is_empty() { String::new() } else { lines("chart-formation", &f.code, &chart, false) }
}

/// The burn-up's lines (each stage's verified counts, the forecast and the
/// deadline of the stage under way) and its figures (stage, day, count).
fn burn_up_lines(f: &FormationRow, t: &dyn Fn(&str) -> String) -> (Vec<Line>, Vec<[String; 3]>) {
    let mut chart = Vec::new();
    let mut rows = Vec::new();
    for c in &f.cells {
        if c.history.is_empty() {
            continue;
        }
        let name = t(&c.stage.key());
        for (d, n) in &c.history {
            rows.push([name.clone(), d.to_string(), n.to_string()]);
        }
        chart.push(Line {
            name,
            class: stage_class(c.stage),
            stroke: Stroke::Steps,
            points: c.history.iter().map(|(d, n)| (*d, f64::from(*n))).collect(),
        });
    }
    // The stage under way: the first not done that can be forecast.
    if let Some(c) = f.cells.iter().find(|c| c.forecast.is_some() && !c.history.is_empty())
        && let (Some((finish, _)), Some(target), Some((last_day, last))) = (c.forecast, c.target, c.history.last())
    {
        let stage = t(&c.stage.key());
        if let Some(finish) = finish {
            let name = format!("{} · {stage}", t("integration-forecast"));
            rows.push([name.clone(), finish.to_string(), target.to_string()]);
            chart.push(Line {
                name,
                class: "forecast",
                stroke: Stroke::Dashed,
                points: vec![(*last_day, f64::from(*last)), (finish, f64::from(target))],
            });
        }
        if let Some(due) = c
            .due
            .as_deref()
            .and_then(|d| time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok())
        {
            let name = format!("{} · {stage}", t("integration-due"));
            rows.push([name.clone(), due.to_string(), target.to_string()]);
            chart.push(Line { name, class: "deadline", stroke: Stroke::Dots, points: vec![(due, f64::from(target))] });
        }
    }
    (chart, rows)
}

fn stage_class(stage: ittifaq_core::integration::Stage) -> &'static str {
    use ittifaq_core::integration::Stage::*;
    match stage {
        Register => "stage-register",
        VerifyIdentity => "stage-verify_identity",
        Vet => "stage-vet",
        HarmoniseRank => "stage-harmonise_rank",
        Assign => "stage-assign",
        HandOver => "stage-hand_over",
    }
}
