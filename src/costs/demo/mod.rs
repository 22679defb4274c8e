//! Demo traffic shaped like the first tenant's five days of real usage.

/// Tenant the reference figures come from.
pub const TENANT_NAME: &str = "VM Deco";
/// Length of the reference window, in days.
pub const REFERENCE_DAYS: u32 = 5;
/// Events (messages, one usage record each) in the reference window.
pub const REFERENCE_EVENTS: usize = 8_254;
/// Reference events that happened in the direct-message channel.
pub const REFERENCE_DM_EVENTS: usize = 6_393;
/// Input plus output tokens of the reference window; cache tokens come on top (see below).
pub const REFERENCE_TOKENS: i64 = 1_607_255;
/// Cost of the reference window, in micro-USD ($549.92).
pub const REFERENCE_COST_MICRO_USD: i64 = 549_920_000;
/// Model of every reference event.
pub const REFERENCE_MODEL: &str = "claude-opus-4-5";
/// Models `bulk` cycles through, in order.
pub const BULK_MODELS: [&str; 3] = ["claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5"];
/// The direct-message contact (E.164), for session keys like `agent:lobo:whatsapp:dm:<peer>`.
pub const DM_PEER: &str = "+5511987654321";

/// One demo agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoAgent {
    pub id: &'static str,
    pub name: &'static str,
}

/// The ten agents; the first (Lobo) answers the direct-message channel.
pub const AGENTS: [DemoAgent; 10] = [
    DemoAgent {
        id: "lobo",
        name: "Lobo",
    },
    DemoAgent {
        id: "aguia",
        name: "Águia",
    },
    DemoAgent {
        id: "coruja",
        name: "Coruja",
    },
    DemoAgent {
        id: "raposa",
        name: "Raposa",
    },
    DemoAgent {
        id: "falcao",
        name: "Falcão",
    },
    DemoAgent {
        id: "golfinho",
        name: "Golfinho",
    },
    DemoAgent {
        id: "pantera",
        name: "Pantera",
    },
    DemoAgent {
        id: "castor",
        name: "Castor",
    },
    DemoAgent {
        id: "cao",
        name: "Cão",
    },
    DemoAgent {
        id: "arara",
        name: "Arara",
    },
];

const DM_AGENT: usize = 0;

/// One demo WhatsApp group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoGroup {
    pub jid: String,
    pub name: String,
    /// Index into `AGENTS` of the agent that answers in the group.
    pub agent: usize,
}

/// Name, relative activity and answering agent of each group; a few busy groups and a long
/// tail of quiet ones, as in the reference.
const GROUP_TABLE: [(&str, u64, usize); 33] = [
    ("VM Deco — Equipe", 180, 0),
    ("Vendas VM Deco", 150, 3),
    ("Orçamentos 2025", 120, 3),
    ("Clientes VIP", 90, 0),
    ("Obras Zona Sul", 85, 7),
    ("Montagem & Entregas", 80, 7),
    ("Fornecedores Tecidos", 60, 2),
    ("Marcenaria Parceira", 55, 7),
    ("Showroom Moema", 50, 6),
    ("Arquitetos Parceiros", 48, 1),
    ("Pós-venda", 45, 8),
    ("Financeiro VM", 40, 2),
    ("Compras e Estoque", 38, 2),
    ("Cortinas e Persianas", 35, 6),
    ("Papel de Parede SP", 30, 6),
    ("Iluminação — Projetos", 28, 1),
    ("Marketing VM Deco", 27, 9),
    ("Instagram & Conteúdo", 25, 9),
    ("Obra Alphaville", 24, 7),
    ("Obra Granja Viana", 22, 7),
    ("Apto Vila Nova Conceição", 20, 1),
    ("Casa Cantareira", 18, 1),
    ("Loja Campinas", 16, 4),
    ("Representantes Interior", 14, 4),
    ("Tapetes & Almofadas", 12, 6),
    ("Feira Casa Cor", 11, 9),
    ("Logística Sábado", 10, 4),
    ("RH VM Deco", 8, 5),
    ("Diretoria", 7, 0),
    ("Assistência Técnica", 6, 8),
    ("Cotações Importados", 5, 5),
    ("Design de Interiores BR", 4, 5),
    ("Amigos da Decoração", 3, 8),
];

