//! TaskRouter expressions (`1==1`, `skills HAS 'x'`, `'x' IN langs`, `a == 'b' and c != 1`, …)
//! parsed once and evaluated against JSON attributes.

use serde_json::Value;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `left OP right`.
    Compare(Operand, Op, Operand),
    /// A bare operand, true when truthy.
    Truthy(Operand),
    /// `a and b and …` (kept flat: a long chain is no deeper than one term).
    And(Vec<Expr>),
    /// `a or b or …`.
    Or(Vec<Expr>),
    /// `not a` / `!a`.
    Not(Box<Expr>),
}

/// A literal or an attribute path.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A literal value (number, string, boolean, list).
    Literal(Value),
    /// A dotted attribute path, e.g. `task.language` or `skills`.
    Path(Vec<String>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `==` or `=`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `HAS`: the left list contains the right value.
    Has,
    /// `IN`: the left value is in the right list.
    In,
    /// `NOT IN`.
    NotIn,
    /// `CONTAINS`: the left string contains the right one.
    Contains,
}

/// Where paths are resolved: the default root, plus the `task` and `worker` prefixes.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// Attributes an unprefixed path reads.
    pub root: &'a Value,
    /// Attributes a `task.` path reads.
    pub task: Option<&'a Value>,
    /// Attributes a `worker.` path reads.
    pub worker: Option<&'a Value>,
}

/// The longest expression accepted, in bytes.
pub const MAX_EXPRESSION_BYTES: usize = 16 * 1024;

/// The deepest nesting accepted: parentheses, `not`/`!` and list brackets, together.
pub const MAX_EXPRESSION_DEPTH: usize = 64;

impl Expr {
    /// Parses an expression; the error says what is wrong. Expressions longer than
    /// [`MAX_EXPRESSION_BYTES`] or nested deeper than [`MAX_EXPRESSION_DEPTH`] are refused,
    /// so parsing, evaluating and dropping never recurse deeper than that.
    pub fn parse(text: &str) -> Result<Expr, String> {
        if text.len() > MAX_EXPRESSION_BYTES {
            return Err(format!(
                "expression longer than {MAX_EXPRESSION_BYTES} bytes"
            ));
        }
        let tokens = lex(text)?;
        let mut parser = Parser {
            tokens,
            pos: 0,
            depth: 0,
        };
        let expr = parser.or()?;
        if let Some(extra) = parser.peek() {
            return Err(format!("unexpected '{}' in expression", extra.text()));
        }
        Ok(expr)
    }

    /// Evaluates against the scope.
    pub fn eval(&self, scope: &Scope<'_>) -> bool {
        match self {
            Expr::And(terms) => terms.iter().all(|t| t.eval(scope)),
            Expr::Or(terms) => terms.iter().any(|t| t.eval(scope)),
            Expr::Not(a) => !a.eval(scope),
            Expr::Truthy(o) => truthy(&o.resolve(scope)),
            Expr::Compare(l, op, r) => compare(&l.resolve(scope), *op, &r.resolve(scope)),
        }
    }
}

/// Parses and evaluates in one go; a malformed expression is false.
pub fn matches(text: &str, scope: &Scope<'_>) -> bool {
    Expr::parse(text).map(|e| e.eval(scope)).unwrap_or(false)
}

impl Operand {
    fn resolve(&self, scope: &Scope<'_>) -> Value {
        match self {
            Operand::Literal(v) => v.clone(),
            Operand::Path(path) => {
                let (mut node, rest) = match (path.split_first(), scope.task, scope.worker) {
                    (Some((first, rest)), Some(task), _) if first == "task" && !rest.is_empty() => {
                        (task, rest)
                    }
                    (Some((first, rest)), _, Some(worker))
                        if first == "worker" && !rest.is_empty() =>
                    {
                        (worker, rest)
                    }
                    _ => (scope.root, path.as_slice()),
                };
                for key in rest {
                    match node.get(key) {
                        Some(next) => node = next,
                        None => return Value::Null,
                    }
                }
                node.clone()
            }
        }
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(_) => true,
    }
}

fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(s), Value::Number(n)) | (Value::Number(n), Value::String(s)) => {
            s.parse::<f64>().ok() == n.as_f64()
        }
        _ => a == b,
    }
}

fn list_has(list: &Value, item: &Value) -> bool {
    match list {
        Value::Array(items) => items.iter().any(|x| loose_eq(x, item)),
        other => loose_eq(other, item),
    }
}

