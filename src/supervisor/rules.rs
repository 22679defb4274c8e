//! The Admin Agent's pure rules: how one probe moves a bot between up, suspected and down
//! (quick re-probes confirm a failure, consecutive passes confirm a recovery), and which step
//! of the recovery ladder comes next.

/// Where a bot's supervision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Never checked yet.
    Unknown,
    Up,
    /// Failed lately; being re-probed before it is declared down.
    Suspect,
    Down,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Unknown => "unknown",
            State::Up => "up",
            State::Suspect => "suspect",
            State::Down => "down",
        }
    }

    pub fn parse(s: &str) -> State {
        match s {
            "up" => State::Up,
            "suspect" => State::Suspect,
            "down" => State::Down,
            _ => State::Unknown,
        }
    }
}

/// A bot's state with its run of consecutive failures and passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub state: State,
    pub fails: u32,
    pub passes: u32,
}

impl Tally {
    pub const NEW: Tally = Tally {
        state: State::Unknown,
        fails: 0,
        passes: 0,
    };
}

/// How failures are confirmed and recoveries believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirm {
    /// Consecutive failed probes that declare a bot down (the first one included).
    pub fails: u32,
    /// Consecutive passing probes that declare a down bot up again.
    pub passes: u32,
    /// Seconds between probes while a failure is being confirmed or a recovery believed.
    pub retry_secs: i64,
    /// Seconds between probes otherwise (the workspace's interval).
    pub interval_secs: i64,
}

/// What a probe changed, when it changed something worth telling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    None,
    /// A first failure: not told to anyone, re-probed soon.
    Suspected,
    /// The failure is confirmed: an incident opens.
    Confirmed,
    /// Back up after enough passes: the incident resolves.
    Recovered,
}

/// Moves `t` by one probe (`ok` or not); returns the new tally, what changed and the seconds
/// until the next probe.
pub fn step(t: Tally, ok: bool, c: &Confirm) -> (Tally, Transition, i64) {
    let need_fails = c.fails.max(1);
    let need_passes = c.passes.max(1);
    match (t.state, ok) {
        (State::Unknown | State::Up, true) => (up(), Transition::None, c.interval_secs),
        (State::Suspect, true) => (up(), Transition::None, c.interval_secs),
        (State::Unknown | State::Up, false) if need_fails == 1 => {
            (down(1, 0), Transition::Confirmed, c.retry_secs)
        }
        (State::Unknown | State::Up, false) => (
            Tally {
                state: State::Suspect,
                fails: 1,
                passes: 0,
            },
            Transition::Suspected,
            c.retry_secs,
        ),
        (State::Suspect, false) if t.fails + 1 >= need_fails => {
            (down(t.fails + 1, 0), Transition::Confirmed, c.retry_secs)
        }
        (State::Suspect, false) => (
            Tally {
                state: State::Suspect,
                fails: t.fails + 1,
                passes: 0,
            },
            Transition::None,
            c.retry_secs,
        ),
        (State::Down, true) if t.passes + 1 >= need_passes => {
            (up(), Transition::Recovered, c.interval_secs)
        }
        (State::Down, true) => (down(t.fails, t.passes + 1), Transition::None, c.retry_secs),
        (State::Down, false) => (
            down(t.fails.saturating_add(1), 0),
            Transition::None,
            c.retry_secs,
        ),
    }
}

fn up() -> Tally {
    Tally {
        state: State::Up,
        fails: 0,
        passes: 0,
    }
}

fn down(fails: u32, passes: u32) -> Tally {
    Tally {
        state: State::Down,
        fails,
        passes,
    }
}

/// What a failed probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// No answer: not connected, or `health` timed out.
    Unreachable,
    /// Answering, but a linked WhatsApp channel is not connected.
    ChannelDown,
    /// Answering, but the gateway reports its config invalid.
    ConfigInvalid,
    /// Answering, but most of its agents' calls through the gateway failed.
    Errors,
}

impl Fault {
    pub fn as_str(&self) -> &'static str {
        match self {
            Fault::Unreachable => "unreachable",
            Fault::ChannelDown => "channel_down",
            Fault::ConfigInvalid => "config_invalid",
            Fault::Errors => "errors",
        }
    }

    pub fn parse(s: &str) -> Fault {
        match s {
            "channel_down" => Fault::ChannelDown,
            "config_invalid" => Fault::ConfigInvalid,
            "errors" => Fault::Errors,
            _ => Fault::Unreachable,
        }
    }
}

/// The recovery so far of one open incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub fault: Fault,
    pub restarts: u32,
    /// Unix seconds of the last restart asked for.
    pub last_restart_at: Option<i64>,
    pub rolled_back: bool,
    pub escalated: bool,
    /// Whether BaaS changed the bot's config since the version it last ran healthily on.
    pub changed_since_good: bool,
    /// That version, when there is one to go back to.
    pub last_good_version: Option<i64>,
}

