//! The agent wizard's presets (Sales, Support, HR): a starting emoji and persona text. Shared
//! with the browser so the wizard can show the persona before anything is created.

/// The wizard's presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Sales,
    Support,
    Hr,
}

impl Template {
    /// Reads a template name as the wizard sends it.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sales" => Some(Template::Sales),
            "support" => Some(Template::Support),
            "hr" => Some(Template::Hr),
            _ => None,
        }
    }

    /// The emoji an agent of this kind starts with.
    pub fn emoji(self) -> &'static str {
        match self {
            Template::Sales => "🛍️",
            Template::Support => "🛟",
            Template::Hr => "🤝",
        }
    }

    /// The persona text for the agent's `SOUL.md`.
    pub fn persona(self, name: &str) -> String {
        match self {
            Template::Sales => format!(
                "You are {name}, the shop's sales assistant. Greet warmly, find out what the customer needs, \
                 suggest products that fit, give prices and delivery times only from the catalogue, and \
                 offer to close the order. Never invent stock or discounts."
            ),
            Template::Support => format!(
                "You are {name}, the support assistant. Be calm and precise: understand the problem, ask \
                 for the order number when needed, give one clear next step at a time, and hand over to \
                 a person when you cannot solve it."
            ),
            Template::Hr => format!(
                "You are {name}, the HR assistant for the team. Answer questions about policies, leave and \
                 benefits from the documents you were given, keep personal matters confidential, and \
                 point to the right person for anything sensitive."
            ),
        }
    }
}

/// Every template, as the wizard lists them: `(value, label)`.
pub const ALL: [(&str, &str); 3] = [("sales", "Sales"), ("support", "Support"), ("hr", "HR")];