fn compare(l: &Value, op: Op, r: &Value) -> bool {
    let ordered = |f: fn(std::cmp::Ordering) -> bool| match (l, r) {
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .zip(b.as_f64())
            .and_then(|(a, b)| a.partial_cmp(&b))
            .is_some_and(f),
        (Value::String(a), Value::String(b)) => f(a.cmp(b)),
        _ => false,
    };
    match op {
        Op::Eq => loose_eq(l, r),
        Op::Ne => !loose_eq(l, r),
        Op::Lt => ordered(|o| o.is_lt()),
        Op::Le => ordered(|o| o.is_le()),
        Op::Gt => ordered(|o| o.is_gt()),
        Op::Ge => ordered(|o| o.is_ge()),
        Op::Has => list_has(l, r),
        Op::In => list_has(r, l),
        Op::NotIn => !list_has(r, l),
        Op::Contains => match (l, r) {
            (Value::String(a), Value::String(b)) => a.contains(b.as_str()),
            _ => list_has(l, r),
        },
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Num(f64),
    Sym(&'static str),
}

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Word(w) => w.clone(),
            Token::Str(s) => format!("'{s}'"),
            Token::Num(n) => n.to_string(),
            Token::Sym(s) => (*s).to_string(),
        }
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self, Token::Word(w) if w.eq_ignore_ascii_case(word))
    }
}

const SYMBOLS: [&str; 14] = [
    "==", "!=", "<=", ">=", "&&", "||", "=", "<", ">", "!", "(", ")", "[", "]",
];

