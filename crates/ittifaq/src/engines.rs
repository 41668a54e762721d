//! The engines on the command line: `ittifaq alloc …` and `ittifaq decon …`,
//! reading and writing the formats of `shared/contracts/`.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Subcommand;
use ittifaq_alloc::{AllocResult, Instance, SolveOptions};

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
    },
    /// Check a result against its instance, independently of the solver.
    Check { instance: PathBuf, result: PathBuf },
    /// Write a realistic generated instance.
    Generate {
        #[arg(long)]
        people: usize,
        #[arg(long)]
        sessions: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write it; standard output by default.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
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
        AllocCommand::Solve { instance, output, time_limit, min_unit_share } => {
            let text = read(&instance)?;
            let inst = Instance::from_json(&text)
                .with_context(|| format!("{} is not a valid instance", instance.display()))?;
            if !(time_limit.is_finite() && time_limit > 0.0) {
                anyhow::bail!("--time-limit must be a positive number of seconds");
            }
            let options = SolveOptions {
                time_limit: Duration::from_secs_f64(time_limit),
                min_unit_share,
                ..SolveOptions::default()
            };
            // A spinner on a terminal (indicatif hides itself otherwise); the solver reports no steps.
            let spinner = indicatif::ProgressBar::new_spinner();
            spinner.set_message(format!(
                "solving {} nominations for {} sessions",
                inst.nominations.len(),
                inst.sessions.len()
            ));
            spinner.enable_steady_tick(Duration::from_millis(120));
            let result = ittifaq_alloc::solve(&inst, &options);
            spinner.finish_and_clear();
            let result = result.with_context(|| format!("{} is not a valid instance", instance.display()))?;
            write(Some(&output), &result.to_json())?;
            let gap =
                if result.bound > 0.0 { 100.0 * (result.bound - result.objective as f64) / result.bound } else { 0.0 };
            eprintln!(
                "objective {} of bound {:.1} (gap {gap:.3} %), {} assigned, {} refused, {:.2} s",
                result.objective,
                result.bound,
                result.assignments.len(),
                result.unassigned.len(),
                result.stats.seconds
            );
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
        AllocCommand::Generate { people, sessions, seed, output } => {
            let inst = ittifaq_alloc::generate(people, sessions, seed);
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
