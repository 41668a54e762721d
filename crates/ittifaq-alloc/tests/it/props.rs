//! Property tests: every plan passes the checker.

use ittifaq_alloc::{check, generate, solve};
use proptest::prelude::*;

use crate::common::{options, random_instance};

/// `PROPTEST_CASES` overrides the default number of cases (stress runs).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), .. ProptestConfig::default() })]

    #[test]
    fn small_plans_pass_the_checker(seed in any::<u64>(), people in 1usize..8,
                                    sessions in 1usize..6, noms in 0usize..20) {
        let inst = random_instance(seed, people, sessions, noms);
        let res = solve(&inst, &options()).expect("valid");
        let v = check(&inst, &res);
        prop_assert!(v.is_empty(), "{:?}\n{}", v, inst.to_json());
        prop_assert!(res.objective as f64 <= res.bound + 1e-9);
    }

    #[test]
    fn rushed_plans_pass_the_checker(seed in any::<u64>(), people in 20usize..120,
                                     sessions in 5usize..30, gap in 0.0f64..0.2) {
        // No time: one dual iteration, no local search. Reasons must still
        // be true and the plan maximal.
        let inst = random_instance(seed, people, sessions, people * 3);
        let rushed = ittifaq_alloc::SolveOptions {
            time_limit: std::time::Duration::ZERO,
            max_iterations: 1,
            gap,
            ..ittifaq_alloc::SolveOptions::default()
        };
        let res = solve(&inst, &rushed).expect("valid");
        let v = check(&inst, &res);
        prop_assert!(v.is_empty(), "{:?}", v);
    }

    #[test]
    fn fair_plans_pass_the_checker(seed in any::<u64>(), people in 20usize..120,
                                   sessions in 5usize..30, share in 0.0f64..1.0) {
        let inst = random_instance(seed, people, sessions, people * 3);
        let fair = ittifaq_alloc::SolveOptions {
            min_unit_share: Some(share),
            ..options()
        };
        let res = solve(&inst, &fair).expect("valid");
        let v = check(&inst, &res);
        prop_assert!(v.is_empty(), "{:?}", v);
        prop_assert!(res.objective as f64 <= res.bound + 1e-9);
    }

    #[test]
    fn medium_plans_pass_the_checker(seed in any::<u64>(), people in 20usize..120,
                                     sessions in 5usize..30, gap in 0.0f64..0.01) {
        let inst = random_instance(seed, people, sessions, people * 3);
        let res = solve(&inst, &ittifaq_alloc::SolveOptions { gap, ..options() }).expect("valid");
        let v = check(&inst, &res);
        prop_assert!(v.is_empty(), "{:?}", v);
        prop_assert!(res.objective as f64 <= res.bound + 1e-9);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(8), .. ProptestConfig::default() })]

    #[test]
    fn generated_plans_pass_the_checker(seed in any::<u64>(), people in 50usize..400) {
        let inst = generate(people, people / 10 + 2, seed);
        let res = solve(&inst, &options()).expect("generated instances are valid");
        let v = check(&inst, &res);
        prop_assert!(v.is_empty(), "{:?}", v);
        prop_assert!(res.objective as f64 <= res.bound + 1e-9);
    }
}

#[test]
fn generator_is_deterministic() {
    assert_eq!(generate(300, 30, 7), generate(300, 30, 7));
    assert_ne!(generate(300, 30, 7), generate(300, 30, 8));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(12), .. ProptestConfig::default() })]

    #[test]
    fn every_profile_gives_checked_plans(seed in any::<u64>(), k in 0usize..6, fair in any::<bool>()) {
        use ittifaq_alloc::{GenOptions, Profile, SolveOptions, generate_with};
        let inst = generate_with(&GenOptions::profile(Profile::ALL[k], 500, seed));
        let opts = SolveOptions { priority_fair: fair, report_fairness: true, gap: 0.0005, ..options() };
        let res = solve(&inst, &opts).expect("valid");
        let v = check(&inst, &res);
        prop_assert!(v.is_empty(), "{:?}", v);
        let envy: usize = res.fairness.as_ref().map(|f| f.parties.iter().map(|p| p.envy).sum()).unwrap_or(usize::MAX);
        if fair {
            prop_assert_eq!(envy, 0);
            prop_assert_eq!(res.priority_fair.map(|p| p.envy), Some(0));
        }
    }
}
