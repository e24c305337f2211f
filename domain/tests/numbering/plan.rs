//! Builds `domain/src/numbering.bin` from libphonenumber's metadata (the
//! `phonenumber` crate's): per calling code, a tree over the digits of the
//! national number whose every node says what that number would be, as
//! libphonenumber tells it. The tree is the product of the metadata's
//! patterns (each a DFA, `regex-automata`), walked digit by digit, with
//! equal subtrees shared.
//!
//! What libphonenumber does, and so what this follows (phonenumber
//! 0.3.10, `validator.rs`):
//! - a pattern (a "descriptor") takes a number when a prefix of it matches
//!   (`find` starting at 0) and, where the descriptor lists lengths, the
//!   number has one of them;
//! - the region of a calling code shared by several is the first, in the
//!   metadata's order, whose leading digits match a prefix or, without
//!   leading digits, whose patterns give the number a type;
//! - the type: none without the general pattern; premium rate, toll free,
//!   shared cost, VoIP, personal, pager, UAN and voicemail before fixed
//!   line; fixed line and mobile (or the same pattern for both) is "fixed
//!   line or mobile".
//!
//! The format is read by `domain::numbering`, which documents it.

use std::collections::HashMap;

use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use regex_automata::Anchored;
use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::{start, syntax};

/// The most digits of an E.164 number, calling code included.
const E164_DIGITS: usize = 15;

/// A line as the policy sees it (`domain::LineType`'s order in the file).
const MOBILE: u16 = 1;
const MOBILE_OR_FIXED: u16 = 2;
const OTHER: u16 = 3;

struct Pattern {
    dfa: dense::DFA<Vec<u32>>,
    lengths: Vec<u16>,
}

fn dfa(pattern: &str) -> dense::DFA<Vec<u32>> {
    dense::Builder::new()
        // libphonenumber's patterns are written with spaces and `\d` for an
        // ASCII digit, and are matched from the number's first digit.
        .syntax(syntax::Config::new().unicode(false).utf8(false).ignore_whitespace(true))
        .configure(dense::Config::new().start_kind(StartKind::Anchored))
        .build(pattern)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
}

/// The patterns of one region, as indexes into the code's patterns.
struct Region {
    /// Its ISO 3166 code, or None for a non-geographic one ("001").
    id: Option<String>,
    leading: Option<usize>,
    general: usize,
    /// Premium rate, toll free, shared cost, VoIP, personal, pager, UAN,
    /// voicemail: any of them makes the line "other".
    before_fixed: Vec<usize>,
    fixed: Option<usize>,
    mobile: Option<usize>,
    /// Fixed line and mobile share one pattern.
    same_fixed_and_mobile: bool,
}

struct Code {
    patterns: Vec<Pattern>,
    regions: Vec<Region>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Type {
    Unknown,
    Other,
    Fixed,
    Mobile,
    MobileOrFixed,
}

fn push(patterns: &mut Vec<Pattern>, d: &Descriptor) -> usize {
    patterns.push(Pattern {
        dfa: dfa(d.national_number().as_str()),
        lengths: d.possible_length().to_vec(),
    });
    patterns.len() - 1
}

fn metadata(code: u16, region: &str) -> &'static Metadata {
    if region == "001" {
        DATABASE.by_code(&code).unwrap()[0]
    } else {
        DATABASE.by_id(region).unwrap()
    }
}

impl Code {
    fn new(code: u16) -> Self {
        let mut patterns = Vec::new();
        let mut regions = Vec::new();
        for id in DATABASE.region(&code).unwrap() {
            let meta = metadata(code, id);
            let d = meta.descriptors();
            let general = push(&mut patterns, d.general());
            let before_fixed = [
                d.premium_rate(),
                d.toll_free(),
                d.shared_cost(),
                d.voip(),
                d.personal_number(),
                d.pager(),
                d.uan(),
                d.voicemail(),
            ]
            .into_iter()
            .flatten()
            .map(|d| push(&mut patterns, d))
            .collect();
            let fixed = d.fixed_line().map(|d| push(&mut patterns, d));
            let mobile = d.mobile().map(|d| push(&mut patterns, d));
            let same_fixed_and_mobile = matches!(
                (d.fixed_line(), d.mobile()),
                (Some(f), Some(m)) if f.national_number().as_str() == m.national_number().as_str()
            );
            let leading = meta.leading_digits().map(|l| {
                patterns.push(Pattern {
                    dfa: dfa(l.as_str()),
                    lengths: Vec::new(),
                });
                patterns.len() - 1
            });
            regions.push(Region {
                id: (id != "001").then(|| id.to_owned()),
                leading,
                general,
                before_fixed,
                fixed,
                mobile,
                same_fixed_and_mobile,
            });
        }
        Self { patterns, regions }
    }

    fn number_type(&self, r: &Region, matched: &[bool], len: usize) -> Type {
        let is = |i: usize| {
            let lengths = &self.patterns[i].lengths;
            matched[i] && (lengths.is_empty() || lengths.contains(&(len as u16)))
        };
        if !is(r.general) {
            return Type::Unknown;
        }
        if r.before_fixed.iter().any(|&i| is(i)) {
            return Type::Other;
        }
        let mobile = r.mobile.is_some_and(is);
        if r.fixed.is_some_and(is) {
            return if r.same_fixed_and_mobile || mobile {
                Type::MobileOrFixed
            } else {
                Type::Fixed
            };
        }
        if mobile { Type::Mobile } else { Type::Unknown }
    }

    /// The region libphonenumber takes the number to be of.
    fn region(&self, matched: &[bool], len: usize) -> Option<&Region> {
        if self.regions.len() == 1 {
            return self.regions.first();
        }
        self.regions.iter().find(|r| match r.leading {
            Some(i) => matched[i],
            None => self.number_type(r, matched, len) != Type::Unknown,
        })
    }
}

