//! Cost control: plans and budgets a tenant sets, the alerts they raise, the consumption
//! dashboard's queries, usage export and demo data.

pub mod alerts;
pub mod dashboard;
pub mod export;
pub mod limits;
pub mod rollups;
pub mod seed;