fn lex(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let slice = |from: usize, to: usize| -> String {
        chars.get(from..to).unwrap_or_default().iter().collect()
    };
    let mut tokens = Vec::new();
    let mut i = 0usize;
    while let Some(c) = at(i) {
        let next = i.saturating_add(1);
        if c.is_whitespace() || c == ',' {
            i = next;
        } else if c == '\'' || c == '"' {
            let end = chars
                .get(next..)
                .unwrap_or_default()
                .iter()
                .position(|&x| x == c)
                .ok_or("unterminated string")?;
            let close = next.saturating_add(end);
            tokens.push(Token::Str(slice(next, close)));
            i = close.saturating_add(1);
        } else if c.is_ascii_digit() || (c == '-' && at(next).is_some_and(|d| d.is_ascii_digit())) {
            let start = i;
            i = next;
            while at(i).is_some_and(|d| d.is_ascii_digit() || d == '.') {
                i = i.saturating_add(1);
            }
            let s = slice(start, i);
            tokens.push(Token::Num(
                s.parse().map_err(|_| format!("bad number '{s}'"))?,
            ));
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while at(i).is_some_and(|d| d.is_alphanumeric() || matches!(d, '_' | '.' | '-')) {
                i = i.saturating_add(1);
            }
            tokens.push(Token::Word(slice(start, i)));
        } else {
            let rest = slice(i, chars.len().min(i.saturating_add(2)));
            let sym = SYMBOLS
                .iter()
                .find(|s| rest.starts_with(**s))
                .ok_or(format!("unexpected '{c}'"))?;
            tokens.push(Token::Sym(sym));
            i = i.saturating_add(sym.len());
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Open parentheses, negations and list brackets around the current token.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn advance(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    fn next(&mut self) -> Result<Token, String> {
        let token = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or("unexpected end of expression")?;
        self.advance();
        Ok(token)
    }

    fn eat(&mut self, test: impl Fn(&Token) -> bool) -> bool {
        if self.peek().is_some_and(test) {
            self.advance();
            true
        } else {
            false
        }
    }

    /// Runs `f` one nesting level deeper, refusing to go past `MAX_EXPRESSION_DEPTH`.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, String>) -> Result<T, String> {
        if self.depth >= MAX_EXPRESSION_DEPTH {
            return Err(format!(
                "expression nested deeper than {MAX_EXPRESSION_DEPTH} levels"
            ));
        }
        self.depth = self.depth.saturating_add(1);
        let result = f(self);
        self.depth = self.depth.saturating_sub(1);
        result
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut terms = vec![self.and()?];
        while self.eat(|t| t.is_word("or") || *t == Token::Sym("||")) {
            terms.push(self.and()?);
        }
        Ok(flatten(terms, Expr::Or))
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut terms = vec![self.unary()?];
        while self.eat(|t| t.is_word("and") || *t == Token::Sym("&&")) {
            terms.push(self.unary()?);
        }
        Ok(flatten(terms, Expr::And))
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat(|t| t.is_word("not") || *t == Token::Sym("!")) {
            return self.nested(|p| Ok(Expr::Not(Box::new(p.unary()?))));
        }
        if self.eat(|t| *t == Token::Sym("(")) {
            let inner = self.nested(Self::or)?;
            if !self.eat(|t| *t == Token::Sym(")")) {
                return Err("missing ')'".into());
            }
            return Ok(inner);
        }
        let left = self.operand()?;
        let op = match self.peek() {
            Some(Token::Sym("==")) | Some(Token::Sym("=")) => Op::Eq,
            Some(Token::Sym("!=")) => Op::Ne,
            Some(Token::Sym("<")) => Op::Lt,
            Some(Token::Sym("<=")) => Op::Le,
            Some(Token::Sym(">")) => Op::Gt,
            Some(Token::Sym(">=")) => Op::Ge,
            Some(t) if t.is_word("has") => Op::Has,
            Some(t) if t.is_word("in") => Op::In,
            Some(t) if t.is_word("contains") => Op::Contains,
            Some(t)
                if t.is_word("not")
                    && self
                        .tokens
                        .get(self.pos.saturating_add(1))
                        .is_some_and(|n| n.is_word("in")) =>
            {
                self.advance();
                Op::NotIn
            }
            _ => return Ok(Expr::Truthy(left)),
        };
        self.advance();
        Ok(Expr::Compare(left, op, self.operand()?))
    }

    fn operand(&mut self) -> Result<Operand, String> {
        Ok(match self.next()? {
            Token::Num(n) => Operand::Literal(serde_json::json!(n)),
            Token::Str(s) => Operand::Literal(Value::String(s)),
            Token::Word(w) if w.eq_ignore_ascii_case("true") => Operand::Literal(Value::Bool(true)),
            Token::Word(w) if w.eq_ignore_ascii_case("false") => {
                Operand::Literal(Value::Bool(false))
            }
            Token::Word(w) if w.eq_ignore_ascii_case("null") => Operand::Literal(Value::Null),
            Token::Word(w) => Operand::Path(w.split('.').map(str::to_owned).collect()),
            Token::Sym("[") => self.nested(|p| {
                let mut items = Vec::new();
                while !p.eat(|t| *t == Token::Sym("]")) {
                    match p.operand()? {
                        Operand::Literal(v) => items.push(v),
                        Operand::Path(path) => items.push(Value::String(path.join("."))),
                    }
                }
                Ok(Operand::Literal(Value::Array(items)))
            })?,
            other => return Err(format!("unexpected '{}' in expression", other.text())),
        })
    }
}

/// One term as is, several under `join`.
fn flatten(mut terms: Vec<Expr>, join: fn(Vec<Expr>) -> Expr) -> Expr {
    match terms.pop() {
        Some(only) if terms.is_empty() => only,
        Some(last) => {
            terms.push(last);
            join(terms)
        }
        None => join(terms),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn limits() {
        let deep = format!("{}1==1{}", "(".repeat(50_000), ")".repeat(50_000));
        assert!(Expr::parse(&deep).unwrap_err().contains("bytes"));
        let deep = format!("{}1==1{}", "(".repeat(5_000), ")".repeat(5_000));
        assert!(Expr::parse(&deep).unwrap_err().contains("nested"));
        let deep = format!("{}1==1{}", "(".repeat(64), ")".repeat(64));
        assert!(Expr::parse(&deep).is_ok());
        let nots = format!("{}1==1", "!".repeat(10_000));
        assert!(Expr::parse(&nots).is_err());
        let lists = format!("a IN {}", "[".repeat(10_000));
        assert!(Expr::parse(&lists).is_err());
        let chain = vec!["1==1"; 1_500].join(" and ");
        assert!(eval(&chain, json!({})));
    }

    fn eval(text: &str, attrs: Value) -> bool {
        Expr::parse(text).unwrap().eval(&Scope {
            root: &attrs,
            task: None,
            worker: None,
        })
    }

    #[test]
    fn supported_forms() {
        let w = json!({"skills": ["support", "sales"], "level": 3, "lang": "en", "team": {"name": "a"}});
        assert!(eval("1==1", w.clone()));
        assert!(eval("skills HAS 'sales'", w.clone()));
        assert!(!eval("skills HAS 'billing'", w.clone()));
        assert!(eval("'support' IN skills", w.clone()));
        assert!(eval("lang == 'en' and level >= 3", w.clone()));
        assert!(eval("lang == 'fr' or team.name == \"a\"", w.clone()));
        assert!(eval("lang IN ['en', 'de']", w.clone()));
        assert!(eval("lang NOT IN ['fr']", w.clone()));
        assert!(eval(
            "(level > 5 OR level < 4) AND NOT lang == 'fr'",
            w.clone()
        ));
        assert!(!eval("missing == 'x'", w));
    }

    #[test]
    fn task_prefix_and_errors() {
        let worker = json!({"lang": "en"});
        let task = json!({"lang": "en"});
        let scope = Scope {
            root: &worker,
            task: Some(&task),
            worker: Some(&worker),
        };
        assert!(Expr::parse("task.lang == worker.lang")
            .unwrap()
            .eval(&scope));
        assert!(Expr::parse("a == ").is_err());
        assert!(Expr::parse("a == 'x").is_err());
        assert!(Expr::parse("(a == 1").is_err());
        assert!(Expr::parse("a == 1 )").is_err());
    }
}
