//! Plans: what each allows (models, messages, groups, bots, API access), which workspace is
//! on which, and the caps checked when a bot or a group is added.

use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::costs::policy::{self, Plan};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::model::PlanView;

/// A plan as shown.
pub fn plan_view(p: &Plan) -> PlanView {
    PlanView {
        id: p.id.clone(),
        name: p.name.clone(),
        models: p.families.join(","),
        default_model: p.default_model.clone(),
        monthly_messages: p.monthly_messages,
        max_groups: p.max_groups,
        max_bots: p.max_bots,
        api_access: p.api_access,
        credit_models: p.credit_families.join(","),
    }
}

/// The plan a tenant is on.
pub async fn tenant_plan(db: &Db, tenant_id: &TenantId) -> Result<Plan> {
    let (plan_id,): (String,) = sqlx::query_as("SELECT plan_id FROM tenants WHERE id = $1")
        .bind(tenant_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound("tenant"))?;
    policy::load_plan(db, &plan_id)
        .await?
        .ok_or_else(|| Error::Internal(format!("unknown plan {plan_id}")))
}

/// Every plan (operators).
pub async fn plans(db: &Db) -> Result<Vec<PlanView>> {
    Ok(policy::list_plans(db)
        .await?
        .iter()
        .map(plan_view)
        .collect())
}

/// Each tenant's id, name and plan, by name (operators).
pub async fn tenant_plans(db: &Db) -> Result<Vec<crate::model::TenantPlan>> {
    Ok(sqlx::query_as(
        "SELECT id, name, plan_id, operator_cap, plan_override FROM tenants ORDER BY name, id",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// Saves a plan's limits (operators); audited. Which families go through credits is not one
/// of them (`credit_models` is left as it is).
pub async fn save_plan(db: &Db, actor: &Actor, plan: &PlanView) -> Result<()> {
    let families = policy::parse_families(&plan.models);
    if families.is_empty()
        || families
            .iter()
            .any(|f| !["haiku", "sonnet", "opus"].contains(&f.as_str()))
    {
        return Err(Error::Invalid(
            "models must list families among haiku, sonnet, opus, like haiku,sonnet".into(),
        ));
    }
    if policy::family(&plan.default_model).is_none_or(|f| !families.iter().any(|x| x == f)) {
        return Err(Error::Invalid(format!(
            "the default model {} is not one of the plan's families",
            plan.default_model
        )));
    }
    for (what, v) in [
        ("the message quota", plan.monthly_messages),
        ("the group cap", plan.max_groups),
        ("the bot cap", plan.max_bots),
    ] {
        if v.is_some_and(|n| n < 0) {
            return Err(Error::Invalid(format!("{what} cannot be negative")));
        }
    }
    let name = plan.name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(Error::Invalid(
            "the plan name must be 1 to 40 characters".into(),
        ));
    }
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE plans SET name = $1, models = $2, default_model = $3, monthly_messages = $4,
             max_groups = $5, max_bots = $6, api_access = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(name)
    .bind(families.join(","))
    .bind(&plan.default_model)
    .bind(plan.monthly_messages)
    .bind(plan.max_groups)
    .bind(plan.max_bots)
    .bind(i64::from(plan.api_access))
    .bind(now())
    .bind(&plan.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("plan"));
    }
    let detail = format!(
        "plan {}: models {}, messages {}, groups {}, bots {}",
        plan.id,
        families.join(","),
        plan.monthly_messages
            .map_or("unlimited".into(), |n| n.to_string()),
        plan.max_groups
            .map_or("unlimited".into(), |n| n.to_string()),
        plan.max_bots.map_or("unlimited".into(), |n| n.to_string()),
    );
    audit::record(&mut tx, None, actor, Action::PlanChanged, &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a tenant to another plan by hand (operators); audited in the tenant's log. Stripe's
/// events leave a plan set this way alone until the operator lets Stripe decide again
/// (`billing::operator::follow_stripe`).
pub async fn set_tenant_plan(
    db: &Db,
    actor: &Actor,
    tenant_id: &TenantId,
    plan_id: &str,
) -> Result<()> {
    policy::load_plan(db, plan_id)
        .await?
        .ok_or_else(|| Error::Invalid(format!("there is no plan {plan_id}")))?;
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE tenants SET plan_id = $1, plan_override = 1 WHERE id = $2")
        .bind(plan_id)
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("tenant"));
    }
    audit::record(
        &mut tx,
        Some(tenant_id),
        actor,
        Action::PlanChanged,
        &format!("plan {plan_id} (set by hand; Stripe's events leave it until released)"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The bots above a plan's cap of `max`, from `oldest_first`: the newest go quiet first, so the
/// bot a workspace started with keeps working after a move to a smaller plan.
pub fn over_cap(oldest_first: &[String], max: Option<i64>) -> &[String] {
    match max {
        Some(m) => oldest_first
            .get(usize::try_from(m.max(0)).unwrap_or(usize::MAX)..)
            .unwrap_or(&[]),
        None => &[],
    }
}

/// The workspace's bots above `plan`'s bot cap: paused, their keys refused, nothing deleted.
pub async fn paused_bots(db: &Db, tenant_id: &TenantId, plan: &Plan) -> Result<Vec<String>> {
    let bots: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM bots WHERE tenant_id = $1 ORDER BY created_at, id")
            .bind(tenant_id)
            .fetch_all(&db.pool)
            .await?;
    let bots: Vec<String> = bots.into_iter().map(|(id,)| id).collect();
    Ok(over_cap(&bots, plan.max_bots).to_vec())
}

/// Refuses another bot when the tenant, which has `bots` already, is on a plan that caps them.
pub fn check_bot_cap(plan: &Plan, bots: i64) -> Result<()> {
    let Some(max) = plan.max_bots else {
        return Ok(());
    };
    if bots >= max {
        return Err(Error::Invalid(format!(
            "the {} plan allows {max} bot{}; remove one or change plan to add another",
            plan.name,
            if max == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// Refuses a config change that takes a bot over its plan's WhatsApp group cap; a change that
/// does not add groups is always allowed, so a bot over the cap can still be trimmed.
pub async fn check_group_cap(
    db: &Db,
    tenant_id: &TenantId,
    before: usize,
    after: usize,
) -> Result<()> {
    if after <= before {
        return Ok(());
    }
    let plan = tenant_plan(db, tenant_id).await?;
    match plan.max_groups {
        Some(max) if after as i64 > max => Err(Error::Invalid(format!(
            "the {} plan allows {max} WhatsApp group{}; this change would configure {after}",
            plan.name,
            if max == 1 { "" } else { "s" }
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_bots_above_the_cap_are_the_paused_ones() {
        let bots: Vec<String> = ["first", "second", "third"].map(String::from).to_vec();
        assert_eq!(over_cap(&bots, Some(1)), ["second", "third"]);
        assert_eq!(over_cap(&bots, Some(3)), [] as [String; 0]);
        assert_eq!(over_cap(&bots, Some(5)), [] as [String; 0]);
        assert_eq!(over_cap(&bots, None), [] as [String; 0]);
        assert_eq!(over_cap(&bots, Some(0)), bots.as_slice());
        assert_eq!(over_cap(&bots, Some(-1)), bots.as_slice());
    }
}