/// Restart limits of the ladder's first step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ladder {
    pub cooldown_secs: i64,
    pub max_restarts: u32,
}

/// The next step for an open incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Nothing to do now (a restart is cooling down, or everything was tried and told).
    Wait,
    /// Step 1: restart the gateway through its own API.
    Restart,
    /// Step 2: restore this config version, the last the bot ran healthily on.
    Restore(i64),
    /// Step 3: tell the owner, critically, with what was tried.
    Escalate,
}

/// How long a bot may stay unreachable after a restart BaaS asked for before that counts.
pub const RESTART_GRACE_SECS: i64 = 60;

/// Decides the next step of the ladder for `i` at `now`; `silenced` bots get none.
pub fn next_step(i: &Incident, now: i64, l: &Ladder, silenced: bool) -> Step {
    if silenced {
        return Step::Wait;
    }
    let restorable = |i: &Incident| match i.last_good_version {
        Some(v) if !i.rolled_back && (i.fault == Fault::ConfigInvalid || i.changed_since_good) => {
            Some(v)
        }
        _ => None,
    };
    if i.fault == Fault::Unreachable {
        // A gateway restarting at our request does not answer for a few seconds.
        if i.last_restart_at
            .is_some_and(|t| now - t < l.cooldown_secs.max(RESTART_GRACE_SECS))
        {
            return Step::Wait;
        }
        // Nothing answers to restart or to write a config into.
        return if i.escalated {
            Step::Wait
        } else {
            Step::Escalate
        };
    }
    if i.fault == Fault::ConfigInvalid {
        // A gateway restarted on an invalid file does not come back: restore, or tell.
        return match restorable(i) {
            Some(v) => Step::Restore(v),
            None if i.escalated => Step::Wait,
            None => Step::Escalate,
        };
    }
    let cooled = i.last_restart_at.is_none_or(|t| now - t >= l.cooldown_secs);
    if i.restarts < l.max_restarts {
        return if cooled { Step::Restart } else { Step::Wait };
    }
    if !cooled {
        return Step::Wait;
    }
    if let Some(v) = restorable(i) {
        return Step::Restore(v);
    }
    if i.escalated {
        Step::Wait
    } else {
        Step::Escalate
    }
}

/// Hours without a model call after which a bot that usually has traffic is reported quiet.
pub const NO_TRAFFIC_HOURS: i64 = 6;

/// Of the same hours on each of the seven days before, how many must have had calls for
/// silence now to be unusual (a bot quiet every night is not reported every night).
pub const USUAL_DAYS: usize = 5;