const GROUP_COUNT: usize = GROUP_TABLE.len();
const JID_SEED: u64 = 0x5644_6563_6f4a_4944;

/// The 33 demo groups, always the same names and JIDs.
pub fn groups() -> Vec<DemoGroup> {
    GROUP_TABLE
        .iter()
        .enumerate()
        .map(|(g, &(name, _, agent))| {
            let mut rng = SplitMix(JID_SEED ^ g as u64);
            DemoGroup {
                jid: format!("120363{:012}@g.us", rng.below(1_000_000_000_000)),
                name: name.to_string(),
                agent,
            }
        })
        .collect()
}

/// Where a demo message happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The one direct-message channel, answered by Lobo.
    Dm,
    /// A group, as an index into `groups()`.
    Group(usize),
}

/// One generated usage event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoEvent {
    /// Index into `AGENTS`.
    pub agent: usize,
    pub place: Place,
    pub model: &'static str,
    /// Seconds since the first local midnight of the window, in the tenant's zone; within
    /// `0..days * 86400`.
    pub offset_secs: i64,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub cache_read_tokens: i64,
    pub cache_write_tokens: i64,
    pub cost_micro_usd: i64,
}

/// Hourly weight profile used for the shape (24 values; peak at 21).
pub const HOURLY_WEIGHTS: [u32; 24] = [
    14, 7, 4, 2, 2, 3, 8, 22, 45, 70, 82, 85, // night, then the working morning
    60, 58, // lunch
    75, 80, 80, 76, 70, 78, 92, 110, 72, 36, // afternoon, and the evening peak at 21:00
];

/// Relative volume of each reference day; about $110 each.
const DAY_WEIGHTS: [u64; 5] = [97, 104, 99, 96, 104];

/// Micro-USD per million tokens, by class.
#[derive(Debug, Clone, Copy)]
struct Prices {
    input: i64,
    output: i64,
    cache_read: i64,
    cache_write: i64,
}

const OPUS: Prices = Prices {
    input: 5_000_000,
    output: 25_000_000,
    cache_read: 500_000,
    cache_write: 6_250_000,
};
const SONNET: Prices = Prices {
    input: 3_000_000,
    output: 15_000_000,
    cache_read: 300_000,
    cache_write: 3_750_000,
};
const HAIKU: Prices = Prices {
    input: 1_000_000,
    output: 5_000_000,
    cache_read: 100_000,
    cache_write: 1_250_000,
};
const BULK_PRICES: [Prices; 3] = [OPUS, SONNET, HAIKU];

fn cost(p: Prices, t: Tokens) -> i64 {
    (t.input * p.input
        + t.output * p.output
        + t.cache_read * p.cache_read
        + t.cache_write * p.cache_write)
        / 1_000_000
}

// The reference token figure counts input and output only, as the bot's sessions report them:
// 1,607,255 tokens would cost at most $40 even all at the output price, so the $549.92 is
// mostly prompt-cache traffic. Per message that is ~29 fresh input tokens, ~165 output tokens,
// ~39k cache-read tokens (the agent's context read back) and ~6.8k cache-write tokens (whole
// contexts rewritten when the five-minute cache has expired, small appends otherwise).
const REF_INPUT_TOKENS: i64 = 241_318;
const REF_OUTPUT_TOKENS: i64 = REFERENCE_TOKENS - REF_INPUT_TOKENS;
const REF_CACHE_WRITE_TOKENS: i64 = 56_473_212;
// Whatever cost the other classes leave is cache reads, so the total is exactly $549.92.
const REF_CACHE_READ_TOKENS: i64 = (REFERENCE_COST_MICRO_USD * 1_000_000
    - REF_INPUT_TOKENS * OPUS.input
    - REF_OUTPUT_TOKENS * OPUS.output
    - REF_CACHE_WRITE_TOKENS * OPUS.cache_write)
    / OPUS.cache_read;
// Cache reads come in steps of 10 tokens and writes in steps of 4, so every event's cost is a
// whole number of micro-USD at each model's prices: the sum is exact, and it agrees with the
// gateway's rounded-up cost.
const CACHE_READ_STEP: i64 = 10;
const CACHE_WRITE_STEP: i64 = 4;

