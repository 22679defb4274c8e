//! The dashboard's cost by channel and group: synced conversations updated in a range, summed
//! per group and called by the group's WhatsApp name (else a short form of its id), the
//! costliest ones then "Other"; and the groups to filter by, in name order.

use crate::db::Db;
use crate::error::Result;
use crate::i18n::{collation, Locale};
use crate::ids::TenantId;
use crate::model::GroupSlice;
use std::collections::{BTreeMap, HashMap};

/// Groups shown by name in the group breakdown; the rest are summed as "Other".
pub const TOP_GROUPS: usize = 8;

/// A channel's group, or its direct chats, as the range's conversations add up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupTotal {
    pub channel: String,
    /// None: the channel's direct chats.
    pub jid: Option<String>,
    /// The name its most recently updated named conversation gave it.
    pub name: Option<String>,
    pub cost: i64,
}

/// A group's id in short: the last four digits of its number and its domain (`…3299@g.us`);
/// short ids as they are.
pub fn short_id(jid: &str) -> String {
    let (number, domain) = jid.split_once('@').unwrap_or((jid, ""));
    let digits: Vec<char> = number.chars().collect();
    if digits.len() <= 6 {
        return jid.to_string();
    }
    let tail: String = digits[digits.len() - 4..].iter().collect();
    if domain.is_empty() {
        format!("…{tail}")
    } else {
        format!("…{tail}@{domain}")
    }
}

/// What a group is called on screen: its name, else "Group …3299@g.us".
pub fn group_label(jid: &str, name: Option<&str>) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => name.to_string(),
        None => format!("Group {}", short_id(jid)),
    }
}

/// A channel as people write it: `whatsapp` → "WhatsApp", `telegram` → "Telegram".
pub fn channel_name(channel: &str) -> String {
    match channel {
        "whatsapp" => "WhatsApp".into(),
        "imessage" => "iMessage".into(),
        _ => {
            let mut chars = channel.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        }
    }
}

/// A channel's direct chats; an agent's main session names no channel ("Direct chats").
pub fn direct_label(channel: &str) -> String {
    match channel {
        "direct" | "" => "Direct chats".into(),
        _ => format!("{} direct chats", channel_name(channel)),
    }
}

/// Each total's label, in order; groups that share a name are told apart by their short ids.
fn labels(totals: &[GroupTotal]) -> Vec<String> {
    let base: Vec<String> = totals
        .iter()
        .map(|t| match &t.jid {
            Some(jid) => group_label(jid, t.name.as_deref()),
            None => direct_label(&t.channel),
        })
        .collect();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for label in &base {
        *uses.entry(label.as_str()).or_default() += 1;
    }
    base.iter()
        .zip(totals)
        .map(|(label, t)| match &t.jid {
            Some(jid) if uses[label.as_str()] > 1 => format!("{label} ({})", short_id(jid)),
            _ => label.clone(),
        })
        .collect()
}

/// The group chart's bars: the [`TOP_GROUPS`] costliest and "Other", or only `chosen`'s.
pub fn slices(totals: &[GroupTotal], chosen: Option<&str>) -> Vec<GroupSlice> {
    let mut bars: Vec<GroupSlice> = totals
        .iter()
        .zip(labels(totals))
        .filter(|(t, _)| chosen.is_none() || t.jid.as_deref() == chosen)
        .map(|(t, label)| GroupSlice {
            label,
            jid: t.jid.clone(),
            cost: t.cost,
        })
        .collect();
    bars.sort_by(|a, b| b.cost.cmp(&a.cost).then_with(|| a.label.cmp(&b.label)));
    if bars.len() > TOP_GROUPS + 1 {
        let other = bars[TOP_GROUPS..].iter().map(|b| b.cost).sum();
        bars.truncate(TOP_GROUPS);
        bars.push(GroupSlice {
            label: "Other".into(),
            jid: None,
            cost: other,
        });
    }
    bars
}

/// The groups to filter by, `(jid, label)` in name order.
pub fn choices(totals: &[GroupTotal]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (t, label) in totals.iter().zip(labels(totals)) {
        if let Some(jid) = &t.jid {
            if !out.iter().any(|(j, _)| j == jid) {
                out.push((jid.clone(), label));
            }
        }
    }
    sort_choices(&mut out);
    out
}

/// Name order, accents and case folded; the browser orders them again in its reader's locale.
fn sort_choices(choices: &mut [(String, String)]) {
    choices.sort_by(|a, b| collation::compare(Locale::En, &a.1, &b.1).then_with(|| a.0.cmp(&b.0)));
}

type Row = (String, Option<String>, Option<String>, i64, i64);

/// The range's conversations summed per channel and group (of one bot agent, unless empty).
async fn totals(
    db: &Db,
    tenant_id: &TenantId,
    from: i64,
    to: i64,
    clawdbot_agent: &str,
) -> Result<Vec<GroupTotal>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT channel, group_jid, group_name, CAST(SUM(cost_micro_usd) AS BIGINT),
                MAX(updated_at)
         FROM conversations
         WHERE tenant_id = $1 AND updated_at >= $2 AND updated_at < $3 AND ($4 = '' OR agent = $4)
         GROUP BY channel, group_jid, group_name",
    )
    .bind(tenant_id)
    .bind(from)
    .bind(to)
    .bind(clawdbot_agent)
    .fetch_all(&db.pool)
    .await?;
    // Oldest first, so each group ends with the name its latest named conversation gave it.
    let mut rows = rows;
    rows.sort_by_key(|row| row.4);
    let mut groups: BTreeMap<(String, Option<String>), GroupTotal> = BTreeMap::new();
    for (channel, jid, name, cost, _) in rows {
        let total = groups
            .entry((channel.clone(), jid.clone()))
            .or_insert_with(|| GroupTotal {
                channel,
                jid,
                name: None,
                cost: 0,
            });
        total.cost += cost;
        if name.is_some() {
            total.name = name;
        }
    }
    Ok(groups.into_values().collect())
}

