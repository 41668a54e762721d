//! The engines on the command line: `ittifaq alloc …` and `ittifaq decon …`,
//! reading and writing the formats of `shared/contracts/`.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Subcommand;
use ittifaq_alloc::generator::{parse_range, parse_share};
use ittifaq_alloc::{AllocResult, GenOptions, Instance, Model, Profile, SolveOptions};

#[derive(Subcommand)]
pub enum AllocCommand {
    /// Solve an instance and write the result.
    Solve {
        instance: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Seconds the solver may use.
        #[arg(long, default_value_t = 30.0)]
        time_limit: f64,
        /// Fairness floor: try to give every unit at least this share of its nominated weight.
        #[arg(long)]
        min_unit_share: Option<f64>,
        /// No justified envy: no nomination refused while a lighter one of the same session and party holds
        /// a seat it could take (the cost in weight is stated in the result).
        #[arg(long)]
        priority_fair: bool,
        /// Stop once the plan is proven within this relative gap of the bound ((bound − objective) / bound).
        #[arg(long, default_value_t = 0.0005)]
        gap: f64,
    },
    /// Check a result against its instance, independently of the solver.
    Check { instance: PathBuf, result: PathBuf },
    /// Write a realistic generated instance: a profile, then any knob overrides it.
    Generate {
        #[arg(long)]
        people: usize,
        /// Sessions; the profile's ratio of people per session by default.
        #[arg(long)]
        sessions: Option<usize>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// standard, loose, seat-scarce, quota-bound, cap-bound or chain-heavy.
        #[arg(long, default_value = "standard", value_parser = parse_profile)]
        profile: Profile,
        /// Nominations per person, LOW-HIGH.
        #[arg(long, value_parser = parse_range)]
        nominations: Option<(u32, u32)>,
        /// Seats per session, LOW-HIGH.
        #[arg(long, value_parser = parse_range)]
        capacity: Option<(u32, u32)>,
        /// Days per session, LOW-HIGH.
        #[arg(long, value_parser = parse_range)]
        days: Option<(u32, u32)>,
        /// Days over which session starts are spread.
        #[arg(long)]
        horizon_days: Option<u32>,
        /// Share of sessions with party quotas (0 to 1).
        #[arg(long, value_parser = parse_share)]
        quota_share: Option<f64>,
        /// Seats added to the second party's quota beyond the first party's share.
        #[arg(long)]
        quota_slack: Option<u32>,
        /// Share of sessions with a language (0 to 1).
        #[arg(long, value_parser = parse_share)]
        language_share: Option<f64>,
        /// Share of sessions with a minimum rank (0 to 1).
        #[arg(long, value_parser = parse_share)]
        min_rank_share: Option<f64>,
        /// Levels per domain, each requiring the previous one's qualification.
        #[arg(long)]
        chain_levels: Option<u32>,
        /// Chance that a further nomination goes one level up the person's chain (0 to 1).
        #[arg(long, value_parser = parse_share)]
        chain_share: Option<f64>,
        /// People per unit.
        #[arg(long)]
        unit_size: Option<u32>,
        /// Share of units with max_away (0 to 1).
        #[arg(long, value_parser = parse_share)]
        unit_cap_share: Option<f64>,
        /// max_away of capped units, LOW-HIGH.
        #[arg(long, value_parser = parse_range)]
        unit_cap: Option<(u32, u32)>,
        /// Weight of each person's first nomination, LOW-HIGH.
        #[arg(long, value_parser = parse_range)]
        first_weight: Option<(u32, u32)>,
        /// Weight of the other nominations, LOW-HIGH.
        #[arg(long, value_parser = parse_range)]
        other_weight: Option<(u32, u32)>,
        /// Where to write it; standard output by default.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn parse_profile(text: &str) -> std::result::Result<Profile, String> {
    Profile::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

#[derive(Subcommand)]
pub enum DeconCommand {
    /// Write every conflicting pair of the activities in an NDJSON file.
    Conflicts {
        activities: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write generated activities as NDJSON.
    Generate {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: Option<&Path>, text: &str) -> Result<()> {
    match path {
        Some(p) => std::fs::write(p, text).with_context(|| format!("writing {}", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).context("writing to standard output")
        }
    }
}

pub fn alloc(command: AllocCommand) -> Result<ExitCode> {
    match command {
        AllocCommand::Solve { instance, output, time_limit, min_unit_share, priority_fair, gap } => {
            if !(time_limit.is_finite() && time_limit > 0.0) {
                anyhow::bail!("--time-limit must be a positive number of seconds");
            }
            if !(0.0..=1.0).contains(&gap) {
                anyhow::bail!("--gap must be between 0 and 1");
            }
            // The solver's clock and time limit start before reading, as the whole run is what is waited for.
            let started = Instant::now();
            let text = read(&instance)?;
            // Parsed and validated in one step, with the strings borrowed from the text: no owned `Instance`.
            let model =
                Model::from_json(&text).with_context(|| format!("{} is not a valid instance", instance.display()))?;
            drop(text);
            let options = SolveOptions {
                time_limit: Duration::from_secs_f64(time_limit),
                min_unit_share,
                priority_fair,
                report_fairness: true,
                gap,
                ..SolveOptions::default()
            };
            // A spinner on a terminal (indicatif hides itself otherwise); the solver reports no steps.
            let spinner = indicatif::ProgressBar::new_spinner();
            spinner.set_message(format!(
                "solving {} nominations for {} sessions",
                model.nominations.len(),
                model.sessions.len()
            ));
            spinner.enable_steady_tick(Duration::from_millis(120));
            let result = ittifaq_alloc::solve_compact(&model, &options, started);
            spinner.finish_and_clear();
            let file = File::create(&output).with_context(|| format!("creating {}", output.display()))?;
            let mut writer = BufWriter::with_capacity(1 << 20, file);
            serde_json::to_writer_pretty(&mut writer, &result)
                .map_err(std::io::Error::from)
                .and_then(|()| writer.flush())
                .with_context(|| format!("writing {}", output.display()))?;
            let gap =
                if result.bound > 0.0 { 100.0 * (result.bound - result.objective as f64) / result.bound } else { 0.0 };
            let envy: usize = result.fairness.iter().flat_map(|f| &f.parties).map(|p| p.envy).sum();
            eprintln!(
                "objective {} of bound {:.1} (gap {gap:.3} %), {} assigned, {} refused, {envy} with justified envy, {:.2} s",
                result.objective,
                result.bound,
                result.assigned(),
                result.unassigned(),
                result.stats.seconds
            );
            if let Some(p) = &result.priority_fair {
                eprintln!(
                    "priority-fair: cost {} of the utilitarian plan's {} ({:.3} %)",
                    p.cost,
                    p.utilitarian_objective,
                    100.0 * p.cost_share
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        AllocCommand::Check { instance, result } => {
            let inst = Instance::from_json(&read(&instance)?)
                .with_context(|| format!("{} is not a valid instance", instance.display()))?;
            let res = AllocResult::from_json(&read(&result)?)
                .with_context(|| format!("{} is not a valid result", result.display()))?;
            let violations = ittifaq_alloc::check(&inst, &res);
            for v in &violations {
                println!("{:?}: {}", v.kind, v.detail);
            }
            if violations.is_empty() {
                println!(
                    "the result is feasible, its objective is {} and every refusal has a true reason",
                    res.objective
                );
                Ok(ExitCode::SUCCESS)
            } else {
                println!("{} violation(s)", violations.len());
                Ok(ExitCode::from(1))
            }
        }
        AllocCommand::Generate {
            people,
            sessions,
            seed,
            profile,
            nominations,
            capacity,
            days,
            horizon_days,
            quota_share,
            quota_slack,
            language_share,
            min_rank_share,
            chain_levels,
            chain_share,
            unit_size,
            unit_cap_share,
            unit_cap,
            first_weight,
            other_weight,
            output,
        } => {
            let base = GenOptions::profile(profile, people, seed);
            let options = GenOptions {
                sessions: sessions.unwrap_or(base.sessions),
                nominations: nominations.unwrap_or(base.nominations),
                capacity: capacity.unwrap_or(base.capacity),
                days: days.unwrap_or(base.days),
                horizon_days: horizon_days.unwrap_or(base.horizon_days),
                quota_share: quota_share.unwrap_or(base.quota_share),
                quota_slack: quota_slack.unwrap_or(base.quota_slack),
                language_share: language_share.unwrap_or(base.language_share),
                min_rank_share: min_rank_share.unwrap_or(base.min_rank_share),
                chain_levels: chain_levels.unwrap_or(base.chain_levels),
                chain_share: chain_share.unwrap_or(base.chain_share),
                unit_size: unit_size.unwrap_or(base.unit_size),
                unit_cap_share: unit_cap_share.unwrap_or(base.unit_cap_share),
                unit_cap: unit_cap.unwrap_or(base.unit_cap),
                first_weight: first_weight.unwrap_or(base.first_weight),
                other_weight: other_weight.unwrap_or(base.other_weight),
                ..base
            };
            let inst = ittifaq_alloc::generate_with(&options);
            write(output.as_deref(), &inst.to_json())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn decon(command: DeconCommand) -> Result<ExitCode> {
    match command {
        DeconCommand::Conflicts { activities, output } => {
            let input = File::open(&activities).with_context(|| format!("reading {}", activities.display()))?;
            let out = File::create(&output).with_context(|| format!("creating {}", output.display()))?;
            let mut writer = BufWriter::new(out);
            let n = ittifaq_decon::ndjson::conflicts_ndjson(BufReader::new(input), &mut writer)
                .with_context(|| format!("{}", activities.display()))?;
            writer.flush().with_context(|| format!("writing {}", output.display()))?;
            eprintln!("{n} conflicting pair(s) written to {}", output.display());
            Ok(ExitCode::SUCCESS)
        }
        DeconCommand::Generate { count, seed, output } => {
            let activities = ittifaq_decon::generate(count, seed);
            let mut buf = Vec::new();
            ittifaq_decon::ndjson::write_activities(&mut buf, &activities).context("encoding the activities")?;
            write(output.as_deref(), &String::from_utf8_lossy(&buf))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