/// About one call in four comes after the prompt cache expired and writes the context again.
const COLD_PER_MILLE: u64 = 250;

const REFERENCE_SEED: u64 = 0x564d_4465_636f_2025;

#[derive(Debug, Clone, Copy)]
struct Tokens {
    input: i64,
    output: i64,
    cache_read: i64,
    cache_write: i64,
}

fn draw(rng: &mut SplitMix) -> Tokens {
    let cold = rng.below(1000) < COLD_PER_MILLE;
    let input = 5 + rng.below(49);
    let output = 30 + rng.below(272);
    let (read_steps, write_steps) = if cold {
        (900 + rng.below(600), 4_500 + rng.below(4_000))
    } else {
        (3_600 + rng.below(2_400), 75 + rng.below(300))
    };
    Tokens {
        input: input as i64,
        output: output as i64,
        cache_read: read_steps as i64 * CACHE_READ_STEP,
        cache_write: write_steps as i64 * CACHE_WRITE_STEP,
    }
}

/// The reference five days, in time order: 8,254 events, exact totals described above.
pub fn reference_days() -> Vec<DemoEvent> {
    let mut rng = SplitMix(REFERENCE_SEED);

    // Counts per (day, hour) follow the weights exactly, so the shape never depends on luck.
    let cell_weights: Vec<u64> = (0..DAY_WEIGHTS.len() * 24)
        .map(|c| DAY_WEIGHTS[c / 24] * u64::from(HOURLY_WEIGHTS[c % 24]))
        .collect();
    let mut offsets = Vec::with_capacity(REFERENCE_EVENTS);
    for (cell, n) in apportion(REFERENCE_EVENTS as u64, &cell_weights)
        .into_iter()
        .enumerate()
    {
        for _ in 0..n {
            offsets.push(cell as i64 * 3600 + rng.below(3600) as i64);
        }
    }
    offsets.sort_unstable();

    // Every group gets at least one message; the rest follow the groups' activity.
    let group_events = REFERENCE_EVENTS - REFERENCE_DM_EVENTS;
    let group_weights: Vec<u64> = GROUP_TABLE.iter().map(|g| g.1).collect();
    let mut places = vec![Place::Dm; REFERENCE_DM_EVENTS];
    for (g, n) in apportion((group_events - GROUP_COUNT) as u64, &group_weights)
        .into_iter()
        .enumerate()
    {
        places.extend(std::iter::repeat_n(Place::Group(g), n as usize + 1));
    }
    shuffle(&mut places, &mut rng);

    let draws: Vec<Tokens> = (0..REFERENCE_EVENTS).map(|_| draw(&mut rng)).collect();
    let class = |total: i64, step: i64, f: fn(&Tokens) -> i64| -> Vec<i64> {
        let weights: Vec<u64> = draws.iter().map(|t| f(t) as u64).collect();
        apportion((total / step) as u64, &weights)
            .into_iter()
            .map(|n| n as i64 * step)
            .collect()
    };
    let input = class(REF_INPUT_TOKENS, 1, |t| t.input);
    let output = class(REF_OUTPUT_TOKENS, 1, |t| t.output);
    let cache_read = class(REF_CACHE_READ_TOKENS, CACHE_READ_STEP, |t| t.cache_read);
    let cache_write = class(REF_CACHE_WRITE_TOKENS, CACHE_WRITE_STEP, |t| t.cache_write);

    (0..REFERENCE_EVENTS)
        .map(|i| {
            let tokens = Tokens {
                input: input[i],
                output: output[i],
                cache_read: cache_read[i],
                cache_write: cache_write[i],
            };
            event(places[i], REFERENCE_MODEL, offsets[i], tokens, OPUS)
        })
        .collect()
}

fn event(place: Place, model: &'static str, offset_secs: i64, t: Tokens, p: Prices) -> DemoEvent {
    DemoEvent {
        agent: match place {
            Place::Dm => DM_AGENT,
            Place::Group(g) => GROUP_TABLE[g].2,
        },
        place,
        model,
        offset_secs,
        input_tokens: t.input,
        output_tokens: t.output,
        cache_read_tokens: t.cache_read,
        cache_write_tokens: t.cache_write,
        cost_micro_usd: cost(p, t),
    }
}

