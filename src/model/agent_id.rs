//! The agent id field: what a bot's agent id may hold, as the browser checks it before the
//! server does.

/// What a Clawdbot agent id may hold, as the HTML `pattern` of its field: letters, digits, `-`
/// and `_`. Browsers compile `pattern` with the RegExp `v` flag, where a bare `-` in a class is
/// a syntax error (and the field then checks nothing), so it is escaped.
pub const CLAWDBOT_AGENT_ID_PATTERN: &str = r"[A-Za-z0-9_\-]+";

#[cfg(test)]
mod tests {
    use super::CLAWDBOT_AGENT_ID_PATTERN;

    /// Characters the RegExp `v` flag refuses unescaped in a class.
    const CLASS_SYNTAX: &str = "()[]{}/-|\\";
    /// Doubled, these are reserved in a `v` class.
    const RESERVED_DOUBLES: &str = "&!#$%*+,.:;<=>?@^`~";

    /// Whether `pattern`'s classes are valid under the `v` flag: every syntax character
    /// escaped, `-` only between the two ends of a range, no reserved double punctuator.
    fn valid_under_v_flag(pattern: &str) -> Result<(), String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => i += 2,
                '[' => {
                    i += 1;
                    let mut may_start_range = false;
                    loop {
                        let Some(&c) = chars.get(i) else {
                            return Err("a class is not closed".into());
                        };
                        let next = chars.get(i + 1).copied();
                        match c {
                            ']' => {
                                i += 1;
                                break;
                            }
                            '\\' => {
                                i += 2;
                                may_start_range = true;
                            }
                            '-' if may_start_range && next.is_some_and(|n| n != ']') => {
                                let end = next.unwrap_or_default();
                                if end != '\\' && CLASS_SYNTAX.contains(end) {
                                    return Err(format!("a range ends in {end:?}"));
                                }
                                i += if end == '\\' { 3 } else { 2 };
                                may_start_range = false;
                            }
                            c if CLASS_SYNTAX.contains(c) => {
                                return Err(format!("{c:?} must be escaped in a class"));
                            }
                            c if next == Some(c) && RESERVED_DOUBLES.contains(c) => {
                                return Err(format!("{c}{c} is reserved in a class"));
                            }
                            _ => {
                                i += 1;
                                may_start_range = true;
                            }
                        }
                    }
                }
                _ => i += 1,
            }
        }
        Ok(())
    }

    #[test]
    fn the_agent_id_pattern_compiles_under_the_v_flag() {
        assert_eq!(valid_under_v_flag(CLAWDBOT_AGENT_ID_PATTERN), Ok(()));
        // The check itself: the pattern as it was, with a bare hyphen, is refused.
        assert!(valid_under_v_flag("[A-Za-z0-9_-]+").is_err());
        assert!(valid_under_v_flag("[a&&b]").is_err());
        assert_eq!(valid_under_v_flag(r"[a-z\-]+\.[0-9]"), Ok(()));
    }
}
