//! Fairness report and the `min_unit_share` setting.

use ittifaq_alloc::{SolveOptions, check, fairness, generate, solve};

use crate::common::options;

#[test]
fn report_adds_up() {
    let inst = generate(1500, 60, 11);
    let res = solve(&inst, &options()).expect("valid");
    let f = fairness(&inst, &res).expect("valid");
    let granted: i64 = f.parties.iter().map(|p| p.granted_weight).sum();
    let nominated: i64 = f.parties.iter().map(|p| p.nominated_weight).sum();
    assert_eq!(granted, res.objective);
    assert_eq!(nominated, inst.nominations.iter().map(|n| n.weight).sum::<i64>());
    assert_eq!(f.units.iter().map(|u| u.granted_weight).sum::<i64>(), granted);
    assert_eq!(f.parties.len(), 2);
    for g in f.parties.iter().chain(&f.units) {
        assert!((0.0..=1.0).contains(&g.weight_share), "{g:?}");
        assert!((0.0..=1.0).contains(&g.first_choice_share), "{g:?}");
        assert!(g.first_choices_met <= g.people_nominated);
    }
    let min = f.units.iter().filter(|u| u.nominated_weight > 0).map(|u| u.weight_share).fold(1.0, f64::min);
    assert_eq!(min, f.min_unit_share);
}

#[test]
fn first_choice_is_the_heaviest_nomination() {
    let inst = ittifaq_alloc::Instance::from_json(crate::roundtrip::INSTANCE).expect("parses");
    let res = solve(&inst, &options()).expect("valid");
    let f = fairness(&inst, &res).expect("valid");
    let sy = &f.parties[1];
    assert_eq!((sy.people_nominated, sy.first_choices_met), (1, 1));
    assert_eq!(sy.weight_share, 1.0);
    assert_eq!(f.parties[0].people_nominated, 0);
}

#[test]
fn min_unit_share_raises_the_weakest_units_and_stays_feasible() {
    let inst = generate(4000, 160, 3);
    let plain = solve(&inst, &options()).expect("valid");
    let before = fairness(&inst, &plain).expect("valid").min_unit_share;
    let target = before + 0.03;
    let fair = solve(&inst, &SolveOptions { min_unit_share: Some(target), ..options() }).expect("valid");
    assert!(check(&inst, &fair).is_empty(), "{:?}", check(&inst, &fair));
    let after = fairness(&inst, &fair).expect("valid").min_unit_share;
    assert!(after > before, "{before} -> {after}");
    assert!(fair.objective <= plain.bound as i64);
}