/// A lazily generated stream of `count` events spread evenly over `days` days (at least one),
/// in time order, with the reference's hourly shape and agent/place mix, cycling `BULK_MODELS`.
pub fn bulk(count: u64, days: u32, seed: u64) -> impl Iterator<Item = DemoEvent> {
    let mut hour_starts = [0u64; 25];
    for h in 0..24 {
        hour_starts[h + 1] = hour_starts[h] + u64::from(HOURLY_WEIGHTS[h]);
    }
    let mut group_ends = [0u64; GROUP_COUNT];
    let mut sum = 0;
    for (end, g) in group_ends.iter_mut().zip(GROUP_TABLE.iter()) {
        sum += g.1;
        *end = sum;
    }
    let mut it = Bulk {
        rng: SplitMix(seed),
        count,
        days: u64::from(days.max(1)),
        index: 0,
        day: 0,
        in_day: 0,
        day_len: 0,
        hour_starts,
        group_ends,
    };
    it.day_len = it.day_start(1);
    it
}

struct Bulk {
    rng: SplitMix,
    count: u64,
    days: u64,
    index: u64,
    day: u64,
    in_day: u64,
    day_len: u64,
    hour_starts: [u64; 25],
    group_ends: [u64; GROUP_COUNT],
}

impl Bulk {
    fn day_start(&self, day: u64) -> u64 {
        (u128::from(day) * u128::from(self.count) / u128::from(self.days)) as u64
    }

    /// Places the `in_day`-th of the day's events by the inverse of the hourly distribution, so
    /// each hour holds its share of the day exactly and the stream comes out sorted.
    fn second_of_day(&self) -> i64 {
        let total = u128::from(self.hour_starts[24]) * 3600;
        let at = (2 * u128::from(self.in_day) + 1) * total / (2 * u128::from(self.day_len));
        let mut h = 0;
        while u128::from(self.hour_starts[h + 1]) * 3600 <= at {
            h += 1;
        }
        let into_hour =
            (at - u128::from(self.hour_starts[h]) * 3600) / u128::from(HOURLY_WEIGHTS[h]);
        (h as u128 * 3600 + into_hour) as i64
    }
}

impl Iterator for Bulk {
    type Item = DemoEvent;

    fn next(&mut self) -> Option<DemoEvent> {
        if self.index >= self.count {
            return None;
        }
        while self.in_day >= self.day_len {
            self.day += 1;
            self.in_day = 0;
            self.day_len = self.day_start(self.day + 1) - self.day_start(self.day);
        }
        let offset = self.day as i64 * 86_400 + self.second_of_day();

        let place = if self.rng.below(REFERENCE_EVENTS as u64) < REFERENCE_DM_EVENTS as u64 {
            Place::Dm
        } else {
            let r = self.rng.below(self.group_ends[GROUP_COUNT - 1]);
            Place::Group(self.group_ends.iter().position(|&end| r < end).unwrap_or(0))
        };
        let m = (self.index % BULK_MODELS.len() as u64) as usize;
        let tokens = draw(&mut self.rng);

        self.in_day += 1;
        self.index += 1;
        Some(event(place, BULK_MODELS[m], offset, tokens, BULK_PRICES[m]))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.count - self.index).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

/// Splits `total` in proportion to `weights` (largest remainders, ties to the earlier index),
/// so shares always add up to `total` exactly.
fn apportion(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    if sum == 0 {
        return apportion(total, &vec![1; weights.len()]);
    }
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, &w) in weights.iter().enumerate() {
        let exact = u128::from(total) * u128::from(w);
        shares.push((exact / sum) as u64);
        remainders.push((exact % sum, i));
    }
    let left = total - shares.iter().sum::<u64>();
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(left as usize) {
        shares[i] += 1;
    }
    shares
}

fn shuffle<T>(items: &mut [T], rng: &mut SplitMix) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// SplitMix64: tiny, fast and the same on every target.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` for `n > 0`.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
