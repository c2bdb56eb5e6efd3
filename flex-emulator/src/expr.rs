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
    /// `a and b`.
    And(Box<Expr>, Box<Expr>),
    /// `a or b`.
    Or(Box<Expr>, Box<Expr>),
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

impl Expr {
    /// Parses an expression; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Expr, String> {
        let tokens = lex(text)?;
        let mut parser = Parser { tokens, pos: 0 };
        let expr = parser.or()?;
        if parser.pos != parser.tokens.len() {
            return Err(format!(
                "unexpected '{}' in expression",
                parser.tokens[parser.pos].text()
            ));
        }
        Ok(expr)
    }

    /// Evaluates against the scope.
    pub fn eval(&self, scope: &Scope<'_>) -> bool {
        match self {
            Expr::And(a, b) => a.eval(scope) && b.eval(scope),
            Expr::Or(a, b) => a.eval(scope) || b.eval(scope),
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
                let (mut node, rest) = match (path[0].as_str(), scope.task, scope.worker) {
                    ("task", Some(task), _) if path.len() > 1 => (task, &path[1..]),
                    ("worker", _, Some(worker)) if path.len() > 1 => (worker, &path[1..]),
                    _ => (scope.root, &path[..]),
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
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == ',' {
            i += 1;
        } else if c == '\'' || c == '"' {
            let end = chars[i + 1..]
                .iter()
                .position(|&x| x == c)
                .ok_or("unterminated string")?;
            tokens.push(Token::Str(chars[i + 1..i + 1 + end].iter().collect()));
            i += end + 2;
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            tokens.push(Token::Num(
                s.parse().map_err(|_| format!("bad number '{s}'"))?,
            ));
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '.' | '-'))
            {
                i += 1;
            }
            tokens.push(Token::Word(chars[start..i].iter().collect()));
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let sym = SYMBOLS
                .iter()
                .find(|s| rest.starts_with(**s))
                .ok_or(format!("unexpected '{c}'"))?;
            tokens.push(Token::Sym(sym));
            i += sym.len();
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Result<Token, String> {
        let token = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or("unexpected end of expression")?;
        self.pos += 1;
        Ok(token)
    }

    fn eat(&mut self, test: impl Fn(&Token) -> bool) -> bool {
        if self.peek().is_some_and(test) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.eat(|t| t.is_word("or") || *t == Token::Sym("||")) {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while self.eat(|t| t.is_word("and") || *t == Token::Sym("&&")) {
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat(|t| t.is_word("not") || *t == Token::Sym("!")) {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat(|t| *t == Token::Sym("(")) {
            let inner = self.or()?;
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
                        .get(self.pos + 1)
                        .is_some_and(|n| n.is_word("in")) =>
            {
                self.pos += 1;
                Op::NotIn
            }
            _ => return Ok(Expr::Truthy(left)),
        };
        self.pos += 1;
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
            Token::Sym("[") => {
                let mut items = Vec::new();
                while !self.eat(|t| *t == Token::Sym("]")) {
                    match self.operand()? {
                        Operand::Literal(v) => items.push(v),
                        Operand::Path(p) => items.push(Value::String(p.join("."))),
                    }
                }
                Operand::Literal(Value::Array(items))
            }
            other => return Err(format!("unexpected '{}' in expression", other.text())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
