//! The RFC 7396 merge patch that carries a change to the gateway, and the readable lines
//! of a change shown in the version list.

use super::secrets::redacted;
use serde_json::{Map, Value};

/// The RFC 7396 merge patch that turns `old` into `new` (removed keys become `null`; arrays
/// and other values are replaced whole).
pub fn merge_patch(old: &Value, new: &Value) -> Value {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let mut patch = Map::new();
            for (k, nv) in n {
                match o.get(k) {
                    Some(ov) if ov == nv => {}
                    Some(ov) if ov.is_object() && nv.is_object() => {
                        patch.insert(k.clone(), merge_patch(ov, nv));
                    }
                    _ => {
                        patch.insert(k.clone(), nv.clone());
                    }
                }
            }
            for k in o.keys() {
                if !n.contains_key(k) {
                    patch.insert(k.clone(), Value::Null);
                }
            }
            Value::Object(patch)
        }
        _ => new.clone(),
    }
}

/// The paths (dot-joined) of the arrays a merge patch of `old` shrinks or removes: OpenClaw
/// applies such a patch only when the request names them in `replacePaths`, so that an array
/// is never cut short by accident.
pub fn shrunk_arrays(old: &Value, patch: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk_shrunk(old, patch, "", &mut out);
    out
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn walk_shrunk(old: &Value, patch: &Value, at: &str, out: &mut Vec<String>) {
    match (old, patch) {
        (Value::Array(o), Value::Array(n)) if o.iter().any(|x| !n.contains(x)) => {
            out.push(at.to_string());
        }
        (old, Value::Null) => arrays_in(old, at, out),
        (Value::Object(o), Value::Object(p)) => {
            for (k, pv) in p {
                if let Some(ov) = o.get(k) {
                    walk_shrunk(ov, pv, &join(at, k), out);
                }
            }
        }
        _ => {}
    }
}

/// Every non-empty array at or under `v` (all of them go when `v` is removed).
fn arrays_in(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Array(items) if !items.is_empty() => out.push(at.to_string()),
        Value::Object(o) => {
            for (k, child) in o {
                arrays_in(child, &join(at, k), out);
            }
        }
        _ => {}
    }
}

/// Whether two configs say the same, ignoring the `meta` stamp Clawdbot writes into its file
/// on every save.
pub fn same_content(a: &Value, b: &Value) -> bool {
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            o.remove("meta");
        }
        v
    };
    strip(a) == strip(b)
}

/// Applies an RFC 7396 merge patch (what the gateway does with `config.patch`).
pub fn apply_merge_patch(target: &Value, patch: &Value) -> Value {
    let Value::Object(p) = patch else {
        return patch.clone();
    };
    let mut out = match target {
        Value::Object(t) => t.clone(),
        _ => Map::new(),
    };
    for (k, v) in p {
        if v.is_null() {
            out.remove(k);
        } else {
            let merged = apply_merge_patch(out.get(k).unwrap_or(&Value::Null), v);
            out.insert(k.clone(), merged);
        }
    }
    Value::Object(out)
}

/// The differences between two configs, one line per changed leaf: `path: old → new`.
pub fn diff_lines(old: &Value, new: &Value) -> Vec<String> {
    fn walk(path: &str, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<String>) {
        match (old, new) {
            (Some(Value::Object(o)), Some(Value::Object(n))) => {
                let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(&p, o.get(k), n.get(k), out);
                }
            }
            (o, n) if o == n => {}
            (o, n) => {
                let show = |v: Option<&Value>| v.map_or("(none)".to_string(), Value::to_string);
                out.push(format!("{path}: {} → {}", show(o), show(n)));
            }
        }
    }
    let mut out = Vec::new();
    walk("", Some(&redacted(old)), Some(&redacted(new)), &mut out);
    out
}