/// Cost by channel and group in `[from, to)` and the groups to filter by. The chosen group is
/// among the choices even when it was quiet in the range, so the filter still shows it.
pub async fn group_costs(
    db: &Db,
    tenant_id: &TenantId,
    from: i64,
    to: i64,
    clawdbot_agent: &str,
    chosen: Option<&str>,
) -> Result<(Vec<GroupSlice>, Vec<(String, String)>)> {
    let totals = totals(db, tenant_id, from, to, clawdbot_agent).await?;
    let bars = slices(&totals, chosen);
    let mut options = choices(&totals);
    if let Some(jid) = chosen.filter(|j| !options.iter().any(|(o, _)| o == j)) {
        let name: Option<(Option<String>,)> = sqlx::query_as(
            "SELECT group_name FROM conversations
             WHERE tenant_id = $1 AND group_jid = $2 AND group_name IS NOT NULL
             ORDER BY updated_at DESC LIMIT 1",
        )
        .bind(tenant_id)
        .bind(jid)
        .fetch_optional(&db.pool)
        .await?;
        let name = name.and_then(|(n,)| n);
        options.push((jid.to_string(), group_label(jid, name.as_deref())));
        sort_choices(&mut options);
    }
    Ok((bars, options))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(jid: &str, name: Option<&str>, cost: i64) -> GroupTotal {
        GroupTotal {
            channel: "whatsapp".into(),
            jid: Some(jid.into()),
            name: name.map(str::to_string),
            cost,
        }
    }

    #[test]
    fn groups_are_called_by_name_else_by_a_short_id() {
        assert_eq!(
            group_label("120363916900753299@g.us", Some(" Clientes VIP ")),
            "Clientes VIP"
        );
        assert_eq!(
            group_label("120363916900753299@g.us", None),
            "Group …3299@g.us"
        );
        assert_eq!(
            group_label("120363916900753299@g.us", Some("  ")),
            "Group …3299@g.us"
        );
        assert_eq!(short_id("1203@g.us"), "1203@g.us");
        assert_eq!(short_id("1203639169"), "…9169");
        assert_eq!(direct_label("whatsapp"), "WhatsApp direct chats");
        assert_eq!(direct_label("telegram"), "Telegram direct chats");
        assert_eq!(direct_label("direct"), "Direct chats");
    }

    #[test]
    fn the_chart_shows_names_the_costliest_first_then_other() {
        let mut totals: Vec<GroupTotal> = (0..12)
            .map(|i| group(&format!("1203630000000000{i:02}@g.us"), None, 100 + i))
            .collect();
        totals[11].name = Some("Clientes VIP".into());
        totals.push(GroupTotal {
            channel: "whatsapp".into(),
            jid: None,
            name: None,
            cost: 1_000,
        });
        let bars = slices(&totals, None);
        assert_eq!(bars.len(), TOP_GROUPS + 1);
        assert_eq!(bars[0].label, "WhatsApp direct chats");
        assert_eq!(bars[0].jid, None);
        assert_eq!(bars[1].label, "Clientes VIP");
        assert_eq!(bars[1].jid.as_deref(), Some("120363000000000011@g.us"));
        assert_eq!(bars[2].label, "Group …0010@g.us");
        let other = bars.last().expect("other");
        assert_eq!(
            (other.label.as_str(), other.jid.as_deref()),
            ("Other", None)
        );
        let all: i64 = totals.iter().map(|t| t.cost).sum();
        assert_eq!(bars.iter().map(|b| b.cost).sum::<i64>(), all);
        assert!(bars.iter().all(|b| !b.label.contains("120363")));
    }

    #[test]
    fn a_chosen_group_narrows_the_chart_to_itself() {
        let totals = vec![
            group("120363000000000001@g.us", Some("Clientes VIP"), 50),
            group("120363000000000002@g.us", Some("Diretoria"), 70),
        ];
        let bars = slices(&totals, Some("120363000000000001@g.us"));
        assert_eq!(
            bars,
            vec![GroupSlice {
                label: "Clientes VIP".into(),
                jid: Some("120363000000000001@g.us".into()),
                cost: 50,
            }]
        );
    }

    #[test]
    fn choices_are_in_name_order_and_namesakes_are_told_apart() {
        let totals = vec![
            group("120363000000001111@g.us", Some("Vendas"), 1),
            group("120363000000002222@g.us", Some("Águia"), 1),
            group("120363000000003333@g.us", None, 1),
            group("120363000000004444@g.us", Some("Bravo"), 1),
            group("120363000000005555@g.us", Some("Vendas"), 1),
            GroupTotal {
                channel: "whatsapp".into(),
                jid: None,
                name: None,
                cost: 1,
            },
        ];
        let labels: Vec<String> = choices(&totals).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            labels,
            [
                "Águia",
                "Bravo",
                "Group …3333@g.us",
                "Vendas (…1111@g.us)",
                "Vendas (…5555@g.us)"
            ]
        );
    }
}