/// Every region's id, index 0 for none.
pub struct Regions(pub Vec<Option<String>>);

impl Regions {
    fn index(&mut self, id: &Option<String>) -> u16 {
        if id.is_none() {
            return 0;
        }
        match self.0.iter().position(|r| r == id) {
            Some(i) => i as u16,
            None => {
                self.0.push(id.clone());
                (self.0.len() - 1) as u16
            }
        }
    }
}

/// A node's word for a number that ends at it: bit 15 set when valid,
/// bits 8-9 the line, bits 0-7 the region.
fn class(code: &Code, regions: &mut Regions, matched: &[bool], len: usize) -> u16 {
    let Some(region) = code.region(matched, len) else {
        return OTHER << 8;
    };
    let kind = code.number_type(region, matched, len);
    let valid = if kind == Type::Unknown { 0 } else { 1 << 15 };
    let line = match kind {
        Type::Mobile => MOBILE,
        Type::MobileOrFixed => MOBILE_OR_FIXED,
        _ => OTHER,
    };
    let index = regions.index(&region.id);
    assert!(index < 256, "more than 255 regions");
    valid | (line << 8) | index
}

/// The tree being built: nodes by content, so that equal subtrees are one.
pub struct Tree {
    /// Node 0 is "no pattern can match any more": every number below it is
    /// invalid (its region, for a calling code of one region, is that one).
    pub nodes: Vec<(u16, [u32; 10])>,
    interned: HashMap<(u16, [u32; 10]), u32>,
    pub regions: Regions,
    /// By calling code: its root and the region of its dead end.
    pub codes: Vec<(u16, u32, u16)>,
}

impl Tree {
    fn intern(&mut self, node: (u16, [u32; 10])) -> u32 {
        if let Some(&id) = self.interned.get(&node) {
            return id;
        }
        self.nodes.push(node);
        let id = (self.nodes.len() - 1) as u32;
        self.interned.insert(node, id);
        id
    }
}

struct Walk<'a> {
    code: &'a Code,
    max_len: usize,
    memo: HashMap<(usize, Vec<StateID>, Vec<bool>), u32>,
}

impl Walk<'_> {
    fn node(&mut self, tree: &mut Tree, depth: usize, states: Vec<StateID>, matched: Vec<bool>) -> u32 {
        let key = (depth, states, matched);
        if let Some(&id) = self.memo.get(&key) {
            return id;
        }
        let (_, states, matched) = &key;
        let here = class(self.code, &mut tree.regions, matched, depth);
        let mut children = [0u32; 10];
        if depth < self.max_len {
            for (digit, child) in children.iter_mut().enumerate() {
                let byte = b'0' + digit as u8;
                let mut next = Vec::with_capacity(states.len());
                let mut now = matched.clone();
                let mut alive = false;
                for (i, p) in self.code.patterns.iter().enumerate() {
                    let s = p.dfa.next_state(states[i], byte);
                    if p.dfa.is_match_state(p.dfa.next_eoi_state(s)) {
                        now[i] = true;
                    }
                    alive |= !p.dfa.is_dead_state(s);
                    next.push(s);
                }
                if alive || now.iter().any(|m| *m) {
                    *child = self.node(tree, depth + 1, next, now);
                }
            }
        }
        let id = tree.intern((here, children));
        self.memo.insert(key, id);
        id
    }
}

/// The whole table, from libphonenumber's metadata.
pub fn build() -> Tree {
    let mut tree = Tree {
        nodes: Vec::new(),
        interned: HashMap::new(),
        regions: Regions(vec![None]),
        codes: Vec::new(),
    };
    // The dead end: invalid, nothing below.
    tree.intern((OTHER << 8, [0; 10]));
    for value in 1..1000u16 {
        if DATABASE.region(&value).is_none() {
            continue;
        }
        let code = Code::new(value);
        let starts: Vec<StateID> = code
            .patterns
            .iter()
            .map(|p| {
                p.dfa
                    .start_state(&start::Config::new().anchored(Anchored::Yes))
                    .unwrap()
            })
            .collect();
        let matched = vec![false; code.patterns.len()];
        let max_len = E164_DIGITS - value.to_string().len();
        let mut walk = Walk {
            code: &code,
            max_len,
            memo: HashMap::new(),
        };
        let root = walk.node(&mut tree, 0, starts, matched);
        let dead_region = match code.regions.as_slice() {
            [only] => tree.regions.index(&only.id),
            _ => 0,
        };
        tree.codes.push((value, root, dead_region));
    }
    tree
}

/// The table as `domain::numbering` reads it.
pub fn encode(tree: &Tree) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"NUMB");
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&(tree.regions.0.len() as u32).to_le_bytes());
    for id in &tree.regions.0 {
        out.extend_from_slice(id.as_deref().unwrap_or("--").as_bytes());
    }
    let mut by_code = vec![(0u32, 0u16); 1000];
    for &(code, root, dead) in &tree.codes {
        by_code[code as usize] = (root, dead);
    }
    for (root, dead) in by_code {
        out.extend_from_slice(&(root as u16).to_le_bytes());
        out.extend_from_slice(&dead.to_le_bytes());
    }
    assert!(
        tree.nodes.len() <= usize::from(u16::MAX),
        "a node's number no longer fits two bytes"
    );
    out.extend_from_slice(&(tree.nodes.len() as u32).to_le_bytes());
    for (class, children) in &tree.nodes {
        out.extend_from_slice(&class.to_le_bytes());
        for child in children {
            out.extend_from_slice(&(*child as u16).to_le_bytes());
        }
    }
    out
}