/// Whether a bot with `calls_now` calls in the last [`NO_TRAFFIC_HOURS`] is unusually quiet,
/// given its calls in the same hours of each of the days before.
pub fn unusually_quiet(calls_now: i64, same_hours_before: &[i64]) -> bool {
    calls_now == 0 && same_hours_before.iter().filter(|n| **n > 0).count() >= USUAL_DAYS
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: Confirm = Confirm {
        fails: 3,
        passes: 2,
        retry_secs: 20,
        interval_secs: 300,
    };

    fn run(start: Tally, probes: &[bool]) -> (Tally, Vec<Transition>) {
        let mut t = start;
        let mut seen = Vec::new();
        for &ok in probes {
            let (next, tr, _) = step(t, ok, &C);
            t = next;
            seen.push(tr);
        }
        (t, seen)
    }

    #[test]
    fn a_failure_is_confirmed_by_quick_reprobes_before_the_bot_is_down() {
        let (t, seen) = run(Tally::NEW, &[true, false, false, false]);
        assert_eq!(t.state, State::Down);
        use Transition::*;
        assert_eq!(seen, vec![None, Suspected, None, Confirmed]);
        // Re-probes come at the short interval, healthy bots at the workspace's.
        assert_eq!(step(t, false, &C).2, 20);
        assert_eq!(step(Tally::NEW, true, &C).2, 300);
    }

    #[test]
    fn one_or_two_failures_in_a_row_raise_nothing() {
        let (t, seen) = run(Tally::NEW, &[true, false, false, true, false, true]);
        assert_eq!(t.state, State::Up);
        assert!(!seen.contains(&Transition::Confirmed));
    }

    #[test]
    fn recovery_needs_consecutive_passes_so_a_flapping_bot_stays_down() {
        let (down, _) = run(Tally::NEW, &[false, false, false]);
        assert_eq!(down.state, State::Down);
        let (t, seen) = run(down, &[true, false, true, false, true, false]);
        assert_eq!(t.state, State::Down);
        assert!(!seen.contains(&Transition::Recovered));
        let (t, seen) = run(t, &[true, true]);
        assert_eq!(t.state, State::Up);
        assert_eq!(seen, vec![Transition::None, Transition::Recovered]);
    }

    #[test]
    fn with_one_failure_to_confirm_the_first_failure_is_the_incident() {
        let c = Confirm { fails: 1, ..C };
        assert_eq!(step(Tally::NEW, false, &c).1, Transition::Confirmed);
    }

    const L: Ladder = Ladder {
        cooldown_secs: 60,
        max_restarts: 3,
    };

    fn incident(fault: Fault) -> Incident {
        Incident {
            fault,
            restarts: 0,
            last_restart_at: None,
            rolled_back: false,
            escalated: false,
            changed_since_good: false,
            last_good_version: None,
        }
    }

    #[test]
    fn a_reachable_bot_is_restarted_at_most_three_times_a_minute_apart_then_escalated() {
        let mut i = incident(Fault::ChannelDown);
        let mut now = 1_000;
        let mut restarts_at = Vec::new();
        for _ in 0..400 {
            match next_step(&i, now, &L, false) {
                Step::Restart => {
                    restarts_at.push(now);
                    i.restarts += 1;
                    i.last_restart_at = Some(now);
                }
                Step::Escalate => {
                    i.escalated = true;
                    break;
                }
                Step::Wait => {}
                Step::Restore(v) => panic!("nothing to restore, got {v}"),
            }
            now += 5;
        }
        assert_eq!(restarts_at, vec![1_000, 1_060, 1_120]);
        assert!(i.escalated, "escalated after the third restart cooled down");
        assert_eq!(now, 1_180);
        assert_eq!(next_step(&i, now + 3_600, &L, false), Step::Wait);
    }

    #[test]
    fn an_unreachable_bot_is_escalated_at_once_and_once() {
        let mut i = incident(Fault::Unreachable);
        assert_eq!(next_step(&i, 0, &L, false), Step::Escalate);
        i.escalated = true;
        assert_eq!(next_step(&i, 0, &L, false), Step::Wait);
    }

    #[test]
    fn a_bot_restarting_at_our_request_is_given_time_before_it_counts_as_unreachable() {
        let mut i = incident(Fault::Unreachable);
        i.restarts = 1;
        i.last_restart_at = Some(1_000);
        assert_eq!(next_step(&i, 1_030, &L, false), Step::Wait);
        assert_eq!(next_step(&i, 1_060, &L, false), Step::Escalate);
    }

    #[test]
    fn an_invalid_config_is_restored_to_the_last_good_version_and_never_restarted() {
        let mut i = incident(Fault::ConfigInvalid);
        i.last_good_version = Some(4);
        assert_eq!(next_step(&i, 0, &L, false), Step::Restore(4));
        // A restore that did not help, or no good version known: tell the owner, once.
        i.rolled_back = true;
        assert_eq!(next_step(&i, 0, &L, false), Step::Escalate);
        i.escalated = true;
        assert_eq!(next_step(&i, 0, &L, false), Step::Wait);
        let i = incident(Fault::ConfigInvalid);
        assert_eq!(next_step(&i, 0, &L, false), Step::Escalate);
    }

    #[test]
    fn restarts_that_do_not_help_after_a_baas_change_lead_to_a_restore_before_escalating() {
        let mut i = incident(Fault::Errors);
        i.changed_since_good = true;
        i.last_good_version = Some(7);
        i.restarts = 3;
        i.last_restart_at = Some(0);
        assert_eq!(next_step(&i, 30, &L, false), Step::Wait, "cooling down");
        assert_eq!(next_step(&i, 60, &L, false), Step::Restore(7));
        i.rolled_back = true;
        assert_eq!(next_step(&i, 60, &L, false), Step::Escalate);
    }

    #[test]
    fn a_silenced_bot_gets_no_step() {
        for fault in [Fault::Unreachable, Fault::ChannelDown, Fault::ConfigInvalid] {
            assert_eq!(next_step(&incident(fault), 0, &L, true), Step::Wait);
        }
    }

    #[test]
    fn silence_is_reported_only_where_traffic_is_usual() {
        let busy = [3, 1, 9, 4, 2, 7, 5];
        assert!(unusually_quiet(0, &busy));
        assert!(!unusually_quiet(1, &busy));
        // Quiet at these hours on most days already (nights, weekends).
        assert!(!unusually_quiet(0, &[0, 0, 3, 0, 0, 2, 0]));
        assert!(unusually_quiet(0, &[1, 1, 1, 1, 1, 0, 0]));
        assert!(!unusually_quiet(0, &[1, 1, 1, 1, 0, 0, 0]));
        assert!(!unusually_quiet(0, &[]));
    }
}
