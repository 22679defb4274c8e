//! How a save cut off by a restart is judged.

use super::*;

#[test]
fn a_save_cut_off_is_judged_by_what_the_bot_holds_afterwards() {
    let base = json!({"skills": {"entries": {"weather": {"enabled": true}}}});
    let next = json!({"skills": {"entries": {"weather": {"enabled": false}}}});
    let snap = |parsed: &Value, hash: &str| Snapshot {
        parsed: parsed.clone(),
        hash: hash.into(),
        keyed_agents: false,
        valid: true,
    };
    let mut landed = next.clone();
    landed["meta"] = json!({"lastTouchedAt": "2026-11-30T20:00:00Z"});
    assert_eq!(cut_off(&snap(&landed, "h2"), "h1", &next), CutOff::Landed);
    assert_eq!(cut_off(&snap(&base, "h1"), "h1", &next), CutOff::NotApplied);
    let other = json!({"skills": {"entries": {"search": {"enabled": false}}}});
    assert_eq!(
        cut_off(&snap(&other, "h3"), "h1", &next),
        CutOff::ChangedElsewhere
    );
}
