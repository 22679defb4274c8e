//! The shape a bot's configuration must have where the editor writes: objects where objects
//! belong, checked before any change is made, naming the path that is wrong.

use serde_json::{Map, Value};

pub(super) fn object<'a>(v: &'a mut Value, key: &str) -> &'a mut Map<String, Value> {
    if !v.get(key).is_some_and(Value::is_object) {
        v[key] = Value::Object(Map::new());
    }
    match v.get_mut(key) {
        Some(Value::Object(m)) => m,
        _ => unreachable!("just made an object"),
    }
}

/// What each part of the config the dashboard edits must be, where present.
#[derive(Clone, Copy)]
pub(super) enum Shape {
    Object,
    Array,
}

/// The paths the changes write into, and what each must hold (`*` is every key or item).
pub(super) const SHAPES: &[(&str, Shape)] = &[
    ("channels", Shape::Object),
    ("channels.whatsapp", Shape::Object),
    ("channels.whatsapp.groups", Shape::Object),
    ("channels.whatsapp.groups.*", Shape::Object),
    ("messages", Shape::Object),
    ("messages.groupChat", Shape::Object),
    ("agents", Shape::Object),
    ("agents.defaults", Shape::Object),
    ("agents.list", Shape::Array),
    ("agents.list.*", Shape::Object),
    ("agents.list.*.groupChat", Shape::Object),
    ("agents.list.*.identity", Shape::Object),
    ("skills", Shape::Object),
    ("skills.entries", Shape::Object),
    ("skills.entries.*", Shape::Object),
    ("bindings", Shape::Array),
    ("bindings.*", Shape::Object),
    ("models", Shape::Object),
    ("models.providers", Shape::Object),
    ("models.providers.*", Shape::Object),
];

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Checks that the config has the shape the dashboard's changes need (a missing or null part
/// is fine: it is created), so that a bot whose file is malformed gets a clear refusal.
pub fn check_shape(config: &Value) -> Result<(), String> {
    if !(config.is_object() || config.is_null()) {
        return Err(format!(
            "the bot's configuration is {} where an object was expected; fix it on the bot first",
            kind_of(config)
        ));
    }
    fn walk(v: &Value, path: &[&str], at: String, shape: Shape) -> Result<(), String> {
        let Some((head, rest)) = path.split_first() else {
            let fits = match shape {
                Shape::Object => v.is_object() || v.is_null(),
                Shape::Array => v.is_array() || v.is_null(),
            };
            let want = match shape {
                Shape::Object => "an object",
                Shape::Array => "a list",
            };
            return if fits {
                Ok(())
            } else {
                Err(format!(
                    "the bot's configuration has {at} as {} where {want} was expected; fix it on the bot first",
                    kind_of(v)
                ))
            };
        };
        let join = |k: &str| {
            if at.is_empty() {
                k.to_string()
            } else {
                format!("{at}.{k}")
            }
        };
        match (*head, v) {
            ("*", Value::Object(m)) => m
                .iter()
                .try_for_each(|(k, c)| walk(c, rest, join(k), shape)),
            ("*", Value::Array(items)) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, c)| walk(c, rest, format!("{at}[{i}]"), shape)),
            (key, Value::Object(m)) => match m.get(key) {
                Some(c) => walk(c, rest, join(key), shape),
                None => Ok(()),
            },
            // A parent of the wrong kind is reported by its own entry.
            _ => Ok(()),
        }
    }
    SHAPES.iter().try_for_each(|(path, shape)| {
        let parts: Vec<&str> = path.split('.').collect();
        walk(config, &parts, String::new(), *shape)
    })
}
